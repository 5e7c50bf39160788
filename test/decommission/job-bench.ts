// The decommission job's test bench: adopted clusters deployed through real program runs under
// mocks (the job's decisions do not depend on what a cluster runs), recording fakes for the
// clusters' APIs, and a real file lock.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { fileLock } from "../../src/decommission/file-lock.ts";
import { runDecommission, type JobOutcome } from "../../src/decommission/job.ts";
import type { CleanerFactory, Lock, StackPort } from "../../src/decommission/ports.ts";
import { baseFleet } from "../fixtures/fleets.ts";
import { mockedStack, type MockedStack } from "../fixtures/mocked-stack.ts";

export const BEFORE = new Date("2026-11-21T00:00:00Z");
export const AFTER = new Date("2026-12-02T00:00:00Z");

/** A kubeconfig whose current context is the first name; every name is a cluster at https://<name>.example:6443. */
export const kubeconfig = (...names: string[]) =>
  stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": names[0],
    contexts: names.map((name) => ({ name, context: { cluster: name, user: "u" } })),
    clusters: names.map((name) => ({ name, cluster: { server: `https://${name}.example:6443` } })),
    users: [{ name: "u", user: { token: "t" } }],
  });

export type Lifecycle = { state: "active" | "draining" | "retired"; decommissionAfter?: string };

const net = {
  keep: { cidr: "192.168.32.0/20", podCidr: "192.168.128.0/18", serviceCidr: "192.168.48.0/22" },
  old: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" },
  later: { cidr: "192.168.192.0/20", podCidr: "192.168.224.0/19", serviceCidr: "192.168.52.0/22" },
};

/**
 * Adopted clusters and nothing else: `keep` (active), `old` with the given lifecycle, and, when
 * given, `later` (e.g. retired with a later date). `oldContext` sets old's existing.context.
 */
export function fleet(old: Lifecycle, o: { later?: Lifecycle; oldContext?: string } = {}) {
  const spec = baseFleet();
  spec.defaults = { kubernetesVersion: "1.35", observability: { metrics: false, logs: false } };
  const adopted = (name: keyof typeof net, lifecycle?: Lifecycle, existing?: { context: string }) => ({
    name,
    provider: "existing" as const,
    region: "fra-dc1",
    jurisdiction: "eu",
    environment: "prod" as const,
    network: net[name],
    ...(lifecycle ? { lifecycle } : {}),
    ...(existing ? { existing } : {}),
  });
  spec.clusters = [adopted("keep"), adopted("old", old, o.oldContext ? { context: o.oldContext } : undefined), ...(o.later ? [adopted("later", o.later)] : [])];
  return spec;
}

export interface History {
  readonly old: Lifecycle;
  readonly later?: Lifecycle;
  readonly at: Date;
}

export async function deployed(history: History[], o: { kubeconfigs?: Record<string, string>; oldContext?: string } = {}): Promise<MockedStack> {
  const stack = mockedStack("prod", {
    "clusterfleet:kubeconfig-old": kubeconfig("old"),
    "clusterfleet:kubeconfig-keep": kubeconfig("keep"),
    "clusterfleet:kubeconfig-later": kubeconfig("later"),
    ...Object.fromEntries(Object.entries(o.kubeconfigs ?? {}).map(([k, v]) => [`clusterfleet:kubeconfig-${k}`, v])),
  });
  for (const { at, old, later } of history) {
    stack.setFleet(fleet(old, { ...(later ? { later } : {}), ...(o.oldContext ? { oldContext: o.oldContext } : {}) }));
    await stack.deploy({ "clusterfleet:now": at.toISOString() });
  }
  return stack;
}

export interface Recorder {
  readonly calls: string[];
  /** The API servers of every context of each kubeconfig a cleaner was made with. */
  readonly servers: string[][];
  readonly factory: CleanerFactory;
}

export function cleaners(behaviour: { remaining?: string[]; blocked?: string[] } = {}): Recorder {
  const calls: string[] = [];
  const servers: string[][] = [];
  return {
    calls,
    servers,
    factory: (cluster, config) => {
      const doc = parse(config) as { clusters: { cluster: { server: string } }[] };
      const reached = doc.clusters.map((c) => c.cluster.server);
      servers.push(reached);
      const own = reached.length === 1 && reached[0] === `https://${cluster}.example:6443`;
      return {
        async drainNodes() {
          calls.push(`drain ${cluster} ${own ? "(own kubeconfig)" : "(WRONG kubeconfig)"}`);
          return { evicted: 3, blocked: behaviour.blocked ?? [] };
        },
        async removeExternalResources() {
          calls.push(`cleanup ${cluster}`);
          return { removed: ["Service default/web"], remaining: behaviour.remaining ?? [] };
        },
      };
    },
  };
}

export const lockDir = () => mkdtempSync(join(tmpdir(), "clusterfleet-lock-"));

export interface JobRun {
  mode: "dry-run" | "yes";
  now?: Date;
  clock?: () => Date;
  runId?: string;
  force?: boolean;
  rec?: Recorder;
  lock?: Lock;
}

export async function job(stack: StackPort, o: JobRun): Promise<{ outcome: JobOutcome; out: string; rec: Recorder }> {
  const rec = o.rec ?? cleaners();
  const lines: string[] = [];
  const outcome = await runDecommission({
    stack,
    cleaners: rec.factory,
    lock: o.lock ?? fileLock(join(lockDir(), "job.lock")),
    now: o.now ?? AFTER,
    mode: o.mode,
    force: o.force ?? false,
    timeoutSeconds: 5,
    out: (l) => lines.push(l),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.runId ? { runId: o.runId } : {}),
  });
  return { outcome, out: lines.join("\n"), rec };
}

export const drainedThenRetired = () =>
  deployed([
    { old: { state: "active" }, at: BEFORE },
    { old: { state: "retired", decommissionAfter: "2026-12-01" }, at: BEFORE },
  ]);

/** The clusters the stack's last deployment left (its `observed` output). */
export async function deployedClusters(stack: StackPort): Promise<string[]> {
  const observed = (await stack.outputs())["observed"] as { clusters: Record<string, unknown> };
  return Object.keys(observed.clusters).sort();
}

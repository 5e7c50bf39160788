// The decommission job end to end against a stack whose updates are real program runs under
// mocks, with recording fakes for the clusters' APIs and a real file lock.
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { fileLock } from "../../src/decommission/file-lock.ts";
import { runDecommission, type JobOutcome } from "../../src/decommission/job.ts";
import type { CleanerFactory, Lock } from "../../src/decommission/ports.ts";
import { baseFleet } from "../fixtures/fleets.ts";
import { mockedStack, type MockedStack } from "../fixtures/mocked-stack.ts";

const BEFORE = new Date("2026-11-21T00:00:00Z");
const AFTER = new Date("2026-12-02T00:00:00Z");
const kubeconfig = (name: string) =>
  stringify({ apiVersion: "v1", kind: "Config", "current-context": name, contexts: [{ name, context: { cluster: name, user: "u" } }], clusters: [{ name, cluster: { server: `https://${name}.example:6443` } }], users: [{ name: "u", user: { token: "t" } }] });

/** Two adopted clusters and nothing else: the job's decisions do not depend on what a cluster runs. */
function fleet(old: { state: "active" | "draining" | "retired"; decommissionAfter?: string }) {
  const spec = baseFleet();
  spec.defaults = { kubernetesVersion: "1.35", observability: { metrics: false, logs: false } };
  spec.clusters = [
    { name: "keep", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod", network: { cidr: "192.168.32.0/20", podCidr: "192.168.128.0/18", serviceCidr: "192.168.48.0/22" } },
  ];
  spec.clusters.push({
    name: "old",
    provider: "existing",
    region: "fra-dc1",
    jurisdiction: "eu",
    environment: "prod",
    network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" },
    lifecycle: old,
  });
  return spec;
}

async function deployed(history: { state: "active" | "draining" | "retired"; decommissionAfter?: string; at: Date }[]): Promise<MockedStack> {
  const stack = mockedStack("prod", { "clusterfleet:kubeconfig-old": kubeconfig("old"), "clusterfleet:kubeconfig-keep": kubeconfig("keep") });
  for (const { at, ...lifecycle } of history) {
    stack.setFleet(fleet(lifecycle));
    await stack.deploy({ "clusterfleet:now": at.toISOString() });
  }
  return stack;
}

interface Recorder {
  readonly calls: string[];
  readonly factory: CleanerFactory;
}
function cleaners(behaviour: { remaining?: string[]; blocked?: string[] } = {}): Recorder {
  const calls: string[] = [];
  return {
    calls,
    factory: (cluster, config) => ({
      async drainNodes() {
        calls.push(`drain ${cluster} ${config.includes(`https://${cluster}.example`) ? "(own kubeconfig)" : "(WRONG kubeconfig)"}`);
        return { evicted: 3, blocked: behaviour.blocked ?? [] };
      },
      async removeExternalResources() {
        calls.push(`cleanup ${cluster}`);
        return { removed: ["Service default/web"], remaining: behaviour.remaining ?? [] };
      },
    }),
  };
}

const lockDir = () => mkdtempSync(join(tmpdir(), "clusterfleet-lock-"));

async function job(stack: MockedStack, o: { mode: "dry-run" | "yes"; now?: Date; force?: boolean; rec?: Recorder; lock?: Lock }): Promise<{ outcome: JobOutcome; out: string; rec: Recorder }> {
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
  });
  return { outcome, out: lines.join("\n"), rec };
}

const drainedThenRetired = () =>
  deployed([
    { state: "active", at: BEFORE },
    { state: "retired", decommissionAfter: "2026-12-01", at: BEFORE },
  ]);

describe("decommission job", () => {
  it("has nothing to do before the date, and says when clusters fall due", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", now: BEFORE });
    expect(r.outcome).toBe("nothing-to-do");
    expect(r.out).toMatch(/old: due on 2026-12-01/);
    expect(stack.updates).toEqual([]);
    expect(r.rec.calls).toEqual([]);
  });

  it("lists due clusters and what goes, and changes nothing, on a dry run", async () => {
    const stack = await drainedThenRetired();
    const before = await stack.outputs();
    const r = await job(stack, { mode: "dry-run" });
    expect(r.outcome).toBe("done");
    expect(r.out).toMatch(/^old \(existing, fra-dc1\): due since 2026-12-01; will be decommissioned$/m);
    // Its Kubernetes provider, and the add-ons ClusterFleet installed in it (they are uninstalled).
    expect(r.out).toMatch(/destroys \d+ resources:\n(\s+\S+ \S+\n)*\s+pulumi:providers:kubernetes acme-old-k8s\n/);
    expect(r.out).toMatch(/\s+kubernetes:helm\.sh\/v3:Release acme-old-\S*external-secrets\n/);
    expect(r.out).toMatch(/Dry run: nothing was changed/);
    expect(stack.updates).toEqual([]);
    expect(r.rec.calls).toEqual([]);
    expect(await stack.outputs()).toEqual(before);
  });

  it("drains, cleans up, then runs one update that destroys exactly the due cluster; a second run is a no-op", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes" });
    expect(r.outcome).toBe("done");
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)", "cleanup old"]);
    expect(stack.updates).toEqual([{ "clusterfleet:now": AFTER.toISOString(), "clusterfleet:decommission": '["old"]' }]);
    const observed = (await stack.outputs())["observed"] as { clusters: Record<string, unknown> };
    expect(Object.keys(observed.clusters).sort()).toEqual(["keep"]);
    expect((await stack.resources()).some((x) => x.urn.endsWith("::acme-old"))).toBe(false);

    const again = await job(stack, { mode: "yes" });
    expect(again.outcome).toBe("nothing-to-do");
    expect(stack.updates).toHaveLength(1);
    expect(again.rec.calls).toEqual([]);
  });

  it("refuses a cluster that was not drained in the previous deployment, unless forced", async () => {
    const stack = await deployed([{ state: "active", at: BEFORE }]);
    stack.setFleet(fleet({ state: "retired", decommissionAfter: "2026-12-01" })); // never deployed as drained
    const refused = await job(stack, { mode: "yes" });
    expect(refused.outcome).toBe("refused");
    expect(refused.out).toMatch(/old .* REFUSED\n\s+- was not drained in the previous deployment/);
    expect(stack.updates).toEqual([]);
    expect(refused.rec.calls).toEqual([]);

    const forced = await job(stack, { mode: "yes", force: true });
    expect(forced.outcome).toBe("done");
    expect(forced.out).toMatch(/going ahead: --force/);
    expect(stack.updates).toHaveLength(1);
  });

  it("touches nothing that is not due", async () => {
    const stack = await drainedThenRetired();
    await job(stack, { mode: "yes" });
    const [update] = stack.updates;
    expect(JSON.parse(update!["clusterfleet:decommission"]!)).toEqual(["old"]);
    const plan = (await stack.outputs())["plan"] as { clusters: { name: string; action: string }[] };
    expect(plan.clusters.filter((c) => c.action === "destroy").map((c) => c.name)).toEqual(["old"]);
  });

  it("stops before destroying when the cleanup leaves something behind", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", rec: cleaners({ remaining: ["PersistentVolumeClaim db/data (volume pvc-1)"] }) });
    expect(r.outcome).toBe("failed");
    expect(r.out).toMatch(/still in old: PersistentVolumeClaim db\/data \(volume pvc-1\); nothing was destroyed/);
    expect(stack.updates).toEqual([]);
  });

  it("stops when a PodDisruptionBudget blocks the drain, and says which; --force goes on", async () => {
    const blocked = ["db/postgres-0 (blocked by PodDisruptionBudget db/postgres)"];
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", rec: cleaners({ blocked }) });
    expect(r.outcome).toBe("failed");
    expect(r.out).toMatch(/the drain of old was blocked: db\/postgres-0 \(blocked by PodDisruptionBudget db\/postgres\)/);
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)"]);
    expect(stack.updates).toEqual([]);
    const forced = await job(stack, { mode: "yes", force: true, rec: cleaners({ blocked }) });
    expect(forced.outcome).toBe("done");
  });

  it("refuses to run while another run holds the lock, and releases its own", async () => {
    const stack = await drainedThenRetired();
    const path = join(lockDir(), "job.lock");
    const lock = fileLock(path);
    const held = await lock.acquire();
    expect(held.ok).toBe(true);
    const r = await job(stack, { mode: "yes", lock });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(new RegExp(`another decommission of stack prod is running \\(pid ${process.pid} on ${hostname()}`));
    expect(stack.updates).toEqual([]);
    if (held.ok) await held.release();
    expect((await job(stack, { mode: "yes", lock })).outcome).toBe("done");
    expect((await lock.acquire()).ok).toBe(true); // the job released it
  });
});

describe("file lock", () => {
  it("takes over a lock whose process is gone, or that outlived its time to live", async () => {
    const dir = lockDir();
    const dead = join(dir, "dead.lock");
    writeFileSync(dead, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: new Date().toISOString() }));
    expect((await fileLock(dead).acquire()).ok).toBe(true);
    const old = join(dir, "old.lock");
    writeFileSync(old, JSON.stringify({ pid: process.pid, host: "elsewhere", startedAt: "2026-01-01T00:00:00Z" }));
    expect((await fileLock(old, 3600).acquire()).ok).toBe(true);
    const fresh = join(dir, "fresh.lock");
    writeFileSync(fresh, JSON.stringify({ pid: process.pid, host: "elsewhere", startedAt: new Date().toISOString() }));
    expect((await fileLock(fresh, 3600).acquire()).ok).toBe(false);
  });
});

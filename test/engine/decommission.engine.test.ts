// The decommission job end to end on the real engine: the real CLI through the Automation API, the
// real lock file, and the real Kubernetes cleaners against each cluster's real API server (with a
// controller-manager, so deleted namespaces finalise and released volumes are deleted).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DecommissionOptions } from "../../src/cli/decommission-command.ts";
import { kubeClient, startClusterApis, withoutCharts } from "./harness/cluster-apis.ts";
import type { ApiServer, KubeApiServers } from "./harness/kube-apiservers.ts";
import type { EngineSession } from "./harness/session.ts";
import { useEngine } from "./harness/use-engine.ts";
import { initStack, stackFleet } from "./harness/stack-setup.ts";
import { repoRoot } from "./harness/toolchain.ts";

let session: EngineSession;
let apis: KubeApiServers;
useEngine((s, a) => {
  session = s;
  apis = a;
});

const STACK = "decom";
const day = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

interface JobRun {
  readonly code: number;
  readonly out: string;
}

/** `clusterfleet decommission` in its own process; `onLine` sees each line as it comes. */
function job(options: DecommissionOptions, onLine: (line: string) => void = () => {}): Promise<JobRun> {
  const req = { options: { stack: STACK, ...options }, repoRoot, pulumiRoot: session.toolchain.root, env: session.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", join(repoRoot, "test/engine/harness/decommission-driver.ts"), JSON.stringify(req)], {
      cwd: session.project,
      env: { ...process.env, ...session.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      for (const l of d.toString().split("\n")) if (l) onLine(l);
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

/** What controllers of a real cluster would have made: a load balancer and a Delete-policy volume, and a node. */
async function workloadLeftovers(api: ApiServer, tag: string): Promise<void> {
  const k = kubeClient(api);
  await k.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
  await k.create({ apiVersion: "v1", kind: "Node", metadata: { name: `node-${tag}` } });
  await k.create({ apiVersion: "v1", kind: "Service", metadata: { name: "shop-lb", namespace: "shop" }, spec: { type: "LoadBalancer", ports: [{ port: 443 }] } } as never);
  await k.create({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: `pv-${tag}` },
    spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Delete", hostPath: { path: `/tmp/clusterfleet-engine-pv-${tag}` }, storageClassName: "" },
  } as never);
  await k.create({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "shop-data", namespace: "shop" },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, volumeName: `pv-${tag}`, storageClassName: "" },
  } as never);
}

const exists = async (api: ApiServer, kind: string, name: string, namespace?: string): Promise<boolean> =>
  kubeClient(api)
    .read({ apiVersion: "v1", kind, metadata: { name, ...(namespace ? { namespace } : {}) } })
    .then(() => true)
    .catch((e: { code?: number }) => (e.code === 404 ? false : Promise.reject(e)));

describe("clusterfleet decommission on the real engine", () => {
  it("lists only the due cluster, destroys exactly its resources after cleaning it up, refuses a second run meanwhile, then has nothing to do", async () => {
    const dev = withoutCharts(stackFleet(session, "dev")) as { clusters: Record<string, unknown>[] };
    const base = dev.clusters[0]!;
    const now = Date.now();
    const fleet = {
      ...dev,
      clusters: [
        { ...base, name: "keep" },
        { ...base, name: "old", lifecycle: { state: "retired", decommissionAfter: isoDay(now - 30 * day) } },
        { ...base, name: "later", lifecycle: { state: "retired", decommissionAfter: isoDay(now + 180 * day) } },
      ],
    };
    await initStack(session, STACK, fleet);
    const clusterApis = await startClusterApis(session, apis, fleet);
    const up = await session.drive({ op: "up", stack: STACK });
    expect(up.error ?? "", up.stdout.slice(-6000)).toBe("");
    await workloadLeftovers(clusterApis["old"]!, "old");
    await workloadLeftovers(clusterApis["later"]!, "later");

    const dry = await job({ dryRun: true });
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(/^old \(aws, eu-west-1\): due since .*will be decommissioned/m);
    expect(dry.out).not.toMatch(/^(later|keep) \(/m);

    const before = new Set((await session.resources(STACK)).map((r) => r.urn));
    const retainedBefore = new Set((await session.resources(STACK)).filter((r) => r.retainOnDelete).map((r) => r.urn));
    const opsBefore = session.standinOps().length;

    let second: Promise<JobRun> | undefined;
    const first = await job({ yes: true, timeout: "120" }, (line) => {
      // While the first run holds the lock (it drains, cleans up, then updates the stack), start another.
      if (!second && line.startsWith("Draining")) second = job({ yes: true });
    });
    expect(first.code, first.out).toBe(0);
    const other = await second!;
    expect(other.code, other.out).toBe(4);
    expect(other.out).toMatch(/another decommission of stack decom is running/);

    // The cleanup happened in the due cluster only, before the update.
    expect(await exists(clusterApis["old"]!, "Service", "shop-lb", "shop")).toBe(false);
    expect(await exists(clusterApis["old"]!, "PersistentVolumeClaim", "shop-data", "shop")).toBe(false);
    expect(await exists(clusterApis["later"]!, "Service", "shop-lb", "shop")).toBe(true);
    expect(await exists(clusterApis["later"]!, "PersistentVolumeClaim", "shop-data", "shop")).toBe(true);
    const node = (await kubeClient(clusterApis["old"]!).read({ apiVersion: "v1", kind: "Node", metadata: { name: "node-old" } })) as { spec?: { unschedulable?: boolean } };
    expect(node.spec?.unschedulable).toBe(true);

    // Exactly the due cluster's resources (and its links) left the state; nothing of the others.
    const after = new Set((await session.resources(STACK)).map((r) => r.urn));
    const removed = [...before].filter((u) => !after.has(u));
    expect(removed.length).toBeGreaterThan(20);
    for (const urn of removed) expect(urn).toMatch(/-old\b|::old\b/);
    for (const urn of before) if (/-(keep|later)\b/.test(urn) && !/-old\b/.test(urn)) expect(after.has(urn), urn).toBe(true);
    // What the stand-in clouds were asked to delete: only removed resources, and never a retained one.
    const deleted = session
      .standinOps()
      .slice(opsBefore)
      .filter((o) => o.op === "delete")
      .map((o) => o.urn);
    expect(deleted.length).toBeGreaterThan(0);
    for (const urn of deleted) {
      expect(removed).toContain(urn);
      expect(retainedBefore.has(urn), `retained resource deleted: ${urn}`).toBe(false);
    }

    const rerun = await job({ yes: true });
    expect(rerun.code, rerun.out).toBe(3);
    expect(rerun.out).toMatch(/Nothing to decommission in stack decom/);
  });
});

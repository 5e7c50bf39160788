// The program reads the previous deployment through a StackReference to its own stack: on a real
// checkpoint, a second `up` must find the first one's `observed` output and plan from it.
import { describe, expect, it } from "vitest";
import { startClusterApis, withoutCharts } from "./harness/cluster-apis.ts";
import type { KubeApiServers } from "./harness/kube-apiservers.ts";
import type { EngineSession } from "./harness/session.ts";
import { useEngine } from "./harness/use-engine.ts";
import { initStack, setFleet, stackFleet } from "./harness/stack-setup.ts";

interface PlannedCluster {
  name: string;
  kubernetesVersion: string;
  targetVersion: string;
  network: { cidr: string; podCidr: string; serviceCidr: string; origin: Record<string, string> };
}

let session: EngineSession;
let apis: KubeApiServers;
useEngine((s, a) => {
  session = s;
  apis = a;
});

const STACK = "ref";
const planned = async (): Promise<Record<string, PlannedCluster>> => {
  const plan = (await session.outputs(STACK))["plan"] as { clusters: PlannedCluster[] };
  return Object.fromEntries(plan.clusters.map((c) => [c.name, c]));
};

describe("the previous deployment, read through the stack's own StackReference", () => {
  it("keeps every cluster's networks when a cluster is added, and upgrades one minor per run from what was deployed", async () => {
    const base = withoutCharts(stackFleet(session, "dev")) as { clusters: Record<string, unknown>[] };
    base.clusters[0]!["kubernetesVersion"] = "1.34";
    await initStack(session, STACK, base);
    await startClusterApis(session, apis, base);
    const first = await session.drive({ op: "up", stack: STACK });
    expect(first.error ?? "", first.stdout.slice(-6000)).toBe("");
    const before = await planned();
    expect(before["sandbox"]!.kubernetesVersion).toBe("1.34");

    // A second cluster, and the first one asked for 1.36: two minors ahead of what runs.
    const grown = structuredClone(base);
    grown.clusters[0]!["kubernetesVersion"] = "1.36";
    grown.clusters.push({ ...structuredClone(base.clusters[0]!), name: "sandbox-b", kubernetesVersion: "1.36" });
    setFleet(session, STACK, grown);
    await startClusterApis(session, apis, grown);
    const opsBefore = session.standinOps().length;
    const second = await session.drive({ op: "up", stack: STACK });
    expect(second.error ?? "", second.stdout.slice(-6000)).toBe("");
    const after = await planned();

    const { origin: _, ...ranges } = after["sandbox"]!.network;
    const { origin: originBefore, ...rangesBefore } = before["sandbox"]!.network;
    expect(ranges).toEqual(rangesBefore);
    // Kept because the checkpoint said so, not merely recomputed: the plan names where each range came from.
    expect(originBefore).toEqual({ cidr: "allocated", podCidr: "allocated", serviceCidr: "allocated" });
    expect(after["sandbox"]!.network.origin).toEqual({ cidr: "observed", podCidr: "observed", serviceCidr: "observed" });
    expect(after["sandbox-b"]!.network.origin["cidr"]).toBe("allocated");
    // One minor per run, counted from the deployed version the StackReference returned.
    expect(after["sandbox"]!.targetVersion).toBe("1.36");
    expect(after["sandbox"]!.kubernetesVersion).toBe("1.35");
    // A new cluster has nothing deployed to upgrade from.
    expect(after["sandbox-b"]!.kubernetesVersion).toBe("1.36");
    // Nothing of the first cluster's network was replaced or deleted.
    const touched = session
      .standinOps()
      .slice(opsBefore)
      .filter((o) => o.op !== "create" && /aws:ec2\/(vpc|subnet):/.test(o.urn) && !o.urn.includes("sandbox-b"));
    expect(touched).toEqual([]);
  });
});

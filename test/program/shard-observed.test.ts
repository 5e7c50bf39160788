// What a shard plans from: the whole fleet's observed state (clusterfleet:observed, as `clusterfleet
// up` passes it), its own previous deployment over it. A cluster shard knows only its own cluster;
// without the others' state a prod cluster's upgrade would wait forever for earlier waves it cannot see.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { observedFromPlan, type ObservedCluster, type ObservedFleet } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import { revealSecrets } from "../../src/preview/wire-values.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";
import { runStack } from "../fixtures/run-stack.ts";

const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });
const deployed = observedFromPlan(plan);
/** A cluster's observed state one minor behind (control plane and node pools). */
const behind = (c: ObservedCluster, minor: string): ObservedCluster => ({
  ...c,
  kubernetesVersion: minor,
  nodePools: Object.fromEntries(Object.keys(c.nodePools ?? {}).map((p) => [p, { kubernetesVersion: minor }])),
});

describe("a cluster shard's observed state", { timeout: 300_000 }, () => {
  it("is the fleet's as given, with its own previous deployment over it: a prod upgrade proceeds once the earlier waves are seen done", async () => {
    // The mesh roots' shards first: the cluster shard reads its root from them.
    const outputs: Record<string, Record<string, unknown>> = {};
    for (const s of plan.shards!.filter((x) => x.kind === "mesh-identity")) {
      const name = shardStackName("global", s.name);
      outputs[name] = revealSecrets((await runStack("global", { stackName: name, config: { "clusterfleet:shard": s.name }, stackOutputs: outputs })).outputs) as Record<string, unknown>;
    }
    const fra = deployed.clusters["eu-aws-fra"]!;
    const own: ObservedFleet = { clusters: { "eu-aws-fra": behind(fra, "1.34") } };
    const shard = (config: Record<string, unknown>) =>
      runStack("global", { stackName: "global.cluster-eu-aws-fra", config: { "clusterfleet:shard": "cluster-eu-aws-fra", ...config }, stackOutputs: outputs, previousOutputs: { observed: own } });
    const versionAfter = async (config: Record<string, unknown>) => ((await shard(config)).outputs["observed"] as ObservedFleet).clusters["eu-aws-fra"]!.kubernetesVersion;

    // Alone, the shard sees no dev or canary cluster deployed: its prod upgrade waits.
    expect(await versionAfter({})).toBe("1.34");
    // With the fleet's state (its own entry stale: two minors behind), it sees the earlier waves at
    // 1.35 and takes its own version from its own deployment: one minor up, to 1.35.
    const fleet: ObservedFleet = { ...deployed, clusters: { ...deployed.clusters, "eu-aws-fra": behind(fra, "1.33") } };
    expect(await versionAfter({ "clusterfleet:observed": fleet })).toBe("1.35");
  });
});

describe("health reports", () => {
  it("keep the fabric's recorded ASNs and tunnels (they replaced the whole observed state before)", async () => {
    const first = await runStack("global");
    const observed = revealSecrets(first.outputs["observed"]) as ObservedFleet;
    const asns = Object.fromEntries(Object.keys(observed.fabric!.asns!).map((d, i) => [d, 4_200_000_000 + i]));
    const given = { ...observed, fabric: { ...observed.fabric, asns } };
    const health = Object.fromEntries(Object.keys(observed.clusters).map((c) => [c, true]));
    const run = await runStack("global", { config: { "clusterfleet:observed": given, "clusterfleet:health": health } });
    expect((revealSecrets(run.outputs["observed"]) as ObservedFleet).fabric!.asns).toEqual(asns);
  });
});

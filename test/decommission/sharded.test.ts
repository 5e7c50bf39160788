// The decommission job on a sharded fleet: the shipped global stack's shards deployed under mocks
// (each update a real program run reading its siblings' outputs), its retired us-aws-pdx-legacy due.
// The job decides from that cluster's shard, then updates its fabric island under the approval and
// destroys the cluster's own shard, in that order; a rename of an island is refused up front.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shardedStackPort } from "../../src/decommission/sharded-stack.ts";
import { decommissionSteps } from "../../src/decommission/shard-steps.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";
import { mockedShards } from "../fixtures/mocked-shards.ts";
import { job } from "./job-bench.ts";

const DEPLOYED = new Date("2026-10-01T00:00:00Z"); // before us-aws-pdx-legacy's date (2026-10-31): deployed drained
const LEGACY = "us-aws-pdx-legacy";
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

describe("decommission --sharded", { timeout: 600_000 }, () => {
  it("updates the cluster's fabric island under the approval, then destroys its shard; a rerun has nothing to do", async () => {
    const { config } = stackFile("global");
    const shards = mockedShards("global", config);
    await shards.deployAll(DEPLOYED);
    const deployedOps = shards.operations.length;
    const port = shardedStackPort({ stack: "global", config, gathered: undefined, ops: shards.ops });
    const fabricBefore = shards.stacks.get("fabric-ap-aws-sin")!.resources.map((r) => nameOf(r.urn));
    expect(fabricBefore.filter((n) => n.includes(LEGACY)).length).toBeGreaterThan(0);

    const dry = await job(port, { mode: "dry-run" });
    expect(dry.outcome, dry.out).toBe("done");
    expect(dry.out).toMatch(new RegExp(`^${LEGACY} \\(aws, us-west-2\\): due since 2026-10-31; will be decommissioned$`, "m"));
    expect(dry.out).toMatch(/Shard stacks of global, in this order:\n {2}update  global\.fabric-ap-aws-sin: removes the links of us-aws-pdx-legacy\n {2}destroy global\.cluster-us-aws-pdx-legacy: /);
    expect(shards.operations.length).toBe(deployedOps);
    if (process.env["CLUSTERFLEET_SAMPLE_DIR"]) writeFileSync(join(process.env["CLUSTERFLEET_SAMPLE_DIR"], "decommission-sharded-dry-run.txt"), `${dry.out}\n`);

    const endpoint = (shards.stacks.get(`cluster-${LEGACY}`)!.outputs["clusters"] as Record<string, { endpoint: string }>)[LEGACY]!.endpoint;
    const r = await job(port, { mode: "yes", clock: () => new Date(), now: new Date() });
    expect(r.outcome, r.out).toBe("done");
    // Drained and cleaned up through its own shard's kubeconfig, pinned to the endpoint that shard recorded.
    // (The recorder's "own" label knows only the single-stack fixture's servers: the endpoint is checked here.)
    expect(r.rec.calls.map((c) => c.replace(/ \(.*\)$/, ""))).toEqual([`drain ${LEGACY}`, `cleanup ${LEGACY}`]);
    expect(r.rec.servers).toEqual([[endpoint]]);
    expect(shards.operations.slice(deployedOps)).toEqual(["up fabric-ap-aws-sin", `destroy cluster-${LEGACY}`]);
    expect(r.out).toMatch(new RegExp(`Decommissioned ${LEGACY}\\.`));
    // The island lost the legacy cluster's links and its region's transit gateway (us-west-2, which only
    // it used) with that gateway's peering; nothing else went and nothing came.
    const fabricAfter = shards.stacks.get("fabric-ap-aws-sin")!.resources.map((r) => nameOf(r.urn));
    const removed = fabricBefore.filter((n) => !fabricAfter.includes(n));
    expect(fabricAfter.filter((n) => !fabricBefore.includes(n))).toEqual([]);
    expect(removed.filter((n) => !n.includes(LEGACY) && !n.includes("us-west-2"))).toEqual([]);
    expect(removed).toEqual(expect.arrayContaining(fabricBefore.filter((n) => n.includes(LEGACY))));
    expect(removed).toContain("acme-fabric-tgw-us-west-2");
    expect(shards.stacks.has(`cluster-${LEGACY}`)).toBe(false);

    const again = await job(port, { mode: "yes", clock: () => new Date(), now: new Date() });
    expect(again.outcome, again.out).toBe("nothing-to-do");
  });
});

describe("the sharded stack port", () => {
  it("takes a retired cluster whose shard stack is gone as not deployed, whatever the run record says", async () => {
    const { config } = stackFile("global");
    const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: new Date("2026-10-01T00:00:00Z") });
    const gathered = observedFromPlan(plan); // the record still lists us-aws-pdx-legacy
    expect(gathered.clusters[LEGACY]).toBeDefined();
    const opened: string[] = [];
    const ops = {
      outputs: async (shard: string) => (opened.push(shard), {}),
      resources: async () => [],
      up: async () => {
        throw new Error("no update expected");
      },
      destroy: async () => {
        throw new Error("no destroy expected");
      },
    };
    const port = shardedStackPort({ stack: "global", config, gathered, ops });
    expect(((await port.outputs())["observed"] as { clusters: Record<string, unknown> }).clusters[LEGACY]).toBeUndefined();
    // Only the retired clusters' shards are opened.
    expect(opened).toEqual([`cluster-${LEGACY}`]);
    expect((await job(port, { mode: "yes", clock: () => new Date(), now: new Date() })).outcome).toBe("nothing-to-do");
  });
});

describe("decommissionSteps", () => {
  const spec = stackFile("global").spec as { clusters: { name: string; lifecycle?: unknown }[] };
  const observed = observedFromPlan(planFleet(spec, defaultCatalog, undefined, { now: NOW }));

  it("updates the island before destroying the cluster's shard; a meshed cluster's mesh links went when it was retired", () => {
    const edited = structuredClone(spec);
    expect(planFleet(edited, defaultCatalog, observed, { now: NOW }).shards!.map((s) => s.name)).toContain("mesh-eu-aws-fra--eu-gcp-bru");
    edited.clusters.find((c) => c.name === "eu-gcp-bru")!.lifecycle = { state: "retired", decommissionAfter: "2026-11-01" };
    expect(planFleet(edited, defaultCatalog, observed, { now: NOW }).shards!.map((s) => s.name)).not.toContain("mesh-eu-aws-fra--eu-gcp-bru");
    expect(decommissionSteps(edited, observed, NOW, ["eu-gcp-bru"])).toEqual({
      steps: [
        { op: "up", shard: "fabric-eu-aws-dub-dev", why: "removes the links of eu-gcp-bru" },
        { op: "destroy", shard: "cluster-eu-gcp-bru", why: "the cluster's own resources (retained ones stay)" },
      ],
    });
  });

  it("refuses, changing nothing, when removing a cluster would rename its fabric island (its state would move between stacks)", () => {
    const edited = structuredClone(spec);
    edited.clusters.find((c) => c.name === "ap-aws-sin")!.lifecycle = { state: "retired", decommissionAfter: "2026-11-01" };
    const r = decommissionSteps(edited, observed, NOW, ["ap-aws-sin"]);
    expect("refused" in r && r.refused).toMatch(/^removing ap-aws-sin would move links between shard stacks \(fabric-ap-aws-sin would become fabric-/);
  });
});

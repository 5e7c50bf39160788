// Which shards `clusterfleet destroy` accepts, as a table on the shipped global fleet with its
// lifecycles varied, and the order it destroys them in.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { destroyDecisions, destroyOrder } from "../../src/shards/destroy-policy.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";

type Spec = { clusters: { name: string; lifecycle?: unknown }[] };
const spec = stackFile("global").spec as Spec;
/** The global fleet with one cluster's lifecycle replaced. */
function planWith(cluster: string, lifecycle: unknown) {
  const s = structuredClone(spec);
  s.clusters.find((c) => c.name === cluster)!.lifecycle = lifecycle;
  return planFleet(s, defaultCatalog, undefined, { now: NOW });
}
const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });

describe("destroyDecisions", () => {
  it.each([
    ["cluster-eu-aws-fra", plan, false, /cluster eu-aws-fra is active: a cluster is destroyed only by the decommission job/],
    ["cluster-eu-aws-fra", planWith("eu-aws-fra", { state: "draining" }), false, /is draining/],
    ["cluster-eu-aws-fra", planWith("eu-aws-fra", { state: "retired", decommissionAfter: "2027-06-01" }), false, /retired but its decommissionAfter date \(2027-06-01\) has not passed/],
    ["cluster-us-aws-pdx-legacy", plan, false, /retired and due: `clusterfleet decommission` destroys it/],
    ["mesh-identity-eu", plan, false, /mesh trust roots \(CA keys\) of live clusters of eu/],
    ["fabric-eu-aws-dub-dev", plan, true, /a fabric shard: its links go, every cluster stays/],
    ["mesh-eu-aws-fra--eu-gcp-bru", plan, true, /a mesh-link shard/],
    ["cluster-long-gone", plan, true, /no longer in the plan/],
  ])("%s → accepted %s", (shard, p, accepted, reason) => {
    const [d] = destroyDecisions(p, [shard]);
    expect(d!.accepted).toBe(accepted);
    expect(d!.reason).toMatch(reason);
  });
});

describe("destroyOrder", () => {
  it("puts each shard after the selected shards that come after it in an update", () => {
    const order = destroyOrder(plan, ["fabric-eu-aws-dub-dev", "mesh-eu-aws-fra--eu-gcp-bru", "cluster-long-gone"]);
    expect(order).toEqual([
      { name: "fabric-eu-aws-dub-dev", after: ["mesh-eu-aws-fra--eu-gcp-bru"] },
      { name: "mesh-eu-aws-fra--eu-gcp-bru", after: [] },
      { name: "cluster-long-gone", after: [] },
    ]);
  });
});

// Planning stays valid at fleet scale, and its work grows linearly. How long it takes is measured
// in bench/plan.bench.ts (ratios in one run): a wall-clock limit here failed on a loaded machine
// (5 of 7 runs) without saying anything about the code.
import { describe, expect, it } from "vitest";
import { syntheticCatalog, syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW } from "../fixtures/fleets.ts";

describe("a 1,000-cluster fleet", () => {
  it("plans without problems, every cluster placed, with hub-spoke links growing linearly", () => {
    const links = (n: number) => {
      const plan = planFleet(syntheticFleet(n), syntheticCatalog, undefined, { now: NOW });
      expect(plan.problems).toBeUndefined();
      expect(plan.clusters).toHaveLength(n);
      expect(new Set(plan.clusters.map((c) => c.network.cidr)).size).toBe(n);
      return plan.peerings.length;
    };
    const [small, large] = [links(100), links(1000)];
    expect(large).toBeLessThan(1000 + 3);
    // Linear, not quadratic: 10x the clusters, at most ~10x the links.
    expect(large / small).toBeLessThanOrEqual(11);
  });
});

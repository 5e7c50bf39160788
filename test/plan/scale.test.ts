// Planning stays fast and valid at fleet scale (bench/ measures it properly; this guards regressions).
import { describe, expect, it } from "vitest";
import { syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW } from "../fixtures/fleets.ts";

describe("a 1,000-cluster fleet", () => {
  it("plans in well under a second, with hub-spoke links growing linearly", () => {
    const spec = syntheticFleet(1000);
    planFleet(spec, undefined, undefined, { now: NOW }); // warm-up
    const t = performance.now();
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    const ms = performance.now() - t;
    expect(plan.problems).toBeUndefined();
    expect(plan.clusters).toHaveLength(1000);
    expect(plan.peerings.length).toBeLessThan(1000 + 3);
    expect(ms).toBeLessThan(1000);
  });
});

// Planning stays fast and valid at fleet scale (bench/ measures it properly; this guards regressions).
import { describe, expect, it } from "vitest";
import { syntheticCatalog, syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW } from "../fixtures/fleets.ts";

describe("a 1,000-cluster fleet", () => {
  it("plans in well under a second, with hub-spoke links growing linearly", () => {
    const spec = syntheticFleet(1000);
    planFleet(spec, syntheticCatalog, undefined, { now: NOW }); // warm-up
    // The median of three, so one slow moment of a shared CI machine does not decide.
    const times: number[] = [];
    let plan = planFleet(spec, syntheticCatalog, undefined, { now: NOW });
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      plan = planFleet(spec, syntheticCatalog, undefined, { now: NOW });
      times.push(performance.now() - t);
    }
    const ms = times.sort((a, b) => a - b)[1]!;
    expect(plan.problems).toBeUndefined();
    expect(plan.clusters).toHaveLength(1000);
    expect(plan.peerings.length).toBeLessThan(1000 + 3);
    expect(ms).toBeLessThan(1000);
  });
});

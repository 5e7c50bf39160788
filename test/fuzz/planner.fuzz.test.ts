// The planner's promise, fuzzed: whatever it is handed, planFleet returns (never throws), within a
// time bound, and every problem names a path. Specs are the base fleet with a few random mutations
// (bench/fleet-mutations.ts). The suite runs a couple of thousand; FUZZ_RUNS=20000 or
// bench/fuzz.bench.ts for more.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { mutatedFleet } from "../../bench/fleet-mutations.ts";
import { NOW } from "../fixtures/fleets.ts";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 2000);
/** Far above a normal plan (milliseconds), far below a hang. */
const TIME_BOUND_MS = 2000;

function planTimed(spec: unknown): { ms: number; problems: readonly { path: string; code: string }[] } {
  const t = performance.now();
  const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
  return { ms: performance.now() - t, problems: plan.problems ?? [] };
}

describe("planFleet under fuzzing", () => {
  it(`never throws, stays under ${TIME_BOUND_MS} ms, and names a path for every problem (${RUNS} mutated fleets)`, () => {
    let slowest = 0;
    fc.assert(
      fc.property(mutatedFleet, (spec) => {
        const r = planTimed(spec);
        slowest = Math.max(slowest, r.ms);
        expect(r.ms).toBeLessThan(TIME_BOUND_MS);
        for (const p of r.problems) expect(p.path, `${p.code} has no path`).not.toBe("");
      }),
      { numRuns: RUNS, seed: Number(process.env["FUZZ_SEED"] ?? 20261202) },
    );
    expect(slowest).toBeLessThan(TIME_BOUND_MS);
  });

  it("never throws on any value at all as the spec; a non-mapping is one problem that says what a spec is", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (input) => {
        const r = planTimed(input);
        if (input === null || typeof input !== "object" || Array.isArray(input)) expect(r.problems.map((p) => p.code)).toEqual(["spec/not-a-fleet"]);
        else for (const p of r.problems) expect(p.path, `${p.code} has no path`).not.toBe("");
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

// The planner on many randomly broken fleets (bench/fleet-mutations.ts): how the slowest plan
// compares with the median one and with planning the valid base fleet, measured in one run.
// A hang or a quadratic path shows as a large ratio. FUZZ_RUNS sets how many (default 20,000).
import fc from "fast-check";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { base, mutatedFleet } from "./fleet-mutations.ts";
import { medianMs, printTable } from "./measure.ts";

const NOW = new Date("2026-11-21T00:00:00Z");

export function benchFuzz(runs = Number(process.env["FUZZ_RUNS"] ?? 20_000)): { median: number; slowest: number; valid: number } {
  const valid = medianMs(50, () => planFleet(base, undefined, undefined, { now: NOW }));
  const times: number[] = [];
  let refused = 0;
  for (const spec of fc.sample(mutatedFleet, { numRuns: runs, seed: 1 })) {
    const t = performance.now();
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    times.push(performance.now() - t);
    if (plan.problems) refused++;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const slowest = times.at(-1)!;
  printTable(
    `Planner on ${runs.toLocaleString("en")} mutated fleets (${refused.toLocaleString("en")} refused with problems), none threw`,
    ["valid base fleet ms", "median mutated ms", "p99 ms", "slowest ms", "slowest / valid"],
    [[valid.toFixed(2), median.toFixed(2), times[Math.floor(times.length * 0.99)]!.toFixed(2), slowest.toFixed(1), `${(slowest / valid).toFixed(0)}x`]],
  );
  return { median, slowest, valid };
}

if (import.meta.main) benchFuzz();

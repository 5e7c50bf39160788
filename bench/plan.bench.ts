// Plan time for fleets of 10 to 1,000 clusters, measured in one run. Prints the median of several
// runs per size and the growth factor between sizes (10x clusters → ~10x time, 2x → ~2x, is linear).
// The target: a 1,000-cluster fleet plans in under 200 ms.
import { planFleet } from "../src/plan/plan-fleet.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";
import { medianMs, printTable } from "./measure.ts";

const NOW = new Date("2026-11-21T00:00:00Z");
const sizes = [10, 100, 250, 500, 1000];

export function benchPlan(): { size: number; ms: number; links: number }[] {
  const rows = sizes.map((size) => {
    const spec = syntheticFleet(size);
    let links = 0;
    const ms = medianMs(size >= 1000 ? 5 : 15, () => {
      const plan = planFleet(spec, syntheticCatalog, undefined, { now: NOW });
      if (plan.problems) throw new Error(JSON.stringify(plan.problems.slice(0, 3)));
      links = plan.peerings.length;
    });
    return { size, ms, links };
  });
  printTable(
    "Planning (planFleet, pure): median wall time per plan",
    ["clusters", "links", "ms per plan", "µs per cluster", "growth vs previous size"],
    rows.map((r, i) => [r.size, r.links, r.ms.toFixed(1), ((r.ms * 1000) / r.size).toFixed(0), i ? `${(r.ms / rows[i - 1]!.ms).toFixed(1)}x for ${(r.size / rows[i - 1]!.size).toFixed(0)}x clusters` : "-"]),
  );
  return rows;
}

if (import.meta.main) benchPlan();

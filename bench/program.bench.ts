// Program evaluation under mocks: ClusterFleet for fleets of 10 and 100 clusters against a flat
// baseline that registers the very same resources directly with the provider SDKs (no planner, no
// components, no output plumbing). Each evaluation runs in a fresh process; medians of 3.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childRun, median, printTable } from "./measure.ts";

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly resources: number;
}

const child = join(import.meta.dirname, "eval-child.ts");

// The heap Pulumi.yaml gives the real program (nodeargs), on both sides alike.
const sample = (mode: "fleet" | "flat" | "bare", size: number, file: string): Sample => childRun<Sample>(["--max-old-space-size=8192", child, mode, String(size), file]);

export interface ProgramRow {
  readonly size: number;
  readonly resources: number;
  readonly perCluster: number;
  readonly timeRatio: number;
  readonly memRatio: number;
  readonly bareTimeRatio: number;
}

export function benchProgram(sizes: readonly number[] = [10, 100], runs = 3): ProgramRow[] {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-bench-"));
  const stats = (xs: Sample[]) => ({ ms: median(xs.map((s) => s.ms)), mb: median(xs.map((s) => s.maxRssMb)) });
  const rows = sizes.map((size) => {
    const file = join(dir, `resources-${size}.json`);
    const runsOf: Record<"fleet" | "flat" | "bare", Sample[]> = { fleet: [], flat: [], bare: [] };
    // Interleaved, so a slow moment of the machine hits every side alike.
    for (let i = 0; i < runs; i++) for (const mode of ["fleet", "flat", "bare"] as const) runsOf[mode].push(sample(mode, size, file));
    const f = stats(runsOf.fleet);
    const b = stats(runsOf.flat);
    const z = stats(runsOf.bare);
    return { size, resources: runsOf.fleet[0]!.resources, perCluster: runsOf.fleet[0]!.resources / size, f, b, z, timeRatio: f.ms / b.ms, memRatio: f.mb / b.mb, bareTimeRatio: f.ms / z.ms };
  });
  printTable(
    "Program evaluation under mocks: ClusterFleet against the same resources registered flat with the provider SDKs (target ≤ 1.2)",
    ["clusters", "resources", "per cluster", "fleet ms", "flat ms", "time ratio", "fleet peak MB", "flat peak MB", "memory ratio", "bare ms", "vs bare"],
    rows.map((r) => [r.size, r.resources, r.perCluster.toFixed(1), r.f.ms.toFixed(0), r.b.ms.toFixed(0), r.timeRatio.toFixed(2), r.f.mb.toFixed(0), r.b.mb.toFixed(0), r.memRatio.toFixed(2), r.z.ms.toFixed(0), r.bareTimeRatio.toFixed(2)]),
  );
  process.stdout.write("flat: same resources and the same dependency graph (dependsOn), no planner, no components. bare: no dependencies at all, a lower bound.\n");
  return rows;
}

if (import.meta.main) benchProgram();

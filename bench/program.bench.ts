// Program evaluation under mocks: ClusterFleet for fleets of 10 and 100 clusters against a flat
// baseline that registers the very same resources directly with the provider SDKs (no planner, no
// components, no output plumbing). Each evaluation runs in a fresh process; medians of 3.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "./measure.ts";

interface Sample {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly resources: number;
}

const child = join(import.meta.dirname, "eval-child.ts");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function sample(mode: "fleet" | "flat", size: number, file: string): Sample {
  const out = execFileSync(process.execPath, [child, mode, String(size), file], { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as Sample;
}

export function benchProgram(sizes: readonly number[] = [10, 100], runs = 3): { size: number; timeRatio: number; memRatio: number; perCluster: number }[] {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-bench-"));
  const rows = sizes.map((size) => {
    const file = join(dir, `resources-${size}.json`);
    const fleet: Sample[] = [];
    const flat: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      fleet.push(sample("fleet", size, file));
      flat.push(sample("flat", size, file));
    }
    const f = { ms: median(fleet.map((s) => s.ms)), mb: median(fleet.map((s) => s.maxRssMb)) };
    const b = { ms: median(flat.map((s) => s.ms)), mb: median(flat.map((s) => s.maxRssMb)) };
    return { size, resources: fleet[0]!.resources, f, b, timeRatio: f.ms / b.ms, memRatio: f.mb / b.mb, perCluster: fleet[0]!.resources / size };
  });
  printTable(
    "Program evaluation under mocks: ClusterFleet vs the same resources registered flat (target ratio ≤ 1.2)",
    ["clusters", "resources", "per cluster", "fleet ms", "flat ms", "time ratio", "fleet peak MB", "flat peak MB", "memory ratio"],
    rows.map((r) => [r.size, r.resources, r.perCluster.toFixed(1), r.f.ms.toFixed(0), r.b.ms.toFixed(0), r.timeRatio.toFixed(2), r.f.mb.toFixed(0), r.b.mb.toFixed(0), r.memRatio.toFixed(2)]),
  );
  return rows;
}

if (import.meta.main) benchProgram();

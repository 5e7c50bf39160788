// One cluster shard's cost against the size of its fleet (issue 13: the same peak memory for a
// 10-cluster and a 1,000-cluster fleet, ratio ≤ 1.2). Each size in fresh processes, interleaved,
// medians of 3; the ratio is against the 10-cluster fleet, in the same run.
import { join } from "node:path";
import { childRun, median, printTable } from "./measure.ts";

interface Sample {
  readonly size: number;
  readonly ms: number;
  readonly planMs: number;
  readonly maxRssMb: number;
  readonly resources: number;
}

const child = join(import.meta.dirname, "shard-child.ts");
const sample = (size: number): Sample => childRun<Sample>(["--stack-trace-limit=0", child, String(size)]);

export interface ShardRow {
  readonly size: number;
  readonly resources: number;
  readonly ms: number;
  readonly planMs: number;
  readonly mb: number;
  readonly memRatio: number;
  readonly timeRatio: number;
}

export function benchShard(sizes: readonly number[] = [10, 100, 1000], runs = 3): ShardRow[] {
  const samples = new Map<number, Sample[]>(sizes.map((s) => [s, []]));
  // Interleaved, so a slow moment of the machine hits every size alike.
  for (let i = 0; i < runs; i++) for (const size of sizes) samples.get(size)!.push(sample(size));
  const base = samples.get(sizes[0]!)!;
  const [baseMb, baseMs] = [median(base.map((s) => s.maxRssMb)), median(base.map((s) => s.ms))];
  const rows = sizes.map((size) => {
    const xs = samples.get(size)!;
    const mb = median(xs.map((s) => s.maxRssMb));
    const ms = median(xs.map((s) => s.ms));
    return { size, resources: xs[0]!.resources, ms, planMs: median(xs.map((s) => s.planMs)), mb, memRatio: mb / baseMb, timeRatio: ms / baseMs };
  });
  printTable(
    "One cluster shard under mocks against its fleet's size (target: peak memory ratio ≤ 1.2 against 10 clusters)",
    ["fleet clusters", "shard resources", "plan ms", "shard ms", "time ratio", "peak MB", "memory ratio"],
    rows.map((r) => [r.size, r.resources, r.planMs.toFixed(0), r.ms.toFixed(0), r.timeRatio.toFixed(2), r.mb.toFixed(0), r.memRatio.toFixed(2)]),
  );
  process.stdout.write("Each shard plans the whole fleet, reads the shards it runs after, and renders only its own cluster.\n");
  return rows;
}

if (import.meta.main) benchShard();

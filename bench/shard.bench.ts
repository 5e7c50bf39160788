// One cluster shard's cost against the size of its fleet (issue 13: the same peak memory for a
// 10-cluster and a 1,000-cluster fleet, ratio ≤ 1.2). Each size in fresh processes, interleaved,
// medians of 3; the ratio is against the 10-cluster fleet, in the same run.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { printTable } from "./measure.ts";

type Observed = "read" | "passed";
interface Sample {
  readonly size: number;
  readonly observed: Observed;
  readonly ms: number;
  readonly planMs: number;
  readonly maxRssMb: number;
  readonly resources: number;
}

const child = join(import.meta.dirname, "shard-child.ts");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sample = (size: number, observed: Observed): Sample =>
  JSON.parse(execFileSync(process.execPath, ["--stack-trace-limit=0", child, String(size), observed], { encoding: "utf8", maxBuffer: 64 << 20 }).trim().split("\n").pop()!) as Sample;

export interface ShardRow {
  readonly size: number;
  readonly observed: Observed;
  readonly resources: number;
  readonly ms: number;
  readonly planMs: number;
  readonly mb: number;
  readonly memRatio: number;
  readonly timeRatio: number;
}

export function benchShard(sizes: readonly number[] = [10, 100, 1000], runs = 3): ShardRow[] {
  // Every size with the observed state read from the siblings; the largest also with it passed in.
  const cases: [number, Observed][] = [...sizes.map((s): [number, Observed] => [s, "read"]), [sizes.at(-1)!, "passed"]];
  const samples = new Map<string, Sample[]>(cases.map(([s, o]) => [`${s}/${o}`, []]));
  for (let i = 0; i < runs; i++) for (const [size, o] of cases) samples.get(`${size}/${o}`)!.push(sample(size, o));
  const base = samples.get(`${sizes[0]}/read`)!;
  const [baseMb, baseMs] = [median(base.map((s) => s.maxRssMb)), median(base.map((s) => s.ms))];
  const rows = cases.map(([size, observed]) => {
    const xs = samples.get(`${size}/${observed}`)!;
    const mb = median(xs.map((s) => s.maxRssMb));
    const ms = median(xs.map((s) => s.ms));
    return { size, observed, resources: xs[0]!.resources, ms, planMs: median(xs.map((s) => s.planMs)), mb, memRatio: mb / baseMb, timeRatio: ms / baseMs };
  });
  printTable(
    "One cluster shard under mocks against its fleet's size (target: peak memory ratio ≤ 1.2 against 10 clusters)",
    ["fleet clusters", "observed state", "shard resources", "plan ms", "shard ms", "time ratio", "peak MB", "memory ratio"],
    rows.map((r) => [r.size, r.observed === "read" ? "read from every sibling" : "passed as config", r.resources, r.planMs.toFixed(0), r.ms.toFixed(0), r.timeRatio.toFixed(2), r.mb.toFixed(0), r.memRatio.toFixed(2)]),
  );
  process.stdout.write("Each shard plans the whole fleet and renders only its own cluster; reading the observed state costs one StackReference per sibling shard.\n");
  return rows;
}

if (import.meta.main) benchShard();

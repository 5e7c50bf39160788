// `--stack-trace-limit=0` in Pulumi.yaml's nodeargs, measured: the Pulumi SDK captures a stack trace
// for every promise it makes (runtime/debuggable.js) and several per resource, so a program of
// thousands of resources spends part of its time and memory formatting traces nobody reads. The
// synthetic fleet rendered whole under mocks (bench/eval-child.ts), each run in a fresh process with
// the heap Pulumi.yaml gives the program, with and without the flag, interleaved; medians.
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
const FLAGS = { default: [], "--stack-trace-limit=0": ["--stack-trace-limit=0"] } as const;

const sample = (flags: readonly string[], size: number, file: string): Sample => childRun<Sample>(["--max-old-space-size=8192", ...flags, child, "fleet", String(size), file]);

export function benchStackTraceLimit(sizes: readonly number[] = [10, 100], runs = 3): void {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-bench-"));
  const rows = sizes.map((size) => {
    const got: Record<keyof typeof FLAGS, Sample[]> = { default: [], "--stack-trace-limit=0": [] };
    // Interleaved, so a slow moment of the machine hits both sides alike.
    for (let i = 0; i < runs; i++) for (const k of Object.keys(FLAGS) as (keyof typeof FLAGS)[]) got[k].push(sample(FLAGS[k], size, join(dir, `resources-${size}.json`)));
    const [d, z] = [got.default, got["--stack-trace-limit=0"]];
    const [dMs, zMs, dMb, zMb] = [median(d.map((s) => s.ms)), median(z.map((s) => s.ms)), median(d.map((s) => s.maxRssMb)), median(z.map((s) => s.maxRssMb))];
    return [size, d[0]!.resources, `${(dMs / 1000).toFixed(1)} s, ${dMb.toFixed(0)} MB`, `${(zMs / 1000).toFixed(1)} s, ${zMb.toFixed(0)} MB`, (zMs / dMs).toFixed(2), (zMb / dMb).toFixed(2)];
  });
  printTable(
    `Program evaluation under mocks with and without --stack-trace-limit=0 (median of ${runs}, interleaved)`,
    ["clusters", "resources", "default: time, peak RSS", "--stack-trace-limit=0", "time ratio", "peak RSS ratio"],
    rows,
  );
}

if (import.meta.main) benchStackTraceLimit(process.argv[2] ? process.argv[2].split(",").map(Number) : undefined, process.argv[3] ? Number(process.argv[3]) : undefined);

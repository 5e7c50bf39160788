// Issue 13: the wall time of previewing every shard of a fleet against one single-stack preview of
// it, same run, on this machine; and the projected wall time with N runners (one machine each).
// Every stack is rendered under mocks in a fresh process, as `pulumi preview` runs one program
// process per stack: the single stack with the 8 GB heap Pulumi.yaml ships; the shards through the
// scheduler `clusterfleet up` uses (src/shards/schedule.ts), N at a time, in dependency order (each
// shard reads its predecessors' outputs, written by their runs). Order makes this an upper bound: a
// preview of a deployed fleet could start every shard at once.
//   node bench/shard-preview.bench.ts [size] [workers, comma-separated]
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { runSchedule, type ScheduleItem } from "../src/shards/schedule.ts";
import { printTable } from "./measure.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

const run = promisify(execFile);
const child = join(import.meta.dirname, "shard-preview-child.ts");

interface StackRun {
  readonly wallMs: number;
  readonly maxRssMb: number;
  readonly resources: number;
}

async function stackRun(size: number, target: string, dir: string, heapMb?: number): Promise<StackRun> {
  const start = performance.now();
  const { stdout } = await run(process.execPath, [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), "--stack-trace-limit=0", child, String(size), target, dir], { maxBuffer: 64 << 20 });
  const r = JSON.parse(stdout.trim().split("\n").pop()!) as { maxRssMb: number; resources: number };
  return { wallMs: performance.now() - start, maxRssMb: r.maxRssMb, resources: r.resources };
}

/** The wall time of running `items` with `runners` at once, each taking its measured time: greedy, in the given order, as the scheduler starts them. */
export function projectedMs(items: readonly ScheduleItem[], ms: ReadonlyMap<string, number>, runners: number): number {
  const done = new Map<string, number>(); // name -> finish time
  const running: { name: string; end: number }[] = [];
  let now = 0;
  while (done.size < items.length) {
    for (const i of items) {
      if (running.length >= runners) break;
      if (done.has(i.name) || running.some((r) => r.name === i.name)) continue;
      if (i.after.every((a) => done.has(a))) running.push({ name: i.name, end: now + ms.get(i.name)! });
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    done.set(next.name, now);
  }
  return now;
}

export async function benchShardPreview(size = 100, workers: readonly number[] = [1, 2]): Promise<void> {
  const plan = planFleet(syntheticFleet(size), syntheticCatalog, undefined, { now: new Date("2026-11-21T00:00:00Z") });
  const shards = plan.shards!;
  const items = shards.map((s) => ({ name: s.name, after: s.after }));
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-shard-preview-"));
  try {
    process.stderr.write(`single stack of ${size} clusters ...\n`);
    const single = await stackRun(size, "single", dir, 8192);
    const rows: (string | number)[][] = [[`single stack`, 1, 1, (single.wallMs / 1000).toFixed(1), "1.00", single.maxRssMb.toFixed(0), single.resources]];
    let measured: Map<string, number> | undefined;
    for (const n of workers) {
      const ms = new Map<string, number>();
      let peak = 0;
      let resources = 0;
      let finished = 0;
      const start = performance.now();
      const results = await runSchedule(items, {
        parallel: n,
        clock: () => performance.now(),
        run: async (name) => {
          const r = await stackRun(size, name, dir);
          ms.set(name, r.wallMs);
          peak = Math.max(peak, r.maxRssMb);
          resources += r.resources;
          if (++finished % 25 === 0 || finished === items.length) process.stderr.write(`  ${n} at a time: ${finished}/${items.length} shards, ${((performance.now() - start) / 1000).toFixed(0)} s\n`);
          return { changes: {} };
        },
      });
      const failed = results.filter((r) => r.outcome.status !== "succeeded");
      if (failed.length) throw new Error(`shards failed: ${failed.map((f) => `${f.name}: ${JSON.stringify(f.outcome)}`).join("; ")}`);
      const wall = performance.now() - start;
      measured ??= ms;
      rows.push([`${shards.length} shards`, n, "-", (wall / 1000).toFixed(1), (wall / single.wallMs).toFixed(2), peak.toFixed(0), resources]);
    }
    printTable(
      `Previewing a ${size}-cluster fleet under mocks: one single stack vs every shard, each a fresh process (this machine, ${process.env["CLUSTERFLEET_BENCH_NOTE"] ?? "same run"})`,
      ["stacks", "at a time", "runners", "wall s", "vs single", "peak MB (one process)", "resources"],
      rows,
    );
    // Projected from the shards' own times measured one at a time (no contention): one runner per machine.
    const sum = [...measured!.values()].reduce((a, b) => a + b, 0);
    const runnerCounts = [...[1, 2, 4, 8, 16, 64].filter((r) => r < shards.length), shards.length];
    const proj = runnerCounts.map((r) => [r, (projectedMs(items, measured!, r) / 1000).toFixed(1), (projectedMs(items, measured!, r) / single.wallMs).toFixed(2)]);
    printTable(`Projected wall time with N runners (shard times as measured one at a time; total ${(sum / 1000).toFixed(0)} s of shard work)`, ["runners", "wall s", "vs single"], proj);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const [size, workers] = [Number(process.argv[2] ?? 100), (process.argv[3] ?? "1,2").split(",").map(Number)];
  await benchShardPreview(size, workers);
}

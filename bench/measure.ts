// Small helpers for the benchmarks: median timing, one measured run in a fresh process, and a plain
// table (cli-table3).
import Table from "cli-table3";
import { execFileSync } from "node:child_process";

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `node <args>` in a fresh process (so peak memory is that run's alone) and parses the last line it prints as JSON. */
export function childRun<T>(args: readonly string[]): T {
  const out = execFileSync(process.execPath, [...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as T;
}

export function medianMs(runs: number, fn: () => void): number {
  fn(); // warm-up: JIT and module caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function printTable(title: string, head: string[], rows: (string | number)[][]): void {
  const t = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push(r.map(String));
  process.stdout.write(`\n${title}\n${t.toString()}\n`);
}

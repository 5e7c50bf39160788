// Small helpers for the benchmarks: median timing and a plain table (cli-table3).
import Table from "cli-table3";

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

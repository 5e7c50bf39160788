// How long the `clusterfleet` command takes as a whole process, against `node -e 0` (the floor any
// Node program pays), measured in one run: the commands are interleaved, round by round, so machine
// load hits them alike; medians. The compile cache is warmed first, as it is from a user's second run on.
//   node bench/cli-startup.bench.ts [rounds]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { printTable } from "./measure.ts";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "clusterfleet.js");

interface Command {
  readonly label: string;
  readonly args: readonly string[];
}

const COMMANDS: readonly Command[] = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "clusterfleet --help", args: [BIN, "--help"] },
  { label: "clusterfleet plan --stack global", args: [BIN, "plan", "--stack", "global"] },
  { label: "clusterfleet schema --stack-file", args: [BIN, "schema", "--stack-file"] },
];

/** Wall time of one process. */
function once(args: readonly string[]): { ms: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, NODE_OPTIONS: "" } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return { ms };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchCliStartup(rounds = 7): { label: string; ms: number; ratio: number }[] {
  for (const c of COMMANDS) once(c.args); // warm the compile cache and the file system cache
  const times = new Map<string, number[]>(COMMANDS.map((c) => [c.label, []]));
  for (let i = 0; i < rounds; i++) for (const c of COMMANDS) times.get(c.label)!.push(once(c.args).ms);
  const floor = median(times.get("node -e 0")!);
  const rows = COMMANDS.map((c) => ({ label: c.label, ms: median(times.get(c.label)!), ratio: median(times.get(c.label)!) / floor }));
  printTable(
    `CLI start, whole process (median of ${rounds} interleaved rounds, compile cache warm)`,
    ["command", "wall ms", "vs node -e 0"],
    rows.map((r) => [r.label, r.ms.toFixed(0), `${r.ratio.toFixed(1)}x`]),
  );
  return rows;
}

if (import.meta.main) benchCliStartup(Number(process.argv[2] ?? 7));

// What type-checking a user's program costs, by the entry point it imports: `clusterfleet` (every
// component, so every cloud SDK's declarations) against `clusterfleet/fleet` (ClusterFleet and the
// planner; the Pulumi and Kubernetes SDKs only). A consumer project in a temp folder links the
// package (as `npm install <path>` does) and tsc checks the same program both ways, in one run,
// with skipLibCheck as users have it. Needs dist/ (built by `prepare`; run here when stale).
//   node bench/consumer-typecheck.bench.ts
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "./measure.ts";

const ROOT = join(import.meta.dirname, "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const program = (entry: string) => `import { ClusterFleet, type FleetSpecInput } from "${entry}";
const spec: FleetSpecInput = {
  name: "acme",
  jurisdictions: { eu: { countries: ["EU"], regions: { aws: ["eu-central-1"] } } },
  defaults: { kubernetesVersion: "1.35" },
  clusters: [{ name: "eu-1", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod" }],
};
export const fleet = new ClusterFleet("acme", { spec, now: new Date() });
`;

interface Row {
  readonly entry: string;
  readonly seconds: number;
  readonly memoryMb: number;
  readonly declarationLines: number;
  readonly files: number;
}

function check(dir: string, entry: string): Row {
  const file = `${entry.replace(/\W+/g, "-")}.ts`;
  writeFileSync(join(dir, file), program(entry));
  const tsconfig = `tsconfig.${file}.json`;
  writeFileSync(
    join(dir, tsconfig),
    JSON.stringify({ compilerOptions: { target: "ES2023", lib: ["ES2023"], module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: [file] }),
  );
  const r = spawnSync(process.execPath, [TSC, "-p", join(dir, tsconfig), "--extendedDiagnostics"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc (${entry}) failed:\n${r.stdout}${r.stderr}`);
  const stat = (name: string) => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(r.stdout)?.[1] ?? NaN);
  return { entry, seconds: stat("Total time"), memoryMb: stat("Memory used") / 1024, declarationLines: stat("Lines of Definitions"), files: stat("Files") };
}

export function benchConsumerTypecheck(): Row[] {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "prepare.js")], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`building dist/ failed:\n${build.stdout}${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-typecheck-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "clusterfleet"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const rows = ["clusterfleet", "clusterfleet/fleet"].map((entry) => check(dir, entry));
  const all = rows[0]!;
  printTable(
    "Type-checking a consumer program (tsc --noEmit, skipLibCheck), by entry point, one run",
    ["import from", "tsc time", "memory", "declaration lines", "files", "time vs clusterfleet"],
    rows.map((r) => [r.entry, `${r.seconds.toFixed(1)} s`, `${r.memoryMb.toFixed(0)} MB`, r.declarationLines.toLocaleString("en"), r.files, `${(r.seconds / all.seconds).toFixed(2)}x`]),
  );
  return rows;
}

if (import.meta.main) benchConsumerTypecheck();

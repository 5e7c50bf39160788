// `prepare`: npm runs it after `npm install` in a checkout and, when a project installs ClusterFleet
// from a git URL, in npm's clone before packing it (https://docs.npmjs.com/cli/using-npm/scripts,
// "prepare"). It builds dist/: the JavaScript and declarations that Node and tsc read when the
// package lives under node_modules (Node does not strip types there). Plain JavaScript, so that an
// old Node reaches the version check below instead of a syntax error.
//
// Skipped under `npm ci`: a checkout runs its TypeScript sources directly, and `npm ci && npm test`
// should not pay for a build nobody reads. `npm run build` builds it by hand.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeVersionProblem } from "../bin/node-version.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
if (process.env["npm_command"] === "ci") {
  process.stdout.write("clusterfleet: npm ci in a checkout runs the TypeScript sources directly; dist/ not built (npm run build builds it)\n");
  process.exit(0);
}
// Up to date when dist/ was built after the last change to any source it is built from.
const STAMP = join(root, "dist", ".built");
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : e.name.endsWith(".ts") ? statSync(p).mtimeMs : 0);
  }, 0);
const sources = Math.max(...["src", "components", "policy"].map((d) => newest(join(root, d))), statSync(join(root, "tsconfig.build.json")).mtimeMs);
if (existsSync(STAMP) && statSync(STAMP).mtimeMs > sources) {
  process.stdout.write("clusterfleet: dist/ is up to date\n");
  process.exit(0);
}
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
if (!existsSync(tsc)) {
  process.stderr.write("clusterfleet: cannot build dist/: typescript is not installed (install with dev dependencies)\n");
  process.exit(1);
}
process.stdout.write("clusterfleet: building dist/ (tsc -p tsconfig.build.json)\n");
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (r.status === 0) writeFileSync(STAMP, `${new Date().toISOString()}\n`);
process.exit(r.status ?? 1);

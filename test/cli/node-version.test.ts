// An older Node gets one sentence, at once, from every door a newcomer walks through: the CLI,
// `npm test` and `npm ci`. The machine's own Node (20 on these machines) is the proof when it is old.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeVersionProblem, SUPPORTED } from "../../bin/node-version.js";
import { ROOT } from "../fixtures/fleets.ts";

const MESSAGE = /^ClusterFleet needs Node 22\.19\+ \(you have \d+\.\d+\.\d+\)\. Install Node 24 LTS: .*nvm install 24/;

describe("nodeVersionProblem", () => {
  it.each([
    ["20.20.2", false],
    ["22.18.0", false], // type stripping is on, but undici (a dependency) declares engines >=22.19.0
    ["22.19.0", true],
    ["23.5.1", false], // type stripping needed a flag before 23.6.0
    ["23.6.0", true],
    ["24.0.0", true],
    ["26.1.0", true],
  ])("Node %s runs ClusterFleet: %s", (version, ok) => {
    const problem = nodeVersionProblem(version);
    expect(problem === undefined).toBe(ok);
    if (!ok) expect(problem).toMatch(MESSAGE);
    if (!ok) expect(problem).toContain(`(you have ${version})`);
  });

  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string }; scripts: Record<string, string> };

  it("says what package.json's engines say (npm ci enforces those, .npmrc engine-strict)", () => {
    expect(pkg.engines.node).toBe(SUPPORTED.map(([m, n], i) => (i === SUPPORTED.length - 1 ? `>=${m}.${n}.0` : `>=${m}.${n}.0 <${m + 1}`)).join(" || "));
    expect(readFileSync(join(ROOT, ".npmrc"), "utf8")).toMatch(/^engine-strict=true$/m);
    expect(pkg.scripts["pretest"]).toBe("node bin/node-version.js");
  });

  it("is no older than any installed dependency's own `engines.node` floor", () => {
    // Only the plain ">=X.Y.Z" floors: the form that refuses a Node line's early releases.
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } }> };
    const floors = Object.entries(lock.packages).flatMap(([name, p]) => {
      const m = /^>=\s*(\d+)\.(\d+)/.exec(p.engines?.node ?? "");
      return m ? [{ name, major: Number(m[1]), minor: Number(m[2]) }] : [];
    });
    expect(floors.length).toBeGreaterThan(10);
    for (const [major, minor] of SUPPORTED) {
      const above = floors.filter((f) => f.major > major || (f.major === major && f.minor > minor));
      expect(above.map((f) => `${f.name} needs >=${f.major}.${f.minor}`), `Node ${major}.${minor}`).toEqual([]);
    }
  });
});

// The machine's default Node, when it is one ClusterFleet refuses (the case the newcomer hits).
const oldNode = ["/usr/bin/node", "/bin/node", "/usr/local/bin/node"].find((p) => {
  if (!existsSync(p)) return false;
  const v = spawnSync(p, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
  return v !== "" && nodeVersionProblem(v) !== undefined;
});
const npmFor = (node: string) => join(node, "..", "npm");

describe.skipIf(!oldNode)(`on the machine's old Node (${oldNode})`, () => {
  const env = { ...process.env, PATH: `${join(oldNode ?? "/", "..")}:/usr/bin:/bin`, NODE_OPTIONS: "" };

  it.each([["--help"], ["plan", "--stack", "global"], ["preview", "--stack", "global"]])("`clusterfleet %s` fails at once with the message", (...argv) => {
    const t = performance.now();
    const r = spawnSync(oldNode!, [join(ROOT, "bin", "clusterfleet.js"), ...argv], { cwd: ROOT, encoding: "utf8", env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(MESSAGE);
    expect(r.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|at .*\(file:/);
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it.skipIf(!existsSync(npmFor(oldNode ?? "/")))("`npm test` fails at once with the message (pretest)", () => {
    const t = performance.now();
    const r = spawnSync(npmFor(oldNode!), ["test"], { cwd: ROOT, encoding: "utf8", env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ClusterFleet needs Node 22\.19\+ \(you have /);
    expect(r.stdout).not.toContain("> tsc -p tsconfig.json"); // the test script itself never started
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it.skipIf(!existsSync(npmFor(oldNode ?? "/")))("`npm ci` refuses before installing anything (engine-strict)", () => {
    // In a copy of the manifest: `npm ci` starts by deleting node_modules, never here.
    const dir = mkdtempSync(join(tmpdir(), "clusterfleet-ci-"));
    for (const f of ["package.json", "package-lock.json", ".npmrc"]) copyFileSync(join(ROOT, f), join(dir, f));
    const t = performance.now();
    const r = spawnSync(npmFor(oldNode!), ["ci", "--ignore-scripts", "--offline"], { cwd: dir, encoding: "utf8", env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/EBADENGINE|notsup/);
    expect(r.stderr).toContain('"node":">=22.19.0 <23 || >=23.6.0"');
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(performance.now() - t).toBeLessThan(10_000);
  });
});

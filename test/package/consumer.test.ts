// The library route of the README, as a user takes it: a project of their own, in a temp folder,
// installs ClusterFleet from a path (npm runs its `prepare`, which builds dist/ when stale),
// type-checks a program against the package's declarations, and runs a fleet under the exported
// mocks. Slow-ish (a build when sources changed, then a type-check), so it runs the path once.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedBlock } from "../../src/spec/readme-blocks.ts";
import { ROOT } from "../fixtures/fleets.ts";

// The README's own library example, compiled as the user would paste it.
const README_EXAMPLE = (generatedBlock(readFileSync(join(ROOT, "README.md"), "utf8"), "library-example") ?? "").replace(/^```ts\n|```\s*$/g, "");

const SPEC = `{
  name: "acme",
  jurisdictions: { eu: { countries: ["EU"], regions: { aws: ["eu-central-1"] } } },
  defaults: { kubernetesVersion: "1.35" },
  clusters: [{ name: "eu-1", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system", min: 3, max: 6 }] }],
}`;

// What the README shows: a fleet from a typed spec, unit-tested on clusterfleet/testing's mocks.
const PROGRAM = `import { ClusterFleet, type FleetSpecInput } from "clusterfleet/fleet";
import { runUnderMocks } from "clusterfleet/testing";

const spec: FleetSpecInput = ${SPEC};
const run = await runUnderMocks(
  async () => {
    const fleet = new ClusterFleet("acme", { spec, now: new Date("2026-11-21T00:00:00Z") });
    return { clusters: fleet.plan.clusters.map((c) => \`\${c.name} \${c.phase}/\${c.action}\`) };
  },
  { project: "consumer", stack: "test", config: {} },
);
console.log(JSON.stringify({ resources: run.resources.map((r) => r.type), clusters: run.outputs["clusters"] }));
`;

// The types are real: a misspelt provider is a compile error at the user's line.
const MISTAKE = `import type { FleetSpecInput } from "clusterfleet/fleet";
export const spec: FleetSpecInput = ${SPEC.replace('provider: "aws"', 'provider: "awz"')};
`;

const env = { ...process.env, NODE_OPTIONS: "", PATH: `${join(process.execPath, "..")}:${process.env["PATH"] ?? ""}` };
const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, encoding: "utf8", env });
// npm from PATH, run by this Node (its `#!/usr/bin/env node` finds the first node on PATH).
const npm = "npm";

describe("a consumer project that installs ClusterFleet from a path", () => {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-consumer-"));
  let install: ReturnType<typeof run>;

  beforeAll(() => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2023", lib: ["ES2023", "DOM"], module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: [] },
        files: ["fleet.ts", "mistake.ts", "readme-example.ts"],
      }),
    );
    writeFileSync(join(dir, "fleet.ts"), PROGRAM);
    writeFileSync(join(dir, "mistake.ts"), MISTAKE);
    writeFileSync(join(dir, "readme-example.ts"), README_EXAMPLE);
    install = run(npm, ["install", ROOT, "--offline", "--no-audit", "--no-fund"], dir);
  }, 300_000);

  it("installs (npm runs prepare, which leaves a built dist/)", () => {
    expect(install.status, install.stderr).toBe(0);
    expect(lstatSync(join(dir, "node_modules", "clusterfleet")).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(dir, "node_modules", "clusterfleet"))).toBe(realpathSync(ROOT));
    for (const f of ["src/fleet-api.js", "src/fleet-api.d.ts", "src/testing/index.js", "src/index.d.ts", "components/aws/index.d.ts"]) {
      expect(existsSync(join(ROOT, "dist", f)), f).toBe(true);
    }
  });

  it("type-checks the program and the README's example, and finds the user's mistake at its line", () => {
    expect(README_EXAMPLE).toMatch(/^import \{ ClusterFleet.*from "clusterfleet\/fleet"/);
    const r = run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], dir);
    const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
    expect(errors, r.stdout).toHaveLength(1);
    const line = MISTAKE.split("\n").findIndex((l) => l.includes('"awz"')) + 1;
    expect(errors[0]).toMatch(new RegExp(`^mistake\\.ts\\(${line},\\d+\\): error TS2322: .*"awz"`));
  }, 180_000);

  it("runs the fleet under the exported mocks", () => {
    const r = run(process.execPath, ["fleet.ts"], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { resources: string[]; clusters: string[] };
    expect(out.clusters).toEqual(["eu-1 Pending/create"]);
    expect(out.resources).toContain("clusterfleet:aws:EksCluster");
    expect(out.resources).toContain("aws:eks/cluster:Cluster");
    expect(out.resources.length).toBeGreaterThan(50);
  }, 120_000);
});

// The first minutes with the CLI: bare `clusterfleet` and `--version` answer on stdout, and the
// commands that only plan never load the Pulumi SDK or a provider SDK (seconds and ~200 MB each run).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { NOW, ROOT } from "../fixtures/fleets.ts";

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("clusterfleet with no command", () => {
  it("prints the help on stdout and exits 0", async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: clusterfleet \[options\] \[command\]/);
    expect(r.out).toMatch(/^ {2}plan \[options\] \[file\]/m);
    expect(r.err).toBe("");
  });

  it("prints the package's version with --version and -V", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await cli(flag);
      expect(r).toEqual({ code: 0, out: version, err: "" });
    }
  });

  it("still refuses an unknown command (exit 2), naming it", async () => {
    const r = await cli("plna");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'plna'/);
  });
});

/** The packages a CLI run loaded, by name (test/fixtures/record-packages.ts records them). */
function packagesLoaded(...argv: string[]): { status: number | null; packages: string[]; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", join(ROOT, "test", "fixtures", "record-packages.ts"), join(ROOT, "bin", "clusterfleet.js"), ...argv], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" },
  });
  const packages = JSON.parse(/LOADED (.*)$/m.exec(r.stderr)?.[1] ?? "[]") as string[];
  return { status: r.status, packages: packages.sort(), stderr: r.stderr };
}

describe("commands load only what they use", () => {
  const heavy = (p: string) => p.startsWith("@pulumi/") || p.startsWith("@kubernetes") || p.startsWith("kubernetes-models") || p === "elkjs";

  it.each([[["--help"]], [["plan", "--stack", "global"]], [["plan", "--stack", "prod-eu", "--json"]], [["schema"]], [["schema", "--reference"]]])("`clusterfleet %s` loads no Pulumi, provider or Kubernetes SDK", (argv) => {
    const r = packagesLoaded(...argv);
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages).toContain("commander");
    expect(r.packages.filter(heavy)).toEqual([]);
  });

  it("`clusterfleet preview` does load the Pulumi SDK (the hook sees what it should)", () => {
    const r = packagesLoaded("preview", "--stack", "dev");
    expect(r.status, r.stderr).toBe(0);
    expect(r.packages).toContain("@pulumi/pulumi");
    expect(r.packages).toContain("@pulumi/aws");
  });
});

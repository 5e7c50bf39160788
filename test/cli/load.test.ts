// What the CLI reads, and how it refuses what it cannot: JSON parsed as JSON, a size limit said
// up front, an empty file named, a closed pipe no stack trace.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { MAX_INPUT_BYTES } from "../../src/cli/load.ts";
import { baseFleet, NOW, ROOT } from "../fixtures/fleets.ts";

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "clusterfleet-")), name);
  writeFileSync(file, content);
  return file;
}

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("reading spec files", () => {
  it("refuses a file over the size limit before parsing it, saying the limit", async () => {
    const spec = baseFleet() as Record<string, unknown>;
    spec["padding"] = "x".repeat(MAX_INPUT_BYTES);
    const r = await cli("plan", tempFile("huge.json", JSON.stringify(spec)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/huge\.json: 8\.0 MB is larger than the 8 MB a spec, stack or observed file may be/);
  });

  it("parses JSON as JSON: nested 5,000 deep it reaches the planner, which names the path (was 'not valid YAML or JSON')", async () => {
    const spec = JSON.stringify(baseFleet()).replace('"defaults":{"kubernetesVersion":"1.35"}', `"defaults":{"kubernetesVersion":"1.35","x":${deepJson(5000)}}`);
    expect(spec).toContain('"x":{"a":{"a":');
    const r = await cli("plan", tempFile("deep.json", spec));
    expect(r.code).toBe(1);
    expect(`${r.out}\n${r.err}`).toMatch(/defaults\.x(\.a)+: nested more than 64 levels deep/);
    expect(`${r.out}\n${r.err}`).not.toMatch(/not valid YAML/);
  });

  it("names an empty file", async () => {
    const file = tempFile("empty.yaml", "\n");
    const r = await cli("plan", file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}: the file is empty; expected a fleet spec (YAML or JSON)`);
  });

  it("names a document that is not a mapping", async () => {
    const r = await cli("plan", tempFile("list.yaml", "- a\n- b\n"));
    expect(r.code).toBe(1);
    expect(`${r.out}\n${r.err}`).toMatch(/a fleet spec is a mapping with at least `name` and `clusters`; got a list/);
  });

  it("hints to quote kubernetesVersion: 1.30 written unquoted in YAML", async () => {
    const yaml = JSON.stringify(baseFleet()).replace('"kubernetesVersion":"1.35"', '"kubernetesVersion":1.30');
    const r = await cli("plan", tempFile("fleet.yaml", yaml));
    expect(r.code).toBe(1);
    expect(`${r.out}\n${r.err}`).toMatch(/defaults\.kubernetesVersion: got the number 1\.3, expected a string: quote it/);
  });

  it("keeps reading YAML flow style that looks like JSON", async () => {
    const r = await cli("plan", tempFile("flow.yaml", "{name: acme, clusters: []}"));
    expect(`${r.out}\n${r.err}`).not.toMatch(/not valid/);
  });
});

describe("a closed pipe", () => {
  it("`clusterfleet schema | head -1` ends quietly: no EPIPE stack trace", async () => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "clusterfleet.js"), "schema"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first chunk, then close the reading end.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  }, 60_000);
});

// `clusterfleet shards`: the shard stacks a CI matrix is built from, and the shipped workflow that
// builds it (examples/shards/github-actions.yml) parses and calls only what exists.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { main } from "../../src/cli/main.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ShardRow, ShardsSummary } from "../../src/shards/summary.ts";
import { NOW, ROOT, stackFile } from "../fixtures/fleets.ts";

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });

describe("clusterfleet shards", () => {
  it("prints every shard's stack, stage, prerequisites, runner labels and backend as JSON", async () => {
    const r = await cli("shards", "--stack", "global", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as ShardsSummary;
    expect(s.stages).toBe(4);
    expect(s.shards.map((x) => x.name)).toEqual(plan.shards!.map((x) => x.name));
    const fra = s.shards.find((x) => x.name === "cluster-eu-aws-fra")!;
    expect(fra).toMatchObject({ stack: "global.cluster-eu-aws-fra", stage: 1, after: ["mesh-identity-eu"], runsIn: "network of eu-aws-fra", runsOn: ["self-hosted", "clusterfleet-network-eu-aws-fra"] });
    expect(fra.backend).toBeUndefined();
    expect(fra.secrets).toContainEqual({ env: "AWS_ACCESS_KEY_ID", secret: "clusterfleet-eu-aws" });
  });

  it("prints one stage's shards as a bare array with --stage, and a table without --json", async () => {
    const stage = JSON.parse((await cli("shards", "--stack", "global", "--json", "--stage", "2")).out) as ShardRow[];
    expect(stage.map((x) => x.name)).toEqual(plan.shards!.filter((x) => x.stage === 2).map((x) => x.name));
    const table = await cli("shards", "--stack", "global");
    expect(table.out).toMatch(/Fleet acme, stack global: 24 shard stacks in 4 stages/);
    expect(table.out).toMatch(/│ 1\s+│ global\.cluster-eu-aws-fra\s+│ mesh-identity-eu\s+│ network of eu-aws-fra/);
  });

  it.each([
    [["--stack", "global", "--stage", "x"], 2, /--stage: got "x"/],
    [["--stack", "nope"], 1, /--stack nope: .*does not exist/],
    [["--json"], 2, /shards needs --stack NAME/],
  ])("%j exits %i naming the option", async (argv, code, message) => {
    const r = await cli("shards", ...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});

type Job = { needs?: string[]; if?: string; "runs-on": unknown; strategy?: { matrix: { shard: string } }; steps: { run?: string }[] };

describe("the CI example (examples/shards/github-actions.yml)", () => {
  const text = readFileSync(join(ROOT, "examples", "shards", "github-actions.yml"), "utf8");
  const wf = parse(text, { merge: true }) as { jobs: Record<string, Job> };

  it("runs one job per shard, stage after stage, on the shard's runner labels", () => {
    for (const n of [0, 1, 2, 3]) {
      const job = wf.jobs[`stage-${n}`]!;
      expect(job.needs).toEqual(n === 0 ? ["shards"] : ["shards", `stage-${n - 1}`]);
      expect(job.strategy!.matrix.shard).toBe(`\${{ fromJSON(needs.shards.outputs.stage${n}) }}`);
      expect(job["runs-on"]).toBe("${{ matrix.shard.runsOn }}");
      expect(job.steps.map((s) => s.run ?? "").join("\n")).toMatch(/pulumi up --yes --refresh/);
    }
  });

  it("reads only fields `clusterfleet shards --json` prints", async () => {
    const row = (JSON.parse((await cli("shards", "--stack", "global", "--json")).out) as ShardsSummary).shards[0]!;
    const used = new Set([...text.matchAll(/matrix\.shard\.([A-Za-z]+)/g)].map((m) => m[1]!));
    expect([...used].filter((f) => !(f in row) && f !== "backend")).toEqual([]);
    expect(used).toContain("stack");
  });

  it("calls only clusterfleet commands and options that exist", async () => {
    const calls = [...text.matchAll(/npx clusterfleet ([a-z]+)((?: --?[a-z-]+(?: [^\s|$-][^\s|]*)?)*)/g)];
    expect(calls.length).toBeGreaterThan(0);
    for (const [, command, rest] of calls) {
      const help = await cli(command!, "--help");
      expect(help.code, `clusterfleet ${command}`).toBe(0);
      for (const option of rest!.match(/--[a-z-]+/g) ?? []) expect(help.out, `clusterfleet ${command} ${option}`).toContain(option);
    }
  });
});

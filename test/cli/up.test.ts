// `clusterfleet up` and `clusterfleet destroy` on the shipped `global` stack with a fake shard runner
// (the Automation API adapter has its engine test): argument checks, what each shard's stack is
// given, failure isolation, resume, --preview, the summary, and destroy's refusals.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import type { ShardRunDeps } from "../../src/cli/up-command.ts";
import type { ShardOp } from "../../src/shards/run-shards.ts";
import type { ShardStackOptions } from "../../src/shards/shard-stack.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "clusterfleet-up-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  readonly op: ShardOp;
  readonly o: ShardStackOptions;
}

/** What deploying the global stack leaves: the fake's cluster shards report their part of it. */
const deployed = observedFromPlan(planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW }));

/** A fake runner: each shard reports one resource, a cluster shard its part of `deployed` (at `version` if given); shards in `fail` throw. */
function fake(fail: readonly string[] = [], version?: string) {
  const calls: Call[] = [];
  let t = 0;
  const deps: ShardRunDeps = {
    projectDir: "",
    clock: () => (t += 1000),
    fleetSecrets: async (_dir, _stack, keys) => Object.fromEntries(keys.map((k) => [k, "clear"])),
    readShardOutputs: async () => {
      throw new Error("the global stack declares no state backend: no shard reads another backend");
    },
    runShard: async (op, o, onProgress) => {
      calls.push({ op, o });
      onProgress({ kind: "resource-done", op: "create" });
      if (fail.includes(o.shard)) throw new Error(`${o.shard}: provider said no`);
      const cluster = /^cluster-(.+)$/.exec(o.shard)?.[1];
      const observed = cluster ? { clusters: { [cluster]: { ...deployed.clusters[cluster], ...(version ? { kubernetesVersion: version } : {}) } } } : undefined;
      return { changes: { create: 1, same: 2 }, ...(op === "up" && observed ? { observed } : {}) };
    },
  };
  return { calls, deps: () => ({ ...deps, projectDir: dir }) };
}

async function cli(deps: ShardRunDeps | undefined, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW, ...(deps ? { shards: deps } : {}) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("clusterfleet up: arguments", () => {
  it.each([
    ["0", /--parallel: got "0"; expected a whole number of shards to run at once, 1 to 64/],
    ["x", /--parallel: got "x"; expected a whole number/],
    ["1.5", /--parallel: got "1.5"/],
    ["65", /--parallel: got "65"; .* 1 to 64/],
  ])("refuses --parallel %s, naming the flag, the value and what is allowed", async (value, message) => {
    const f = fake();
    const r = await cli(f.deps(), "up", "--stack", "global", "--parallel", value);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(f.calls).toEqual([]);
  });

  it("needs --stack, and refuses a shard the plan does not have", async () => {
    const f = fake();
    expect((await cli(f.deps(), "up")).err).toMatch(/up needs --stack NAME/);
    const r = await cli(f.deps(), "up", "--stack", "global", "--shard", "cluster-nowhere");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard: "cluster-nowhere" is not a shard of stack global; its shards: mesh-identity-apac/);
    expect(f.calls).toEqual([]);
  });
});

describe("clusterfleet up", () => {
  it("runs every shard's stack with the fleet's config and its shard name, and prints a summary", async () => {
    const f = fake();
    const r = await cli(f.deps(), "up", "--stack", "global", "--parallel", "3");
    expect(r.code, r.err).toBe(0);
    expect(f.calls).toHaveLength(24);
    expect(new Set(f.calls.map((c) => c.op))).toEqual(new Set(["up"]));
    const fra = f.calls.find((c) => c.o.shard === "cluster-eu-aws-fra")!.o;
    expect(fra.stackName).toBe("global.cluster-eu-aws-fra");
    expect(fra.stackConfigFile).toMatch(/stacks\/Pulumi\.global\.cluster-eu-aws-fra\.yaml$/);
    expect(fra.logFile).toBe(join(dir, ".clusterfleet/logs/global/cluster-eu-aws-fra.log"));
    expect((fra.config.plain["clusterfleet:fleet"] as { name: string }).name).toBe("acme");
    expect(fra.backend).toBeUndefined();
    // Mesh roots first, mesh links last.
    expect(f.calls[0]!.o.shard).toMatch(/^mesh-identity-/);
    expect(f.calls.at(-1)!.o.shard).toMatch(/^mesh-/);
    expect(r.out).toMatch(/Update of global: 24 succeeded, 0 unchanged, 0 failed, 0 skipped/);
    expect(r.out).toMatch(/│ cluster-eu-aws-fra\s+│ 1\s+│ succeeded\s+│ \d+\.\ds\s+│ create 1\s+│/);
  });

  it("skips only the dependents of a failed shard, exits 5, and resumes on the rerun", async () => {
    const first = fake(["cluster-eu-aws-fra"]);
    const r = await cli(first.deps(), "up", "--stack", "global");
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/│ fabric-eu-aws-dub-dev\s+│ 2\s+│ skipped \(after failed cluster-eu-aws-fra\)/);
    expect(r.out).toMatch(/Failed:\n {2}cluster-eu-aws-fra: cluster-eu-aws-fra: provider said no/);
    const skipped = ["fabric-eu-aws-dub-dev", "mesh-eu-aws-dub-dev--eu-aws-fra", "mesh-eu-aws-fra--eu-azure-ams", "mesh-eu-aws-fra--eu-gcp-bru"];
    expect(first.calls.map((c) => c.o.shard).filter((s) => skipped.includes(s))).toEqual([]);
    expect(first.calls).toHaveLength(24 - skipped.length);

    // The rerun runs the failed shard and what it held back; everything else is unchanged.
    const second = fake();
    const again = await cli(second.deps(), "up", "--stack", "global");
    expect(again.code).toBe(0);
    expect(second.calls.map((c) => c.o.shard).sort()).toEqual(["cluster-eu-aws-fra", ...skipped].sort());
    expect(again.out).toMatch(/│ cluster-us-aws-iad\s+│ 1\s+│ unchanged \(same inputs as its update of /);
    expect(again.out).toMatch(/5 succeeded, 19 unchanged, 0 failed, 0 skipped/);
    const record = JSON.parse(readFileSync(join(dir, ".clusterfleet/runs/global.json"), "utf8")) as { shards: Record<string, { status: string }> };
    expect(Object.values(record.shards).map((s) => s.status)).toEqual(Array(24).fill("succeeded"));

    // --force runs them all again.
    const third = fake();
    await cli(third.deps(), "up", "--stack", "global", "--force", "--shard", "cluster-us-aws-iad", "--shard", "mesh-identity-us");
    expect(third.calls.map((c) => c.o.shard)).toEqual(["mesh-identity-us", "cluster-us-aws-iad"]);
  });

  it("passes every shard the fleet's observed state as the shards before it left it, and keeps a failed shard's last", async () => {
    const f = fake();
    expect((await cli(f.deps(), "up", "--stack", "global", "--parallel", "1")).code).toBe(0);
    const observedOf = (c: Call) => (c.o.config.plain["clusterfleet:observed"] as { clusters: Record<string, unknown> } | undefined)?.clusters;
    // Nothing recorded before the first shard; a fabric shard sees every cluster shard that ran before it.
    expect(observedOf(f.calls[0]!)).toBeUndefined();
    const fabric = f.calls.find((c) => c.o.shard === "fabric-eu-aws-dub-dev")!;
    expect(Object.keys(observedOf(fabric)!)).toEqual(expect.arrayContaining(["eu-aws-dub-dev", "eu-aws-fra", "us-aws-iad", "ap-aws-sin"]));
    expect(observedOf(fabric)!["eu-aws-fra"]).toEqual(deployed.clusters["eu-aws-fra"]);

    // A failed update keeps the shard's last observed part; the rerun's shards get the whole fleet's.
    const failing = fake(["cluster-eu-aws-fra"], "1.34");
    expect((await cli(failing.deps(), "up", "--stack", "global", "--force", "--shard", "cluster-eu-aws-fra", "--shard", "cluster-us-aws-iad")).code).toBe(5);
    const record = JSON.parse(readFileSync(join(dir, ".clusterfleet/runs/global.json"), "utf8")) as { shards: Record<string, { observed?: { clusters: Record<string, { kubernetesVersion: string }> } }> };
    expect(record.shards["cluster-eu-aws-fra"]!.observed!.clusters["eu-aws-fra"]).toEqual(deployed.clusters["eu-aws-fra"]);
    expect(record.shards["cluster-us-aws-iad"]!.observed!.clusters["us-aws-iad"]!.kubernetesVersion).toBe("1.34");
    const again = fake();
    await cli(again.deps(), "up", "--stack", "global", "--force", "--shard", "mesh-identity-eu");
    expect(Object.keys(observedOf(again.calls[0]!)!).sort()).toEqual(Object.keys(deployed.clusters).sort());
  });

  it("tells a shard whose state `clusterfleet migrate` moved to adopt it, until an update of it succeeds", async () => {
    const path = join(dir, ".clusterfleet/runs/global.json");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ version: 1, stack: "global", shards: { "cluster-eu-aws-fra": { hash: "", status: "succeeded", at: "2026-12-01T00:00:00.000Z", moved: true }, "cluster-us-aws-iad": { hash: "", status: "succeeded", at: "2026-12-01T00:00:00.000Z", moved: true } } }));
    const f = fake(["cluster-us-aws-iad"]);
    await cli(f.deps(), "up", "--stack", "global", "--shard", "cluster-eu-aws-fra", "--shard", "cluster-us-aws-iad", "--shard", "cluster-ap-aws-sin");
    const adopt = (shard: string) => f.calls.find((c) => c.o.shard === shard)!.o.config.plain["clusterfleet:adoptMovedState"];
    expect([adopt("cluster-eu-aws-fra"), adopt("cluster-us-aws-iad"), adopt("cluster-ap-aws-sin")]).toEqual([true, true, undefined]);
    const record = JSON.parse(readFileSync(path, "utf8")) as { shards: Record<string, { moved?: boolean }> };
    // Succeeded: adopted, the flag is gone. Failed: it stays for the next run.
    expect([record.shards["cluster-eu-aws-fra"]!.moved, record.shards["cluster-us-aws-iad"]!.moved]).toEqual([undefined, true]);
  });

  it("--preview previews every shard, and neither resumes nor records", async () => {
    const f = fake();
    await cli(f.deps(), "up", "--stack", "global");
    const p = fake();
    const r = await cli(p.deps(), "up", "--stack", "global", "--preview", "--shard", "mesh-identity-eu");
    expect(r.code).toBe(0);
    expect(p.calls.map((c) => [c.op, c.o.shard])).toEqual([["preview", "mesh-identity-eu"]]);
    expect(r.out).toMatch(/Preview of global: 1 succeeded/);
  });

  it("prints plain progress lines when not on a terminal", async () => {
    const r = await cli(fake().deps(), "up", "--stack", "global", "--shard", "mesh-identity-eu");
    expect(r.out.split("\n").slice(0, 3)).toEqual([
      expect.stringMatching(/^clusterfleet up --stack global: 1 shard, 4 at a time; logs in .*\.clusterfleet\/logs\/global\/$/),
      "mesh-identity-eu: up started",
      expect.stringMatching(/^mesh-identity-eu: succeeded in \d+\.\ds, create 1$/),
    ]);
  });
});

describe("clusterfleet destroy", () => {
  it("refuses shards holding clusters the fleet runs, naming why, and destroys nothing", async () => {
    const f = fake();
    const r = await cli(f.deps(), "destroy", "--stack", "global", "--shard", "fabric-ap-aws-sin", "--shard", "cluster-eu-aws-fra", "--shard", "cluster-us-aws-pdx-legacy", "--shard", "mesh-identity-eu", "--yes");
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/Refused: nothing was destroyed. 3 of 4 shards cannot be destroyed/);
    expect(r.out).toMatch(/cluster-eu-aws-fra: cluster eu-aws-fra is active: a cluster is destroyed only by the decommission job/);
    expect(r.out).toMatch(/cluster-us-aws-pdx-legacy: cluster us-aws-pdx-legacy is retired and due: `clusterfleet decommission` destroys it/);
    expect(r.out).toMatch(/mesh-identity-eu: holds the mesh trust roots/);
    expect(f.calls).toEqual([]);
  });

  it("needs --shard, lists without --yes, and destroys links dependents first with --yes", async () => {
    const f = fake();
    expect((await cli(f.deps(), "destroy", "--stack", "global")).err).toMatch(/destroy needs --shard NAME/);
    const names = ["fabric-eu-aws-dub-dev", "mesh-eu-aws-fra--eu-gcp-bru", "cluster-gone"];
    const dry = await cli(f.deps(), "destroy", "--stack", "global", ...names.flatMap((n) => ["--shard", n]));
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Would destroy \(run again with --yes\):\n {2}fabric-eu-aws-dub-dev: a fabric shard/);
    expect(dry.out).toMatch(/cluster-gone: no longer in the plan/);
    expect(f.calls).toEqual([]);
    const r = await cli(f.deps(), "destroy", "--stack", "global", "--parallel", "1", ...names.flatMap((n) => ["--shard", n]), "--yes");
    expect(r.code).toBe(0);
    const order = f.calls.map((c) => c.o.shard);
    expect(new Set(f.calls.map((c) => c.op))).toEqual(new Set(["destroy"]));
    // The mesh link reads the fabric: it goes first.
    expect(order.indexOf("mesh-eu-aws-fra--eu-gcp-bru")).toBeLessThan(order.indexOf("fabric-eu-aws-dub-dev"));
  });
});

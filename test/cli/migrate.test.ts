// `clusterfleet migrate` on the shipped global stack, deployed as one stack under mocks: every cloud
// resource of the single stack goes to exactly one shard stack (the one that renders it), nothing is
// left behind, and the run record gets each shard's part of the deployed observed state. The real
// `pulumi state move` is exercised by test/engine/migrate.engine.test.ts.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MigrateDeps } from "../../src/cli/migrate-command.ts";
import { main } from "../../src/cli/main.ts";
import type { StateResource } from "../../src/plan/decommission.ts";
import { revealSecrets } from "../../src/preview/wire-values.ts";
import { planMigration, observedParts } from "../../src/shards/migration.ts";
import { NOW } from "../fixtures/fleets.ts";
import { runStack } from "../fixtures/run-stack.ts";

const cloud = (r: StateResource) => r.custom && !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:StackReference";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "clusterfleet-migrate-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The single global stack as deployed (a mock run), and a fake CLI whose state moves take resources out of it. */
async function deployed() {
  const run = await runStack("global");
  let state: StateResource[] = run.resources.map((r) => ({ urn: r.urn, type: r.type, ...(r.parentUrn ? { parent: r.parentUrn } : {}), custom: r.custom }));
  const moves: { source: string; dest: string; urns: readonly string[] }[] = [];
  const inits: string[] = [];
  const deps: MigrateDeps = {
    projectDir: dir,
    openStack: async () => ({ outputs: async () => revealSecrets(run.outputs) as Record<string, unknown>, resources: async () => state }),
    initStack: async (name) => void inits.push(name),
    stateMove: async (source, dest, urns) => {
      moves.push({ source, dest, urns });
      state = state.filter((r) => !urns.includes(r.urn));
    },
  };
  return { run, deps, moves, inits, all: () => state };
}

async function cli(deps: MigrateDeps, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["migrate", ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW, migrate: deps });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("clusterfleet migrate", { timeout: 300_000 }, () => {
  it("lists, then moves every cloud resource of the single stack to the one shard that renders it", async () => {
    const d = await deployed();
    const cloudUrns = d.all().filter(cloud).map((r) => r.urn);
    const dry = await cli(d.deps, "--stack", "global");
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(new RegExp(`Would move ${cloudUrns.length} resources into \\d+ shard stacks`));
    expect(d.moves).toEqual([]);

    const r = await cli(d.deps, "--stack", "global", "--yes");
    expect(r.code, r.out).toBe(0);
    const moved = d.moves.flatMap((m) => m.urns);
    expect(moved.sort()).toEqual([...cloudUrns].sort());
    expect(new Set(moved).size).toBe(moved.length);
    expect(new Set(d.moves.map((m) => m.source))).toEqual(new Set(["global"]));
    expect(d.inits).toEqual([...new Set(d.moves.map((m) => m.dest))]);
    // A cluster's VPC goes to its cluster shard; a link's attachment to the fabric shard of its island.
    const destOf = (name: string) => d.moves.find((m) => m.urns.some((u) => u.endsWith(`::${name}`)))?.dest;
    expect(destOf("acme-eu-aws-fra-vpc")).toBe("global.cluster-eu-aws-fra");
    expect(r.out).toMatch(/now holds only providers and components/);
    // The record gives each shard its part of the deployed state; the first `clusterfleet up` runs them all.
    const record = JSON.parse(readFileSync(join(dir, ".clusterfleet/runs/global.json"), "utf8")) as { shards: Record<string, { hash: string; observed?: { clusters: Record<string, unknown> } }> };
    expect(Object.keys(record.shards["cluster-eu-aws-fra"]!.observed!.clusters)).toEqual(["eu-aws-fra"]);
    expect(new Set(Object.values(record.shards).map((s) => s.hash))).toEqual(new Set([""]));
  });

  it("refuses, moving nothing, when a resource belongs to no shard", async () => {
    const d = await deployed();
    const stray: StateResource = { urn: "urn:pulumi:global::clusterfleet::aws:s3/bucket:Bucket::hand-made", type: "aws:s3/bucket:Bucket", custom: true };
    const deps: MigrateDeps = { ...d.deps, openStack: async (s, p) => ({ outputs: (await d.deps.openStack(s, p)).outputs, resources: async () => [...d.all(), stray] }) };
    const r = await cli(deps, "--stack", "global", "--yes");
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/no shard renders aws:s3\/bucket:Bucket hand-made/);
    expect(d.moves).toEqual([]);
  });
});

describe("planMigration and observedParts", () => {
  it("name a resource two shards render as a conflict, and cut the observed state by shard", () => {
    const state: StateResource[] = [{ urn: "urn:pulumi:s::p::t:x::a", type: "t:x", custom: true }];
    const m = planMigration(state, new Map([["one", new Set(["t:x a"])], ["two", new Set(["t:x a"])]]));
    expect(m.conflicts).toEqual([{ resource: "t:x a", shards: ["one", "two"] }]);
    const parts = observedParts({ clusters: { a: { kubernetesVersion: "1.35" } }, fabric: { asns: { x: 1 } } }, [
      { name: "cluster-a", kind: "cluster", clusters: ["a"] },
      { name: "fabric-a", kind: "fabric", clusters: ["a"] },
      { name: "mesh-identity-eu", kind: "mesh-identity", clusters: [] },
    ] as never);
    expect(Object.fromEntries(parts)).toEqual({ "cluster-a": { clusters: { a: { kubernetesVersion: "1.35" } } }, "fabric-a": { clusters: {}, fabric: { asns: { x: 1 }, tunnels: {}, gatewaySubnets: {} } } });
  });
});

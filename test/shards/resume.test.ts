// Resume on data: the input hash, the decision to skip a shard, and the run record file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shardHash } from "../../src/cli/up-command.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { readRunRecord, recordShard, resumeReason, runRecordPath, shardInputHash, type ShardRecord } from "../../src/shards/resume.ts";
import type { ShardOutcome } from "../../src/shards/schedule.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";

const inputs = { shard: { name: "cluster-a", after: ["x"] }, clusters: [{ name: "a", version: "1.35" }], config: { "clusterfleet:fleet": { name: "f", n: 1 } }, version: "0.1.0" };

describe("shardInputHash", () => {
  it("is the same for the same inputs in any key order, and differs when any input does", () => {
    const reordered = { version: "0.1.0", config: { "clusterfleet:fleet": { n: 1, name: "f" } }, clusters: [{ version: "1.35", name: "a" }], shard: { after: ["x"], name: "cluster-a" } };
    expect(shardInputHash(reordered)).toBe(shardInputHash(inputs));
    expect(shardInputHash({ ...inputs, version: "0.2.0" })).not.toBe(shardInputHash(inputs));
    expect(shardInputHash({ ...inputs, config: { "clusterfleet:fleet": { name: "f", n: 2 } } })).not.toBe(shardInputHash(inputs));
    expect(shardInputHash({ ...inputs, clusters: [{ name: "a", version: "1.36" }] })).not.toBe(shardInputHash(inputs));
  });

  it("changes for a cluster shard when its cluster's spec changes, not when another cluster's does", () => {
    const spec = stackFile("global").spec as { clusters: { name: string; kubernetesVersion?: string; nodePools?: unknown }[] };
    const config = { "clusterfleet:fleet": spec };
    const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
    const shard = (p: typeof plan, n: string) => p.shards!.find((s) => s.name === n)!;
    const edited = structuredClone(spec);
    const iad = edited.clusters.find((c) => c.name === "us-aws-iad")!;
    iad.nodePools = [{ name: "system", min: 3, max: 9 }];
    const plan2 = planFleet(edited, defaultCatalog, undefined, { now: NOW });
    // The config holds the whole spec, so every shard sees the edit: resume is conservative, never stale.
    expect(shardHash(plan2, shard(plan2, "cluster-us-aws-iad"), { "clusterfleet:fleet": edited }, "v")).not.toBe(shardHash(plan, shard(plan, "cluster-us-aws-iad"), config, "v"));
    expect(shardHash(plan, shard(plan, "cluster-eu-aws-fra"), config, "v")).toBe(shardHash(planFleet(spec, defaultCatalog, undefined, { now: NOW }), shard(plan, "cluster-eu-aws-fra"), config, "v"));
  });
});

describe("resumeReason", () => {
  const ok: ShardRecord = { hash: "h1", status: "succeeded", at: "2026-11-21T00:00:00.000Z" };
  const none = new Map<string, ShardOutcome>();
  it.each([
    ["never ran", undefined, "h1", none, false, undefined],
    ["last failed", { ...ok, status: "failed" as const }, "h1", none, false, undefined],
    ["inputs changed", ok, "h2", none, false, undefined],
    ["forced", ok, "h1", none, true, undefined],
    ["a prerequisite changed something", ok, "h1", new Map<string, ShardOutcome>([["p", { status: "succeeded", changes: { update: 1 } }]]), false, undefined],
    ["same inputs, prerequisite ran without changes", ok, "h1", new Map<string, ShardOutcome>([["p", { status: "succeeded", changes: { same: 4 } }]]), false, "same inputs as its update of 2026-11-21 00:00 UTC"],
    ["same inputs, prerequisite unchanged", ok, "h1", new Map<string, ShardOutcome>([["p", { status: "unchanged", reason: "x" }]]), false, "same inputs as its update of 2026-11-21 00:00 UTC"],
  ])("%s", (_why, record, hash, upstream, force, want) => {
    expect(resumeReason(record, hash, upstream, force)).toBe(want);
  });
});

describe("the run record", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "clusterfleet-record-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps each shard's last result across reads, and forgets a shard when asked", () => {
    const path = runRecordPath(dir, "global");
    expect(path).toBe(join(dir, ".clusterfleet/runs/global.json"));
    let r = readRunRecord(path, "global");
    expect(r.shards).toEqual({});
    r = recordShard(path, r, "a", { hash: "1", status: "succeeded", at: "t" });
    r = recordShard(path, r, "b", { hash: "2", status: "failed", at: "t" });
    expect(readRunRecord(path, "global").shards).toEqual({ a: { hash: "1", status: "succeeded", at: "t" }, b: { hash: "2", status: "failed", at: "t" } });
    recordShard(path, readRunRecord(path, "global"), "a", undefined);
    expect(Object.keys(readRunRecord(path, "global").shards)).toEqual(["b"]);
  });

  it("reads a damaged file, or another stack's, as no record (so everything runs)", () => {
    const path = runRecordPath(dir, "global");
    recordShard(path, readRunRecord(path, "global"), "a", { hash: "1", status: "succeeded", at: "t" });
    expect(readRunRecord(path, "prod").shards).toEqual({});
    writeFileSync(path, "{ half");
    expect(readRunRecord(path, "global").shards).toEqual({});
    expect(readFileSync(path, "utf8")).toBe("{ half");
  });
});

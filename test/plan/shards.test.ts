// The fleet's shards, planned: every live cluster in exactly one cluster shard, every fabric link in
// exactly one fabric shard, no shard running before what it reads, and state kept where the
// jurisdictions say.
import { describe, expect, it } from "vitest";
import { syntheticCatalog, syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ShardPlan } from "../../src/plan/shards.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { NOW, STACKS, stackFile } from "../fixtures/fleets.ts";

type Spec = Record<string, unknown> & { jurisdictions: Record<string, Record<string, unknown>> };
const specOf = (stack: (typeof STACKS)[number]) => structuredClone(stackFile(stack).spec) as Spec;
const plan = (spec: unknown): FleetPlan => planFleet(spec, defaultCatalog, undefined, { now: NOW });
const shard = (p: FleetPlan, name: string): ShardPlan => {
  const s = p.shards!.find((x) => x.name === name);
  if (!s) throw new Error(`no shard ${name} in ${p.shards!.map((x) => x.name).join(", ")}`);
  return s;
};

describe.each(STACKS)("the shards of stack %s", (stack) => {
  const p = plan(specOf(stack));
  const shards = p.shards!;
  const live = p.clusters.filter((c) => c.action !== "destroy");

  it("give each live cluster one cluster shard, run in its own network", () => {
    const clusterShards = shards.filter((s) => s.kind === "cluster");
    expect(clusterShards.map((s) => s.clusters[0]).sort()).toEqual(live.map((c) => c.name).sort());
    for (const s of clusterShards) {
      const c = live.find((x) => x.name === s.clusters[0])!;
      expect(s.runsIn).toEqual({ kind: "cluster-network", cluster: c.name, provider: c.provider, region: c.region });
      expect(s.jurisdictions).toEqual([c.jurisdiction]);
    }
  });

  it("build every fabric link in exactly one fabric shard", () => {
    const built = shards.flatMap((s) => s.links ?? []);
    expect(built.sort()).toEqual((p.fabric?.links ?? []).map((l) => l.key).sort());
  });

  it("are unique, and run only after every shard they read, in an earlier stage", () => {
    expect(new Set(shards.map((s) => s.name)).size).toBe(shards.length);
    const stage = new Map(shards.map((s) => [s.name, s.stage]));
    for (const s of shards) {
      for (const r of s.reads) expect(s.after, `${s.name} reads ${r}`).toContain(r);
      for (const a of s.after) expect(stage.get(a)!, `${s.name} after ${a}`).toBeLessThan(s.stage);
    }
  });
});

describe("the shards of stack global", () => {
  const p = plan(specOf("global"));

  it("keep the isolated EU's links apart from the US and APAC, which may peer", () => {
    const fabric = p.shards!.filter((s) => s.kind === "fabric");
    expect(fabric.map((s) => s.jurisdictions)).toEqual(expect.arrayContaining([["eu"], ["apac", "us"]]));
    for (const s of fabric) expect(s.runsIn).toEqual({ kind: "cloud-apis" });
  });

  it("join two meshed clusters last, after both clusters and the fabric between them", () => {
    const link = p.meshLinks[0]!;
    const [a, b] = [link.from, link.to].sort();
    const s = shard(p, `mesh-${a}--${b}`);
    expect(s.reads).toEqual([`cluster-${a}`, `cluster-${b}`]);
    expect(s.after.some((x) => x.startsWith("fabric-"))).toBe(true);
    expect(s.stage).toBeGreaterThan(shard(p, `cluster-${a}`).stage);
  });

  it("create each jurisdiction's mesh roots in its own shard, read by its clusters and those it is meshed with", () => {
    const identity = p.shards!.filter((x) => x.kind === "mesh-identity");
    expect(identity.map((s) => s.name)).toEqual(["mesh-identity-apac", "mesh-identity-eu", "mesh-identity-us"]);
    for (const s of identity) {
      expect(s.stage).toBe(0);
      expect(s.roots).toEqual((p.meshTrustRoots ?? []).filter((r) => r.jurisdiction === s.jurisdictions[0]).map((r) => r.key).sort());
    }
    const byName = new Map(p.clusters.map((c) => [c.name, c]));
    const rootJurisdiction = new Map((p.meshTrustRoots ?? []).map((r) => [r.key, r.jurisdiction]));
    for (const s of p.shards!.filter((x) => x.kind === "cluster")) {
      const c = byName.get(s.clusters[0]!)!;
      // Its own jurisdiction's roots shard first of all; the EU, isolated, reads no other jurisdiction's.
      expect(s.reads).toContain(`mesh-identity-${c.jurisdiction}`);
      expect(s.reads).toEqual([...new Set(c.meshTrust!.trustedRoots.map((k) => `mesh-identity-${rootJurisdiction.get(k)}`))].sort());
      if (c.jurisdiction === "eu") expect(s.reads).toEqual(["mesh-identity-eu"]);
    }
  });

  it("keep each shard's state in its jurisdiction's declared backend", () => {
    const spec = specOf("global");
    spec.jurisdictions["eu"]!["stateBackend"] = "s3://acme-state-eu?region=eu-central-1";
    spec.jurisdictions["us"]!["stateBackend"] = "s3://acme-state-us?region=us-east-1";
    const q = plan(spec);
    expect(shard(q, "cluster-eu-aws-fra").state).toEqual({ backend: "s3://acme-state-eu?region=eu-central-1", of: "eu", holdsOutside: [], consented: true });
    // APAC declares none: its clusters' shards use the backend the runner is logged in to.
    expect(shard(q, "cluster-ap-aws-sin").state).toEqual({ holdsOutside: [], consented: true });
    // The US–APAC fabric: kept in the US backend; APAC declared none, so nothing leaves a declared backend.
    const usApac = q.shards!.find((s) => s.kind === "fabric" && s.jurisdictions.includes("us"))!;
    expect(usApac.state).toMatchObject({ backend: "s3://acme-state-us?region=us-east-1", of: "us", holdsOutside: [], consented: true });
  });

  it("name the jurisdiction whose declared backend a shared shard's state leaves", () => {
    const spec = specOf("global");
    spec.jurisdictions["us"]!["stateBackend"] = "s3://acme-state-us?region=us-east-1";
    spec.jurisdictions["apac"]!["stateBackend"] = "gs://acme-state-apac";
    const usApac = plan(spec).shards!.find((s) => s.kind === "fabric" && s.jurisdictions.includes("us"))!;
    expect(usApac.state).toEqual({ backend: "gs://acme-state-apac", of: "apac", holdsOutside: ["us"], consented: true });
  });

  it("refuses a state backend that is not a self-managed backend URL, naming the field", () => {
    const spec = specOf("global");
    spec.jurisdictions["eu"]!["stateBackend"] = "https://api.pulumi.com";
    const q = plan(spec);
    expect(q.problems?.map((x) => x.path)).toContain("jurisdictions.eu.stateBackend");
    expect(q.shards).toBeUndefined();
  });
});

describe("shards at scale", () => {
  it("give a 1,000-cluster fleet one shard per cluster, and stages that do not grow with it", () => {
    const p = planFleet(syntheticFleet(1000), syntheticCatalog, undefined, { now: NOW });
    expect(p.problems).toBeUndefined();
    expect(p.shards!.filter((s) => s.kind === "cluster")).toHaveLength(1000);
    // Roots, clusters, fabric, mesh links: four stages however many clusters (each cluster shard runs side by side).
    expect(Math.max(...p.shards!.map((s) => s.stage))).toBeLessThanOrEqual(3);
  });
});

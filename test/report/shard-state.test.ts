// Where each shard's state lives, in `clusterfleet report`: a shard fails when its state would leave
// its jurisdictions' declared backends without their consent, or its s3:// backend names a region
// outside the jurisdiction that declared it.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { main } from "../../src/cli/main.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ShardPlan } from "../../src/plan/shards.ts";
import { complianceReport } from "../../src/report/compliance.ts";
import { shardStateCompliance } from "../../src/report/shard-state.ts";
import { parseFleetSpec } from "../../src/spec/parse.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";

type Spec = Record<string, any>;
const JURISDICTIONS = { eu: { regions: { aws: ["eu-central-1", "eu-west-1"] } }, us: { regions: { aws: ["us-east-1"] } }, apac: { regions: { aws: ["ap-southeast-1"] } } };
const shard = (state: ShardPlan["state"], jurisdictions = ["eu"]): ShardPlan => ({ name: "cluster-x", kind: "cluster", clusters: ["x"], jurisdictions, runsIn: { kind: "cloud-apis" }, reads: [], after: [], stage: 0, state });

describe("shard state compliance", () => {
  it.each([
    ["logged-in backend", { holdsOutside: [], consented: true }, "pass", [], []],
    ["s3 in the jurisdiction", { backend: "s3://acme-eu?region=eu-central-1", of: "eu", holdsOutside: [], consented: true }, "pass", [], []],
    ["s3 outside it", { backend: "s3://acme-eu?region=us-east-1", of: "eu", holdsOutside: [], consented: true }, "fail", [/backend region us-east-1 is outside jurisdiction eu \(its AWS regions: eu-central-1, eu-west-1\)/], []],
    ["gs, no location", { backend: "gs://acme-eu", of: "eu", holdsOutside: [], consented: true }, "pass", [], [/gs:\/\/ URL carries no location: location not checked/]],
    ["azblob, no location", { backend: "azblob://acme-eu", of: "eu", holdsOutside: [], consented: true }, "pass", [], [/azblob:\/\/ URL carries no location/]],
    ["outside, by consent", { backend: "gs://acme-apac", of: "apac", holdsOutside: ["us"], consented: true }, "pass", [], [/shared by consent \(mayPeerWith\)/]],
    ["outside, no consent", { backend: "gs://acme-apac", of: "apac", holdsOutside: ["us"], consented: false }, "fail", [/holds data of us but is kept in apac's backend/], []],
  ] as const)("%s: %s", (_, state, verdict, problems, notes) => {
    const r = shardStateCompliance(shard(state as ShardPlan["state"], ["apac", "us"].includes((state as { of?: string }).of ?? "") ? ["apac", "us"] : ["eu"]), JURISDICTIONS);
    expect(r.verdict).toBe(verdict);
    expect(r.problems).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(r.problems[i]).toMatch(p));
    notes.forEach((n) => expect(r.notes.join("\n")).toMatch(n));
  });

  it("fails the whole report for a shard whose backend is in another jurisdiction's region", () => {
    const spec = structuredClone(stackFile("global").spec) as Spec;
    spec["jurisdictions"].eu.stateBackend = "s3://acme-state-eu?region=us-east-1";
    const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
    const parsed = parseFleetSpec(spec);
    if (!parsed.ok) throw new Error("spec");
    const report = complianceReport(plan, [], parsed.value.jurisdictions);
    expect(report.clusters.every((c) => c.verdict === "pass")).toBe(true);
    expect(report.verdict).toBe("fail");
    expect(report.shards!.filter((s) => s.verdict === "fail").map((s) => s.shard)).toEqual(expect.arrayContaining(["cluster-eu-aws-fra", "fabric-eu-aws-dub-dev"]));
  });
});

describe("clusterfleet report: where shards' state lives", () => {
  it("lists each shard's backend and includes the section in --json", async () => {
    const out: string[] = [];
    const code = await main(["report", "--stack", "global", "--json"], { out: (s) => out.push(s), err: (s) => out.push(s), now: () => NOW });
    const report = JSON.parse(out.join("\n")) as { verdict: string; shards: { shard: string; backend: string; verdict: string }[] };
    expect(code).toBe(0);
    expect(report.shards.find((s) => s.shard === "cluster-eu-aws-fra")).toMatchObject({ backend: "logged-in backend", verdict: "pass" });
    // Every shard of the stack's plan: the three jurisdictions' mesh roots, one per cluster, the fabric islands, the mesh links.
    const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });
    expect(report.shards.map((s) => s.shard).sort()).toEqual(plan.shards!.map((s) => s.name).sort());
    expect(report.shards.filter((s) => s.shard.startsWith("mesh-identity-"))).toHaveLength(3);
  }, 120_000);
});

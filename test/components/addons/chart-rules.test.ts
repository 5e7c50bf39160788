// Every values object ClusterFleet installs passes what its pinned chart's templates refuse (chart-rules.ts:
// the charts' `fail`/`required` calls, quoted with their source), and the rules themselves catch the
// mistakes they were written for: Loki's chart defaults (read/write/backend at 3 replicas beside the
// single binary) fail its validate.yaml, and its default chunks cache does not fit an 8 GiB node.
import { describe, expect, it } from "vitest";
import { chartValues, fleetValues } from "../../../components/addons/values/by-addon.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { chartDefaults } from "../../fixtures/charts.ts";
import { baseFleet, NOW, stackFile } from "../../fixtures/fleets.ts";
import { chartRuleFailures, memcachedRequestMi } from "./chart-rules.ts";

const PLACEHOLDERS = { linkerdTrustAnchorPem: "-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----\n", logServiceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/loki" } };

function linkerdFleet(): FleetPlan {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, mesh: "linkerd", policy: "kyverno", observability: { metrics: true, logs: true, traces: true, logRetentionDays: 30 } };
  return planFleet(spec, defaultCatalog, undefined, { now: NOW });
}

const plans: FleetPlan[] = [
  planFleet(stackFile("prod-eu").spec, defaultCatalog, undefined, { now: NOW }),
  planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW }),
  linkerdFleet(),
];
const rows = plans.flatMap((plan) => plan.clusters.filter((c) => c.action !== "destroy").flatMap((cluster) => cluster.addons.map((addon) => ({ plan, cluster, addon, label: `${plan.fleet} ${cluster.name} ${addon.id}` }))));

describe("what the pinned charts' templates refuse", () => {
  it.each(rows)("$label: renders (no fail/required of the chart is hit)", ({ plan, cluster, addon }) => {
    expect(chartRuleFailures(addon.id, chartValues(addon, { fleet: plan.fleet, cluster }, PLACEHOLDERS))).toEqual([]);
  });

  it("Loki on every kind of log store: object storage (3 single-binary replicas) and filesystem (1)", () => {
    const kinds = new Set(rows.filter((r) => r.addon.id === "loki").map((r) => r.cluster.observability.logStore?.kind));
    expect(kinds).toEqual(new Set(["s3", "gcs", "azure-blob", "filesystem"]));
  });

  // The bug this guards: deploymentMode Monolithic with the chart's default read/write/backend replicas (3).
  it("Loki's validate.yaml refuses single-binary replicas beside the chart's default simple-scalable ones", () => {
    const c = plans[0]!.clusters.find((x) => x.provider === "aws")!;
    const ours = fleetValues("loki", { fleet: plans[0]!.fleet, cluster: c }, PLACEHOLDERS);
    const withoutZeroes = Object.fromEntries(Object.entries(ours).filter(([k]) => !["read", "write", "backend"].includes(k)));
    expect(chartRuleFailures("loki", withoutZeroes)).toEqual(["You have more than zero replicas configured for both the monolithic and simple scalable targets."]);
  });

  it.each([
    [{ config: "auth_enabled: false" }, "Top level 'config' is not allowed"],
    [{ loki: { storage: { type: "filesystem" } }, singleBinary: { replicas: 2 } }, "Cannot run more than 1 Monolithic replica without an object storage backend."],
    [{ loki: { useTestSchema: true } }, "loki.useTestSchema must be false if loki.schemaConfig or loki.structuredConfig.schema_config are defined."],
    [{ singleBinary: { autoscaling: { enabled: true }, kedaAutoscaling: { enabled: true } } }, "Cannot enable both HPA and Keda based autoscaling for a component at the same time."],
    [{ minio: { enabled: true } }, "The Loki chart builtin MinIO dependency is deprecated"],
    [{ ingester: { replicas: 1 } }, "You have more than zero replicas configured for both the monolithic and distributed targets"],
  ] as const)("Loki refuses an override %j", (override, message) => {
    const c = plans[0]!.clusters.find((x) => x.provider === "aws")!;
    const loki = c.addons.find((a) => a.id === "loki")!;
    expect(chartRuleFailures("loki", chartValues({ ...loki, values: override }, { fleet: plans[0]!.fleet, cluster: c }, PLACEHOLDERS))).toContain(message);
  });

  it("the chart's own defaults need a schema_config (one per Loki cluster)", () => {
    expect(chartRuleFailures("loki", {})).toContain("You must provide a schema_config for Loki");
  });

  it("linkerd-control-plane requires the trust anchors", () => {
    expect(chartRuleFailures("linkerd-control-plane", {})).toEqual(["Please provide the identity trust anchors"]);
  });
});

describe("Loki's caches are sized to the cluster", () => {
  // Every provider's default node type has at least 8 GiB (m7i.large 8, e2-standard-4 16, Standard_D4s_v5 16):
  // a cache pod may take at most a quarter of it, leaving room for the workloads the nodes exist for.
  const NODE_MI = 8 * 1024;
  it("the chart's default chunks cache requests more memory than an 8 GiB node has", () => {
    const chunks = (chartDefaults("loki")["chunksCache"] as { allocatedMemory: number }).allocatedMemory;
    expect(memcachedRequestMi(chunks)).toBeGreaterThan(NODE_MI);
  });
  it.each(rows.filter((r) => r.addon.id === "loki"))("$label: each cache pod fits in a quarter of a default node", ({ plan, cluster, addon }) => {
    const v = chartValues(addon, { fleet: plan.fleet, cluster }, PLACEHOLDERS) as { chunksCache: { allocatedMemory: number }; resultsCache: { allocatedMemory: number } };
    expect(memcachedRequestMi(v.chunksCache.allocatedMemory)).toBeLessThanOrEqual(NODE_MI / 4);
    expect(memcachedRequestMi(v.resultsCache.allocatedMemory)).toBeLessThanOrEqual(NODE_MI / 4);
  });
});

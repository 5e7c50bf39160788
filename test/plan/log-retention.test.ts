// Logs are kept for a bounded time (GDPR art. 5(1)(e), storage limitation): 30 days unless the fleet or
// the cluster says otherwise, applied by Loki's compactor (which keeps logs forever unless
// retention_enabled: grafana.com/docs/loki/latest/operations/storage/retention/), with the bucket's
// lifecycle rule later than the retention, as Loki's docs require.
import { describe, expect, it } from "vitest";
import { fleetValues } from "../../components/addons/values/by-addon.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { BUCKET_EXPIRY_MARGIN_DAYS } from "../../src/plan/addons.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const plan = (spec: unknown) => planFleet(spec, defaultCatalog, undefined, { now: NOW });

describe("log retention", () => {
  it("defaults to 30 days, in Loki's compactor and in the bucket's expiry (later than the retention)", () => {
    const p = plan(baseFleet());
    const aws = p.clusters.find((c) => c.name === "eu-aws")!;
    expect(aws.observability.logStore).toMatchObject({ kind: "s3", retentionDays: 30, bucketExpiryDays: 30 + BUCKET_EXPIRY_MARGIN_DAYS });
    const v = fleetValues("loki", { fleet: p.fleet, cluster: aws }, { logServiceAccountAnnotations: {} }) as { loki: Record<string, unknown> };
    expect(v.loki["limits_config"]).toEqual({ retention_period: "720h" });
    expect(v.loki["compactor"]).toEqual({ retention_enabled: true, delete_request_store: "s3" });
    const dc = p.clusters.find((c) => c.name === "eu-dc")!;
    expect(dc.observability.logStore).toEqual({ kind: "filesystem", region: "fra-dc1", retentionDays: 30 });
    expect((fleetValues("loki", { fleet: p.fleet, cluster: dc }) as { loki: Record<string, unknown> }).loki["compactor"]).toEqual({ retention_enabled: true, delete_request_store: "filesystem" });
  });

  it("is set fleet-wide and per cluster", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, observability: { logRetentionDays: 90 } };
    spec.clusters[1].addons = { observability: { logRetentionDays: 7 } };
    const p = plan(spec);
    expect(p.clusters.find((c) => c.name === "eu-aws")!.observability.logStore).toMatchObject({ retentionDays: 90, bucketExpiryDays: 97 });
    expect(p.clusters.find((c) => c.name === "eu-gcp")!.observability.logStore).toMatchObject({ kind: "gcs", retentionDays: 7, bucketExpiryDays: 14 });
  });

  it("refuses a retention of zero days, naming the field", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, observability: { logRetentionDays: 0 } };
    expect(plan(spec).problems?.map((i) => i.path)).toEqual(["defaults.observability.logRetentionDays"]);
  });

  it("may not be overridden through Loki's values (the spec field is the one place)", () => {
    const spec = baseFleet();
    spec.clusters[0].addons = { overrides: { loki: { values: { loki: { limits_config: { retention_period: "0s" }, config: "auth_enabled: false" } } } } };
    expect(plan(spec).problems?.map((i) => [i.path, i.code])).toEqual([
      ["clusters[0].addons.overrides.loki.values.loki.config", "addons/fleet-owned-value"],
      ["clusters[0].addons.overrides.loki.values.loki.limits_config.retention_period", "addons/fleet-owned-value"],
    ]);
  });

  it("keeps additionalRemoteWrite and Thanos uploads fleet-owned (other ways for metrics to leave)", () => {
    const spec = baseFleet();
    spec.clusters[0].addons = { overrides: { "kube-prometheus-stack": { values: { prometheus: { prometheusSpec: { additionalRemoteWrite: [{ url: "https://elsewhere.example" }], thanos: { objectStorageConfig: {} } } } } } } };
    expect(plan(spec).problems?.map((i) => i.path)).toEqual([
      "clusters[0].addons.overrides.kube-prometheus-stack.values.prometheus.prometheusSpec.additionalRemoteWrite",
      "clusters[0].addons.overrides.kube-prometheus-stack.values.prometheus.prometheusSpec.thanos",
    ]);
  });
});

// What each pinned chart refuses to render, beyond its values schema: the `fail` and `required` calls
// of its templates, encoded as predicates over the values Helm renders with (the chart's values.yaml
// coalesced with ours). Each rule quotes the template it comes from; a release whose values break one
// fails `helm install` (and the Pulumi Release) before anything reaches the cluster.
import { mergeValues } from "../../../src/plan/values.ts";
import type { AddonId } from "../../../src/spec/addons.ts";
import { chartDefaults } from "../../fixtures/charts.ts";

type Values = Record<string, unknown>;

export interface ChartRule {
  /** The chart's own message (or the gist of it). */
  readonly message: string;
  /** Where the chart says it: repository, path at the pinned tag. */
  readonly source: string;
  /** True when the chart would fail on these (coalesced) values. */
  readonly fails: (v: Values) => boolean;
}

const get = (v: unknown, path: string): unknown => path.split(".").reduce<unknown>((cur, k) => (cur !== null && typeof cur === "object" ? (cur as Values)[k] : undefined), v);
const int = (v: unknown): number => (typeof v === "number" ? Math.trunc(v) : typeof v === "string" && v !== "" ? Number.parseInt(v, 10) || 0 : 0);
const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== 0 && v !== "" && !(typeof v === "object" && Object.keys(v as object).length === 0);

const LOKI_VALIDATE = "grafana-community/helm-charts charts/loki/templates/validate.yaml (loki-18.11.0)";
const LOKI_OBJECT_STORES = ["s3", "gcs", "azure", "swift", "alibabacloud", "cos", "bos"]; // _helpers.tpl loki.isUsingObjectStorage
const SCALABLE = ["backend", "read", "write"];
const DISTRIBUTED = ["ingester", "distributor", "querier", "queryFrontend", "queryScheduler", "indexGateway", "compactor", "ruler"];
const AUTOSCALED = ["querier", "distributor", "ingester", "queryFrontend", "bloomBuilder", "bloomGateway", "bloomPlanner", "patternIngester", "overridesExporter", "gateway", "read", "write", "backend", "singleBinary"];

const loki = {
  filesystem: (v: Values) => !LOKI_OBJECT_STORES.includes(String(get(v, "loki.storage.type"))),
  monolithic: (v: Values) => int(get(v, "singleBinary.replicas")),
  scalable: (v: Values) => SCALABLE.some((t) => int(get(v, `${t}.replicas`)) > 0),
  distributed: (v: Values) => DISTRIBUTED.some((t) => int(get(v, `${t}.replicas`)) > 0),
  mode: (v: Values) => String(get(v, "deploymentMode")),
};

export const CHART_RULES: Partial<Record<AddonId, readonly ChartRule[]>> = {
  loki: [
    { message: "Top level 'config' is not allowed", source: LOKI_VALIDATE, fails: (v) => truthy(v["config"]) },
    { message: "Helm test requires the Loki Canary to be enabled", source: LOKI_VALIDATE, fails: (v) => !truthy(get(v, "lokiCanary.enabled")) && truthy(get(v, "test.enabled")) },
    { message: "The Loki chart builtin MinIO dependency is deprecated", source: LOKI_VALIDATE, fails: (v) => truthy(get(v, "minio.enabled")) && !truthy(v["ignoreMinioDeprecation"]) },
    { message: "Cannot run more than 1 Monolithic replica without an object storage backend.", source: LOKI_VALIDATE, fails: (v) => loki.filesystem(v) && loki.monolithic(v) > 1 },
    {
      message: "Cannot run scalable targets (backend, read, write) or distributed targets without an object storage backend.",
      source: LOKI_VALIDATE,
      fails: (v) => loki.filesystem(v) && loki.monolithic(v) === 0 && (loki.scalable(v) || loki.distributed(v)),
    },
    {
      message: "You have more than zero replicas configured for scalable targets (backend, read, write) and distributed targets.",
      source: LOKI_VALIDATE,
      fails: (v) => loki.scalable(v) && loki.distributed(v) && loki.mode(v) !== "SimpleScalable<->Distributed",
    },
    { message: "You have more than zero replicas configured for both the monolithic and distributed targets", source: LOKI_VALIDATE, fails: (v) => loki.monolithic(v) > 0 && loki.distributed(v) },
    {
      message: "You have more than zero replicas configured for both the monolithic and simple scalable targets.",
      source: LOKI_VALIDATE,
      fails: (v) => loki.monolithic(v) > 0 && loki.scalable(v) && !["Monolithic<->SimpleScalable", "SingleBinary<->SimpleScalable"].includes(loki.mode(v)),
    },
    {
      message: "Cannot enable both HPA and Keda based autoscaling for a component at the same time.",
      source: "grafana-community/helm-charts charts/loki/templates/_keda.tpl loki.validateAutoscaling, called from validate.yaml",
      fails: (v) => AUTOSCALED.some((t) => truthy(get(v, `${t}.kedaAutoscaling.enabled`)) && truthy(get(v, `${t}.autoscaling.enabled`))),
    },
    {
      message: "loki.useTestSchema must be false if loki.schemaConfig or loki.structuredConfig.schema_config are defined.",
      source: LOKI_VALIDATE,
      fails: (v) => (truthy(get(v, "loki.schemaConfig")) || truthy(get(v, "loki.structuredConfig.schema_config"))) && truthy(get(v, "loki.useTestSchema")),
    },
    {
      message: "You must provide a schema_config for Loki",
      source: LOKI_VALIDATE,
      fails: (v) => !truthy(get(v, "loki.schemaConfig")) && !truthy(get(v, "loki.structuredConfig.schema_config")) && !truthy(get(v, "loki.useTestSchema")),
    },
  ],
  "linkerd-control-plane": [
    {
      message: "Please provide the identity trust anchors",
      source: "linkerd/linkerd2 charts/partials/templates/_proxy.tpl (required .Values.identityTrustAnchorsPEM), edge-26.8.3",
      fails: (v) => !truthy(v["identityTrustAnchorsPEM"]) && !truthy(get(v, "proxy.loadTrustBundleFromConfigMap")),
    },
  ],
};

/** The chart's messages for every rule `values` (coalesced over the chart's defaults) breaks. */
export function chartRuleFailures(id: AddonId, values: Values): string[] {
  const coalesced = mergeValues(chartDefaults(id), values);
  return (CHART_RULES[id] ?? []).filter((r) => r.fails(coalesced)).map((r) => r.message);
}

/** Memory a Loki memcached pod requests for `allocatedMemory` MB: floor(1.2 × allocatedMemory) MiB (loki values.yaml, chunksCache.resources). */
export const memcachedRequestMi = (allocatedMemoryMb: number): number => Math.floor(1.2 * allocatedMemoryMb);

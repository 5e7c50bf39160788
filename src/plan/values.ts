// Helm values: how a cluster's override values combine with ClusterFleet's own, and which values
// ClusterFleet keeps for itself because they join the cluster to the fleet or keep data in region.
import type { AddonId } from "../spec/addons.ts";

export type Values = Readonly<Record<string, unknown>>;

/** A JSON map: not a list, not an instance of a class (a value computed later stays a leaf). */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * `override` over `base`, the way Helm coalesces a user's values over a chart's: maps merge key by
 * key, everything else (scalars, lists) is replaced. `null` removes the key from ClusterFleet's
 * values, so the chart's own default applies. Neither input changes.
 */
export function mergeValues(base: Values, override: Values | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = mergeValues(out[key] as Values, value);
    else out[key] = value;
  }
  return out;
}

/** Where Loki's chunks, index and rules are stored, in each form the chart accepts. */
const LOKI_STORE_PATHS = [
  "loki.storage",
  "loki.storage_config",
  "loki.structuredConfig.storage_config",
  "loki.structuredConfig.common.storage",
  "loki.structuredConfig.ruler.storage",
  "loki.rulerConfig.storage",
  "loki.structuredConfig.compactor.delete_request_store",
] as const;
/** How long Loki keeps logs: the retention period and the compactor that applies it. */
const LOKI_RETENTION_PATHS = [
  "loki.limits_config.retention_period",
  "loki.structuredConfig.limits_config.retention_period",
  "loki.compactor.retention_enabled",
  "loki.compactor.delete_request_store",
  "loki.structuredConfig.compactor.retention_enabled",
] as const;

/**
 * Value paths ClusterFleet sets from the plan and a cluster override may not change: they are
 * what makes the cluster part of the fleet (mesh identity, metric labels) or what keeps its data
 * in its region (where logs go, where metrics go). Change them in the fleet spec instead.
 */
export const FLEET_OWNED_VALUES: Readonly<Partial<Record<AddonId, readonly { readonly path: string; readonly why: string }[]>>> = {
  istiod: [
    { path: "global.meshID", why: "every cluster of the fleet's mesh must share the mesh ID (the fleet name)" },
    { path: "global.multiCluster.clusterName", why: "remote secrets and endpoint discovery name the cluster by its fleet name" },
    { path: "global.network", why: "the east-west gateway and the istio-system namespace carry the planned network" },
    { path: "meshConfig.trustDomain", why: "workload identities are under the cluster's jurisdiction's trust domain (the plan's meshTrust)" },
    { path: "meshConfig.trustDomainAliases", why: "only the jurisdictions the cluster is meshed with are trusted (the plan's meshTrust)" },
  ],
  "istio-eastwest-gateway": [{ path: "networkGateway", why: "the gateway serves the cluster's planned network" }],
  "linkerd-control-plane": [
    { path: "identityTrustAnchorsPEM", why: "the trust anchors of the cluster's jurisdiction and of those it is meshed with are what lets linked clusters trust each other" },
    { path: "identity.issuer", why: "the issuer certificate is signed by the jurisdiction's trust anchor" },
    { path: "identityTrustDomain", why: "workload identities are under the cluster's jurisdiction's trust domain (the plan's meshTrust)" },
  ],
  "linkerd-multicluster": [{ path: "identityTrustDomain", why: "the gateway's identity is under the cluster's jurisdiction's trust domain (the plan's meshTrust)" }],
  "kube-prometheus-stack": [
    { path: "prometheus.prometheusSpec.externalLabels", why: "fleet, cluster, region, jurisdiction and provider label every series" },
    { path: "prometheus.prometheusSpec.remoteWrite", why: "metrics go only to the fleet's central endpoint (defaults.observability.remoteWrite)" },
    // The chart appends this list to remoteWrite (templates/prometheus/prometheus.yaml): a second way out.
    { path: "prometheus.prometheusSpec.additionalRemoteWrite", why: "metrics go only to the fleet's central endpoint (defaults.observability.remoteWrite)" },
    // The Thanos sidecar uploads whole TSDB blocks to the bucket its objectStorageConfig names, wherever that is.
    { path: "prometheus.prometheusSpec.thanos", why: "metric blocks would be uploaded to an object store the plan does not place in the cluster's region" },
  ],
  loki: [
    ...LOKI_STORE_PATHS.map((path) => ({ path, why: "logs are stored in the cluster's own region, in the store the plan names" })),
    // loki.config is the whole Loki configuration as a template string: it replaces storage, retention and all.
    { path: "loki.config", why: "it replaces the whole Loki configuration, storage and retention included; set individual loki.* values instead" },
    ...LOKI_RETENTION_PATHS.map((path) => ({ path, why: "how long logs are kept is the fleet's setting: set observability.logRetentionDays instead" })),
  ],
};

/**
 * Dotted paths present in `values` (every prefix: `a`, `a.b`, `a.b.c`). Iterative, so values nested
 * thousands deep cannot overflow the stack (the spec's depth limit also stops them earlier).
 */
export function valuePaths(values: Values, prefix = ""): string[] {
  const out: string[] = [];
  const stack: [string, Values][] = [[prefix, values]];
  while (stack.length) {
    const [at, map] = stack.pop()!;
    const nested: [string, Values][] = [];
    for (const [k, v] of Object.entries(map)) {
      const path = at ? `${at}.${k}` : k;
      out.push(path);
      if (isPlainObject(v)) nested.push([path, v]);
    }
    stack.push(...nested.reverse());
  }
  return out;
}

/** Fleet-owned paths an override sets (the path itself or something under it). */
export function fleetOwnedValuesIn(id: AddonId, values: Values | undefined): { path: string; why: string }[] {
  if (!values) return [];
  const set = valuePaths(values);
  return (FLEET_OWNED_VALUES[id] ?? []).filter((owned) => set.some((p) => p === owned.path || p.startsWith(`${owned.path}.`)));
}

// Which add-ons a cluster gets, with the chart versions pinned in the catalog (or the cluster's pin),
// and the facts their configuration is rendered from: metric labels, where logs are stored, the
// baseline policy (enforcement, registries, exemptions).
import { DEFAULT_LOG_RETENTION_DAYS, type AddonId, type MeshKind, type PolicyEngine, type RemoteWriteSpec } from "../spec/addons.ts";
import { show } from "../spec/issue.ts";
import { jurisdictionsMayPeer } from "./peering.ts";
import type { ClusterSpec } from "../spec/cluster.ts";
import type { Provider } from "../spec/primitives.ts";
import type { PlanContext } from "./context.ts";
import { fitName, stableHash } from "./names.ts";
import type { AddonPlan, LogStorePlan, ObservabilityPlan, PolicyBaselinePlan } from "./types.ts";
import { chartLocation } from "./chart-source.ts";
import { fleetOwnedValuesIn } from "./values.ts";

const MESH_ADDONS: Record<MeshKind, AddonId[]> = {
  istio: ["istio-base", "istiod", "istio-eastwest-gateway"],
  linkerd: ["linkerd-crds", "linkerd-control-plane", "linkerd-multicluster"],
  none: [],
};
const POLICY_ADDONS: Record<PolicyEngine, AddonId[]> = { gatekeeper: ["gatekeeper"], kyverno: ["kyverno"], none: [] };
/** Installed only when a cluster's overrides enable them. */
const OPT_IN: readonly AddonId[] = ["velero"];

/** Kubernetes' own namespaces: the baseline never applies there. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"] as const;
/**
 * Namespaces a provider creates for its own components, whose pods run the provider's images, often with
 * host access, and whose namespaces carry no `team` label: the baseline skips them as it skips
 * Kubernetes' own, or every node added would fail to start the provider's agents in prod.
 * - gcp: gmp-system, gmp-public: Managed Service for Prometheus, on by default from GKE 1.27
 *   (cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed).
 * - aws: amazon-guardduty (GuardDuty runtime monitoring's managed agent), amazon-cloudwatch (the CloudWatch
 *   Observability add-on) (docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-eks.html).
 * - azure: aks-command (`az aks command invoke`), app-routing-system (the application routing add-on),
 *   calico-system and tigera-operator (network policy) (learn.microsoft.com/azure/aks/).
 */
export const PROVIDER_NAMESPACES: Readonly<Record<Provider, readonly string[]>> = {
  aws: ["amazon-cloudwatch", "amazon-guardduty"],
  gcp: ["gmp-public", "gmp-system"],
  azure: ["aks-command", "app-routing-system", "calico-system", "tigera-operator"],
  kubeadm: [],
  existing: [],
};

/** Labels every namespace must carry (the baseline's `required-namespace-labels`). */
export const REQUIRED_NAMESPACE_LABELS = ["team"] as const;
/** What every container must declare (see PolicyBaselinePlan.requiredResources). */
export const REQUIRED_RESOURCES = { requests: ["cpu", "memory"], limits: ["memory"] } as const;
/** The `team` of the namespaces ClusterFleet creates for its add-ons. */
export const PLATFORM_TEAM = "platform";

export interface AddonChoice {
  readonly mesh: MeshKind;
  readonly policy: PolicyEngine;
  readonly observability: ObservabilityPlan;
  readonly addons: AddonPlan[];
  readonly policyBaseline?: PolicyBaselinePlan;
}

export function planAddons(ctx: PlanContext, c: ClusterSpec, path: string): AddonChoice {
  const d = ctx.spec.defaults;
  const mesh = c.addons.mesh ?? d.mesh;
  const policy = c.addons.policy ?? d.policy;
  const o = c.addons.observability ?? {};
  const logs = o.logs ?? d.observability.logs;
  const observability: ObservabilityPlan = {
    metrics: o.metrics ?? d.observability.metrics,
    logs,
    traces: o.traces ?? d.observability.traces,
    ...(d.observability.remoteWrite ? { remoteWriteUrl: d.observability.remoteWrite.url } : {}),
    ...(d.observability.remoteWrite?.auth ? { remoteWriteAuth: d.observability.remoteWrite.auth } : {}),
    grafana: d.observability.grafanaHub === c.name,
    externalLabels: { fleet: ctx.spec.name, cluster: c.name, region: c.region, jurisdiction: c.jurisdiction, provider: c.provider },
    ...(logs ? { logStore: logStore(ctx.spec.name, c, o.logRetentionDays ?? d.observability.logRetentionDays) } : {}),
  };

  if (observability.metrics && d.observability.remoteWrite) checkRemoteWriteJurisdiction(ctx, c, d.observability.remoteWrite);

  const wanted: AddonId[] = [
    ...MESH_ADDONS[mesh],
    ...POLICY_ADDONS[policy],
    ...(observability.metrics ? (["kube-prometheus-stack"] as const) : []),
    ...(observability.logs ? (["loki"] as const) : []),
    ...(observability.traces ? (["opentelemetry-collector"] as const) : []),
    "external-secrets",
  ];
  const overrides = c.addons.overrides;
  for (const id of OPT_IN) if (overrides[id]?.enabled) wanted.push(id);
  for (const [id, o] of Object.entries(overrides) as [AddonId, NonNullable<(typeof overrides)[AddonId]>][]) {
    if (o.enabled !== false && !wanted.includes(id) && !OPT_IN.includes(id)) {
      ctx.problems.warn(`${path}.addons.overrides.${id}`, "addons/override-unused", `override for "${id}" has no effect: this cluster does not install it (mesh ${mesh}, policy ${policy})`);
    }
    for (const owned of fleetOwnedValuesIn(id, o.values)) {
      ctx.problems.error(
        `${path}.addons.overrides.${id}.values.${owned.path}`,
        "addons/fleet-owned-value",
        `is set by ClusterFleet and may not be overridden per cluster: ${owned.why}; remove it from the override`,
      );
    }
  }

  const addons = wanted
    .filter((id) => overrides[id]?.enabled !== false)
    .map((id): AddonPlan => {
      const chart = ctx.catalog.charts[id];
      const o = overrides[id];
      return {
        id,
        chart: chart.chart,
        ...chartLocation(id, chart, d.charts),
        version: o?.version ?? chart.version,
        namespace: chart.namespace,
        ...(o?.values ? { values: o.values } : {}),
      };
    });

  if (policy === "none") return { mesh, policy, observability, addons };
  const registries = [...(c.addons.allowedRegistries ?? d.allowedRegistries), ...(mesh === "none" ? [] : [ctx.catalog.meshes[mesh].proxyRegistry])];
  const policyBaseline: PolicyBaselinePlan = {
    engine: policy,
    enforcement: c.environment === "prod" ? "deny" : "warn",
    allowedRegistries: [...new Set(registries)],
    requiredResources: { requests: [...REQUIRED_RESOURCES.requests], limits: [...REQUIRED_RESOURCES.limits] },
    requiredNamespaceLabels: [...REQUIRED_NAMESPACE_LABELS],
    exemptNamespaces: [...new Set([...SYSTEM_NAMESPACES, ...PROVIDER_NAMESPACES[c.provider], ...addons.map((a) => a.namespace)])],
    providerNamespaces: [...PROVIDER_NAMESPACES[c.provider]],
  };
  return { mesh, policy, observability, addons, policyBaseline };
}

/**
 * Metrics (labels, names, values) are metadata, and cross a jurisdiction's border only where it allows
 * (DESIGN: "only where the fleet's jurisdictions allow"): the endpoint's jurisdiction must be the
 * cluster's, or one both sides may peer with. Refused per cluster, naming both jurisdictions.
 */
function checkRemoteWriteJurisdiction(ctx: PlanContext, c: ClusterSpec, rw: RemoteWriteSpec): void {
  const at = "defaults.observability.remoteWrite.jurisdiction";
  const once = (list: readonly { path: string; code: string }[], code: string) => list.some((i) => i.path === at && i.code === code);
  // Unset: the endpoint's place is not known, so there is nothing to check (the field's description says so).
  if (rw.jurisdiction === undefined) return;
  const names = Object.keys(ctx.spec.jurisdictions);
  if (!names.includes(rw.jurisdiction)) {
    if (!once(ctx.problems.errors, "jurisdiction/unknown")) ctx.problems.error(at, "jurisdiction/unknown", `${show(rw.jurisdiction)} is not a declared jurisdiction; allowed: ${names.join(", ")}`, rw.jurisdiction);
    return;
  }
  if (c.jurisdiction === rw.jurisdiction || jurisdictionsMayPeer(ctx.spec.jurisdictions, c.jurisdiction, rw.jurisdiction)) return;
  ctx.problems.error(
    at,
    "observability/remote-write-crosses-jurisdiction",
    `cluster "${c.name}" (jurisdiction ${c.jurisdiction}) would send its metrics to ${rw.url} in jurisdiction ${rw.jurisdiction}, which ${c.jurisdiction} may not reach; let the two jurisdictions peer (mayPeerWith on both sides) or turn metrics remote write off for this cluster's jurisdiction`,
    rw.jurisdiction,
  );
}

/**
 * Where a cluster's logs are kept: object storage of its own provider in its own region (the cluster
 * component creates the bucket under this name), or a persistent volume of the cluster itself on-prem.
 * Bucket and account names are global at each provider: a stable hash of fleet and cluster keeps two
 * fleets with the same names apart, the same spec always gives the same name.
 */
export function logStore(fleet: string, c: Pick<ClusterSpec, "name" | "provider" | "region">, retentionDays = DEFAULT_LOG_RETENTION_DAYS): LogStorePlan {
  const hash = stableHash(`${fleet}/${c.name}/logs`, 6);
  const kept = { retentionDays, bucketExpiryDays: retentionDays + BUCKET_EXPIRY_MARGIN_DAYS };
  switch (c.provider) {
    case "aws":
      return { kind: "s3", region: c.region, bucket: fitName("aws.s3Bucket", [fleet, c.name, "logs", hash]), ...kept };
    case "gcp":
      return { kind: "gcs", region: c.region, bucket: fitName("gcp.gcsBucket", [fleet, c.name, "logs", hash]), ...kept };
    case "azure":
      return { kind: "azure-blob", region: c.region, account: fitName("azure.storageAccount", ["logs", hash, c.name]), bucket: "loki", ...kept };
    default:
      return { kind: "filesystem", region: c.region, retentionDays };
  }
}

/** How much later than Loki's retention the bucket's lifecycle rule expires objects (Loki's docs: the lifecycle must be longer). */
export const BUCKET_EXPIRY_MARGIN_DAYS = 7;

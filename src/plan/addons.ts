// Which add-ons a cluster gets, with the chart versions pinned in the catalog (or the cluster's pin).
import type { AddonId, MeshKind, PolicyEngine } from "../spec/addons.ts";
import type { ClusterSpec } from "../spec/cluster.ts";
import type { PlanContext } from "./context.ts";
import type { AddonPlan, ObservabilityPlan } from "./types.ts";

const MESH_ADDONS: Record<MeshKind, AddonId[]> = {
  istio: ["istio-base", "istiod", "istio-eastwest-gateway"],
  linkerd: ["linkerd-crds", "linkerd-control-plane", "linkerd-multicluster"],
  none: [],
};
const POLICY_ADDONS: Record<PolicyEngine, AddonId[]> = { gatekeeper: ["gatekeeper"], kyverno: ["kyverno"], none: [] };
/** Installed only when a cluster's overrides enable them. */
const OPT_IN: readonly AddonId[] = ["velero"];

export interface AddonChoice {
  readonly mesh: MeshKind;
  readonly policy: PolicyEngine;
  readonly observability: ObservabilityPlan;
  readonly addons: AddonPlan[];
}

export function planAddons(ctx: PlanContext, c: ClusterSpec, path: string): AddonChoice {
  const d = ctx.spec.defaults;
  const mesh = c.addons.mesh ?? d.mesh;
  const policy = c.addons.policy ?? d.policy;
  const o = c.addons.observability ?? {};
  const observability: ObservabilityPlan = {
    metrics: o.metrics ?? d.observability.metrics,
    logs: o.logs ?? d.observability.logs,
    traces: o.traces ?? d.observability.traces,
    ...(d.observability.remoteWrite ? { remoteWriteUrl: d.observability.remoteWrite.url } : {}),
    grafana: d.observability.grafanaHub === c.name,
  };

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
  }

  const addons = wanted
    .filter((id) => overrides[id]?.enabled !== false)
    .map((id): AddonPlan => {
      const chart = ctx.catalog.charts[id];
      const o = overrides[id];
      return {
        id,
        chart: chart.chart,
        repository: chart.repository,
        version: o?.version ?? chart.version,
        namespace: chart.namespace,
        ...(o?.values ? { values: o.values } : {}),
      };
    });
  return { mesh, policy, observability, addons };
}

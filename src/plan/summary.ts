// A compact view of the plan: one row per cluster and the links, for stack outputs and tables.
import type { FleetPlan } from "./types.ts";

export interface ClusterSummary {
  readonly provider: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly cidr: string;
  readonly version: string;
  readonly target: string;
  readonly wave: string;
  readonly phase: string;
  readonly action: string;
}

export interface PlanSummary {
  readonly clusters: Readonly<Record<string, ClusterSummary>>;
  readonly peerings: readonly string[];
  readonly actions: Readonly<Record<string, number>>;
}

export function summarizePlan(plan: FleetPlan): PlanSummary {
  const actions: Record<string, number> = {};
  const clusters: Record<string, ClusterSummary> = {};
  for (const c of plan.clusters) {
    actions[c.action] = (actions[c.action] ?? 0) + 1;
    clusters[c.name] = {
      provider: c.provider,
      region: c.region,
      zones: c.zones,
      cidr: c.network.cidr,
      version: c.kubernetesVersion,
      target: c.targetVersion,
      wave: c.wave,
      phase: c.phase,
      action: c.action,
    };
  }
  return { clusters, peerings: plan.peerings.map((p) => `${p.from} <-> ${p.to} (${p.kind})`), actions };
}

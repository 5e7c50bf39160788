// The compliance report: per cluster its region and jurisdiction, storage classes with their topology,
// key regions, secrets backend and region, and a verdict. Computed from the plan (pure, offline: the
// stack output `sovereignty`), and, in `clusterfleet report`, also from what the policy pack found in
// the rendered resources of an offline run.
import type { ClusterPlan, FleetPlan } from "../plan/types.ts";
import { shardStateReport, type ShardStateCompliance, type StateJurisdiction } from "./shard-state.ts";

export interface ClusterCompliance {
  readonly cluster: string;
  readonly provider: string;
  readonly region: string;
  readonly jurisdiction: string;
  readonly storageClasses: readonly { readonly name: string; readonly default: boolean; readonly reclaimPolicy: string; readonly topology: readonly string[] }[];
  readonly keys: readonly { readonly purpose: string; readonly kind: string; readonly region: string; readonly managedBy: string }[];
  readonly secretsBackend: { readonly kind: string; readonly region: string; readonly store: string; readonly prefix: string } | null;
  readonly verdict: "pass" | "fail";
  /** Why it fails; empty when it passes. */
  readonly problems: readonly string[];
}

export interface ComplianceReport {
  readonly fleet: string;
  readonly verdict: "pass" | "fail";
  readonly clusters: readonly ClusterCompliance[];
  /** Where each shard's state lives (given the spec's jurisdictions); a failing shard fails the report. */
  readonly shards?: readonly ShardStateCompliance[];
}

/** A policy-pack finding about one cluster's rendered resources. */
export interface ComplianceFinding {
  readonly cluster: string;
  readonly message: string;
}

/** A topology value of the cluster's region: region-qualified (cloud zones), or the site and its zones. */
function inRegion(c: ClusterPlan, value: string): boolean {
  if (c.provider === "kubeadm" || c.provider === "existing") return value === c.region || c.zones.includes(value);
  return value === c.region || value.startsWith(c.region);
}

function problemsOf(c: ClusterPlan): string[] {
  const s = c.sovereignty;
  const out: string[] = [];
  if (s.storageClasses.length === 0) out.push("no storage classes pinned to the cluster's region (give storage: { driver, ... })");
  const defaults = s.storageClasses.filter((k) => k.default);
  if (s.storageClasses.length && defaults.length !== 1) out.push(`${defaults.length} default storage classes; exactly one is the fleet's`);
  for (const k of s.storageClasses) {
    if (k.allowedTopologies.length === 0) out.push(`storage class ${k.name} has no allowedTopologies`);
    for (const t of k.allowedTopologies) for (const v of t.values) if (!inRegion(c, v)) out.push(`storage class ${k.name}: ${t.key}=${v} is outside ${c.region}`);
  }
  for (const k of s.keys) if (k.region !== c.region) out.push(`${k.purpose} key (${k.kind}) is in ${k.region}, not ${c.region}`);
  if (!s.secretsBackend) out.push("no secrets backend (give secretsBackend)");
  else if (s.secretsBackend.region !== c.region) out.push(`secrets backend is in ${s.secretsBackend.region}, not ${c.region}`);
  for (const l of s.locations) if (l.region !== c.region) out.push(`${l.what} is in ${l.region}, not ${c.region}`);
  return [...new Set(out)];
}

export function complianceReport(plan: FleetPlan, findings: readonly ComplianceFinding[] = [], jurisdictions?: Readonly<Record<string, StateJurisdiction>>): ComplianceReport {
  const clusters = plan.clusters
    .filter((c) => c.action !== "destroy")
    .map((c): ClusterCompliance => {
      const s = c.sovereignty;
      const problems = [...problemsOf(c), ...findings.filter((f) => f.cluster === c.name).map((f) => `policy pack: ${f.message}`)];
      return {
        cluster: c.name,
        provider: c.provider,
        region: c.region,
        jurisdiction: c.jurisdiction,
        storageClasses: s.storageClasses.map((k) => ({ name: k.name, default: k.default, reclaimPolicy: k.reclaimPolicy, topology: k.allowedTopologies.map((t) => `${t.key} in [${t.values.join(", ")}]`) })),
        keys: s.keys.map((k) => ({ purpose: k.purpose, kind: k.kind, region: k.region, managedBy: k.managedBy })),
        secretsBackend: s.secretsBackend ? { kind: s.secretsBackend.kind, region: s.secretsBackend.region, store: s.secretsBackend.storeName, prefix: s.secretsBackend.prefix } : null,
        verdict: problems.length ? "fail" : "pass",
        problems,
      };
    });
  const shards = jurisdictions && plan.shards ? shardStateReport(plan.shards, jurisdictions) : undefined;
  const pass = clusters.every((c) => c.verdict === "pass") && (shards ?? []).every((s) => s.verdict === "pass");
  return { fleet: plan.fleet, verdict: pass ? "pass" : "fail", clusters, ...(shards ? { shards } : {}) };
}

/** The policy pack's config for a plan: each cluster's region and zones (see policy/rules/regions.ts). */
export function policyConfig(plan: FleetPlan): { clusters: Record<string, { region: string; zones: string[] }> } {
  return { clusters: Object.fromEntries(plan.clusters.map((c) => [c.name, { region: c.region, zones: [...c.zones] }])) };
}

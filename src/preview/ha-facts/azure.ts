// AKS HA facts, read back from what the AksCluster component registered: the managed cluster's SKU
// tier (Standard: uptime SLA and a zone-redundant control plane) and the zones of every node pool,
// the inline system pool included.
import { TOKENS } from "../../../components/tokens.ts";
import { registerHaFacts, type HaFacts } from "../ha-facts.ts";
import type { RecordedResource } from "../recording-monitor.ts";

const MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster";
const AGENT_POOL = "azure-native:containerservice:AgentPool";

interface PoolZones {
  readonly name: string;
  readonly zones: readonly string[];
}

export function aksHaFacts(_component: RecordedResource, subtree: readonly RecordedResource[]): HaFacts {
  const cluster = subtree.find((r) => r.type === MANAGED_CLUSTER);
  if (!cluster) return { zones: [], controlPlane: "no AKS managed cluster rendered" };
  const tier = String((cluster.inputs["sku"] as { tier?: unknown } | undefined)?.tier ?? "Free");
  const inline = (cluster.inputs["agentPoolProfiles"] as { name?: unknown; availabilityZones?: unknown }[] | undefined) ?? [];
  const pools: PoolZones[] = [
    ...inline.map((p) => ({ name: String(p.name), zones: zonesOf(p.availabilityZones) })),
    ...subtree.filter((r) => r.type === AGENT_POOL).map((r) => ({ name: String(r.inputs["agentPoolName"]), zones: zonesOf(r.inputs["availabilityZones"]) })),
  ];
  const zones = [...new Set(pools.flatMap((p) => p.zones))].sort();
  const same = pools.every((p) => p.zones.join(" ") === zones.join(" "));
  const sla = tier === "Standard" ? "uptime SLA" : "no uptime SLA";
  const spread = !zones.length
    ? "no availability zones"
    : same
      ? `every pool in zone${zones.length > 1 ? "s" : ""} ${zones.join(" ")}`
      : `pools in ${pools.map((p) => `${p.name}: ${p.zones.join(" ") || "none"}`).join(", ")}`;
  return { zones, controlPlane: `AKS ${tier} tier (${sla}), ${spread}` };
}

const zonesOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String).sort() : []);

registerHaFacts(TOKENS.aks, aksHaFacts);

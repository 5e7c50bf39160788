// What the previous deployment left behind, as the planner needs it: versions, networks and
// lifecycle per cluster. Read from the stack's own outputs (`observed`) or from `--observed FILE`.
import * as z from "zod";
import { lifecycleStates } from "../spec/cluster.ts";
import { formatIssues, formatPath, type PathSegment } from "../spec/issue.ts";
import { observedMeshTrust } from "./mesh-trust.ts";
import type { FabricPlan, FleetPlan, KubeadmPlan } from "./types.ts";

export const observedClusterSchema = z.object({
  kubernetesVersion: z.string().optional(),
  nodePools: z.record(z.string(), z.object({ kubernetesVersion: z.string().optional() })).optional(),
  network: z
    .object({ cidr: z.string().optional(), podCidr: z.string().optional(), serviceCidr: z.string().optional() })
    .optional(),
  lifecycle: z.enum(lifecycleStates).optional(),
  /** Whether the deployment kept the cluster out of the fleet's traffic (draining, or retired and waiting). */
  drained: z.boolean().optional(),
  /** Reported by whoever checks health (smoke tests, monitoring) through `clusterfleet:health`; wave gates read it. */
  healthy: z.boolean().optional(),
  /** kubeadm clusters: which machine ran `kubeadm init`, and the endpoint the certificates were issued for. */
  kubeadm: z.object({ initMachine: z.string().optional(), controlPlaneEndpoint: z.string().optional() }).optional(),
});

/** What the fabric keeps from run to run: ASNs by device, tunnel inside CIDRs by link, Azure gateway subnets by cluster. */
export const observedFabricSchema = z.object({
  asns: z.record(z.string(), z.number().int()).optional(),
  tunnels: z.record(z.string(), z.array(z.string())).optional(),
  gatewaySubnets: z.record(z.string(), z.string()).optional(),
});

/**
 * Mesh trust (src/plan/mesh-trust.ts): per mesh, the jurisdiction that kept the fleet's single root of
 * earlier releases. Its presence says the deployment already had per-jurisdiction trust.
 */
export const observedMeshTrustSchema = z.object({
  legacyRoots: z.object({ istio: z.string().optional(), linkerd: z.string().optional() }).optional(),
});

export const observedFleetSchema = z.object({
  clusters: z.record(z.string(), observedClusterSchema).default({}),
  fabric: observedFabricSchema.optional(),
  meshTrust: observedMeshTrustSchema.optional(),
});

export type ObservedCluster = z.output<typeof observedClusterSchema>;
export type ObservedFleet = z.output<typeof observedFleetSchema>;
export type ObservedFabric = z.output<typeof observedFabricSchema>;

export function parseObserved(input: unknown): ObservedFleet {
  const r = observedFleetSchema.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => ({ path: formatPath(i.path as PathSegment[]), code: "observed/invalid", message: i.message }));
  throw new Error(`The observed state is not readable:\n${formatIssues(lines)}`);
}

/**
 * Observed states layered, later ones winning per cluster, per fabric entry and per mesh: what a
 * sharded fleet knows from its shards, each of which records only its own part (a cluster shard its
 * clusters, a fabric shard its ASNs and tunnels). Undefined when no layer is given.
 */
export function mergeObserved(layers: readonly (ObservedFleet | undefined)[]): ObservedFleet | undefined {
  const found = layers.filter((l): l is ObservedFleet => l !== undefined);
  if (!found.length) return undefined;
  const clusters: Record<string, ObservedCluster> = {};
  let fabric: { asns: Record<string, number>; tunnels: Record<string, string[]>; gatewaySubnets: Record<string, string> } | undefined;
  let meshTrust: ObservedFleet["meshTrust"];
  for (const o of found) {
    Object.assign(clusters, o.clusters);
    if (o.fabric) {
      fabric ??= { asns: {}, tunnels: {}, gatewaySubnets: {} };
      Object.assign(fabric.asns, o.fabric.asns);
      Object.assign(fabric.tunnels, o.fabric.tunnels);
      Object.assign(fabric.gatewaySubnets, o.fabric.gatewaySubnets);
    }
    if (o.meshTrust) meshTrust = { legacyRoots: { ...meshTrust?.legacyRoots, ...o.meshTrust.legacyRoots } };
  }
  return { clusters, ...(fabric ? { fabric } : {}), ...(meshTrust ? { meshTrust } : {}) };
}

/**
 * The observed state a successful deployment of `plan` leaves: what the next run starts from.
 * Clusters the plan destroys are left out (they are gone).
 */
export function observedFromPlan(plan: FleetPlan): ObservedFleet {
  const clusters: Record<string, ObservedCluster> = {};
  for (const c of plan.clusters) {
    if (c.action === "destroy") continue;
    clusters[c.name] = {
      kubernetesVersion: c.kubernetesVersion,
      nodePools: Object.fromEntries(c.nodePools.map((p) => [p.name, { kubernetesVersion: p.kubernetesVersion }])),
      network: { cidr: c.network.cidr, podCidr: c.network.podCidr, serviceCidr: c.network.serviceCidr },
      lifecycle: c.lifecycle.state,
      drained: c.traffic === "drained",
      ...(c.kubeadm ? { kubeadm: observedKubeadm(c.kubeadm) } : {}),
    };
  }
  return { clusters, ...(plan.fabric ? { fabric: observedFabric(plan.fabric) } : {}), ...(plan.meshTrustRoots ? { meshTrust: observedMeshTrust(plan.meshTrustRoots) } : {}) };
}

/** What a deployment of the fabric pins for the next run: allocated and observed values (declared ASNs stay the spec's). */
export function observedFabric(f: FabricPlan): ObservedFabric {
  return {
    asns: Object.fromEntries(Object.entries(f.asns).filter(([, a]) => a.origin !== "declared").map(([k, a]) => [k, a.asn])),
    tunnels: Object.fromEntries(f.links.filter((l) => l.vpn).map((l) => [l.key, l.vpn!.tunnels.map((t) => t.insideCidr)])),
    gatewaySubnets: Object.fromEntries(Object.entries(f.gatewaySubnets).map(([k, g]) => [k, g.cidr])),
  };
}

/** What a kubeadm cluster's deployment pins for the next run: the init machine and the endpoint. */
export function observedKubeadm(k: KubeadmPlan): NonNullable<ObservedCluster["kubeadm"]> {
  return { ...(k.initMachine ? { initMachine: k.initMachine } : {}), controlPlaneEndpoint: k.endpoint.controlPlaneEndpoint };
}

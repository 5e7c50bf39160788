// planFleet: spec in, FleetPlan out. Pure and synchronous; no Pulumi, no clock, no I/O:
// the caller passes the catalog, what the previous deployment left (observed) and `now`.
import { defaultCatalog, withOverrides } from "../catalog/catalog.ts";
import type { Catalog } from "../catalog/types.ts";
import type { FleetSpecInput } from "../spec/fleet.ts";
import type { FleetIssue } from "../spec/issue.ts";
import { parseFleetSpec } from "../spec/parse.ts";
import { resolveCluster } from "./cluster.ts";
import { makeContext } from "./context.ts";
import { checkKubeadmNetwork } from "./kubeadm.ts";
import { planNetworks } from "./network.ts";
import type { ObservedFleet } from "./observed.ts";
import { meshPeerSources, meshPeersByCluster, planMeshLinks } from "./mesh.ts";
import { LEGACY_TRUST_DOMAIN, planMeshTrust } from "./mesh-trust.ts";
import { planFabric } from "./fabric.ts";
import { planPeerings } from "./peering.ts";
import { planShards } from "./shards.ts";
import { PLAN_API_VERSION, type ClusterPlan, type FleetPlan, type WavePlan } from "./types.ts";
import { validateFleet } from "./validate-fleet.ts";
import { computeWaveHolds } from "./waves.ts";

export interface PlanOptions {
  /** The current time, for decommission dates. Without it no retired cluster is ever due. */
  readonly now?: Date;
  /**
   * Retired, due clusters the decommission job approved for destruction in this run (after its
   * cleanup). Any other due cluster stays drained and waits for the job.
   */
  readonly decommission?: readonly string[];
}

export function planFleet(
  spec: FleetSpecInput | unknown,
  catalog: Catalog = defaultCatalog,
  observed?: ObservedFleet,
  options: PlanOptions = {},
): FleetPlan {
  const parsed = parseFleetSpec(spec);
  const fleetName = typeof (spec as { name?: unknown })?.name === "string" ? (spec as { name: string }).name : "";
  if (!parsed.ok) return refused(fleetName, parsed.issues);

  const s = parsed.value;
  const ctx = makeContext(s, withOverrides(catalog, s.catalog), observed, options.now, options.decommission);
  validateFleet(ctx);
  ctx.holds = computeWaveHolds(ctx);
  const drafts = s.clusters.map((c, i) => resolveCluster(ctx, c, i));
  const networks = planNetworks(ctx);
  drafts.forEach((d, i) => {
    const net = networks.get(d.name);
    if (d.kubeadm && net) checkKubeadmNetwork(ctx, i, d.name, d.kubeadm, net.cidr);
  });
  const peerings = planPeerings(ctx, drafts);
  if (!ctx.problems.ok) return refused(s.name, ctx.problems.errors, ctx.problems.warnings);

  const meshLinks = planMeshLinks(drafts, peerings);
  const peersOf = meshPeersByCluster(meshLinks);
  const trust = planMeshTrust(s.name, drafts, meshLinks, ctx.observed);
  if (trust.collision) {
    const { jurisdiction, mesh } = trust.collision;
    ctx.problems.error(
      `jurisdictions.${jurisdiction}`,
      "mesh/trust-domain-taken",
      `jurisdiction "${jurisdiction}" of fleet "${s.name}" would get the ${mesh} trust domain "${LEGACY_TRUST_DOMAIN}", which the jurisdiction keeping the fleet's original root already has; rename the jurisdiction`,
      jurisdiction,
    );
  }
  const planned: ClusterPlan[] = drafts
    .map((d) => {
      const meshPeers = peersOf.get(d.name) ?? [];
      const meshTrust = trust.byCluster.get(d.name);
      return { ...d, network: networks.get(d.name)!, meshPeers, meshPeerSources: meshPeerSources(meshPeers, networks), ...(meshTrust ? { meshTrust } : {}) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const fabric = planFabric(ctx, planned.filter((c) => c.action !== "destroy"), peerings);
  if (!ctx.problems.ok) return refused(s.name, ctx.problems.errors, ctx.problems.warnings);
  const clusters = planned.map((c) => {
    const gateway = fabric.gatewaySubnets[c.name];
    const apiRoute = fabric.apiRoutes?.[c.name];
    return gateway || apiRoute ? { ...c, network: { ...c.network, ...(gateway ? { gatewaySubnet: gateway.cidr } : {}), ...(apiRoute ? { apiRoute } : {}) } } : c;
  });
  const waves: WavePlan[] = ctx.waves.map((w, index) => ({
    name: w.name,
    index,
    ...(w.gate ? { gate: w.gate } : {}),
    clusters: clusters.filter((c) => c.waveIndex === index).map((c) => c.name),
  }));
  const shards = planShards({ clusters, meshLinks, fabric, meshTrustRoots: trust.roots }, s.jurisdictions);
  return {
    apiVersion: PLAN_API_VERSION,
    kind: "FleetPlan",
    fleet: s.name,
    clusters,
    peerings,
    meshLinks,
    meshTrustRoots: trust.roots,
    fabric,
    waves,
    shards,
    ...(ctx.problems.warnings.length ? { warnings: ctx.problems.warnings } : {}),
  };
}

function refused(fleet: string, problems: readonly FleetIssue[], warnings: readonly FleetIssue[] = []): FleetPlan {
  return {
    apiVersion: PLAN_API_VERSION,
    kind: "FleetPlan",
    fleet,
    clusters: [],
    peerings: [],
    meshLinks: [],
    waves: [],
    problems,
    ...(warnings.length ? { warnings } : {}),
  };
}

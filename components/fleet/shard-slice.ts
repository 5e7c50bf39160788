// What one shard of a fleet renders (FleetPlan.shards, src/plan/shards.ts) and what it reads from
// the shards before it. Every shard plans the whole fleet from the same spec and renders its slice
// with the same components, names and inputs as a single stack, so the union of the shards is the
// single stack's resources; only the providers a fabric shard rebuilds (same names and inputs) and
// the component tree above them differ.
import type * as pulumi from "@pulumi/pulumi";
import type { ShardPlan } from "../../src/plan/shards.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import type { MeshTrustSource } from "../addons/mesh/mesh-identity.ts";
import type { LinkEndHandles } from "../network/remote-ends.ts";
import type { RemoteMeshSide } from "./remote-mesh.ts";

export interface ShardSlice {
  readonly shard: ShardPlan;
  /** Cluster shards of meshed clusters: their trust, from the mesh-identity shards' outputs `meshRootCerts` and `meshRootKeys`. */
  readonly meshRoots?: MeshTrustSource;
  /** Fabric shards: each island cluster's `fabricEnd` output, by cluster. */
  readonly fabricEnds?: Readonly<Record<string, pulumi.Output<LinkEndHandles>>>;
  /** Mesh-link shards: both clusters' API access and mesh tokens, from their cluster shards. */
  readonly meshSides?: Readonly<Record<string, RemoteMeshSide>>;
}

/** The plan a cluster or fabric shard renders: the fleet's plan, its clusters and fabric cut to the shard. */
export function slicePlan(plan: FleetPlan, shard: ShardPlan): FleetPlan {
  const mine = new Set(shard.clusters);
  // Only what concerns the shard's clusters: its cost and its state do not grow with the fleet.
  const own = { peerings: plan.peerings.filter((p) => mine.has(p.from) || mine.has(p.to)), waves: plan.waves.map((w) => ({ ...w, clusters: w.clusters.filter((c) => mine.has(c)) })), shards: [shard] };
  if (shard.kind === "cluster") return { ...plan, ...own, clusters: plan.clusters.filter((c) => mine.has(c.name)), meshLinks: [], ...(plan.fabric ? { fabric: { ...plan.fabric, links: [], transitGateways: [], firewall: [] } } : {}) };
  if (shard.kind === "fabric" && plan.fabric) {
    const links = new Set(shard.links ?? []);
    const fabric = {
      ...plan.fabric,
      links: plan.fabric.links.filter((l) => links.has(l.key)),
      transitGateways: plan.fabric.transitGateways.filter((t) => t.clusters.some((c) => mine.has(c))),
      firewall: plan.fabric.firewall.filter((r) => mine.has(r.cluster)),
    };
    return { ...plan, ...own, clusters: plan.clusters.filter((c) => mine.has(c.name)), meshLinks: [], fabric };
  }
  if (shard.kind === "mesh-link") {
    const pair = new Set(shard.clusters);
    return { ...plan, ...own, clusters: plan.clusters.filter((c) => mine.has(c.name)), meshLinks: plan.meshLinks.filter((l) => pair.has(l.from) && pair.has(l.to)) };
  }
  return { ...plan, meshLinks: [] };
}

// Which clusters share a mesh: the plan's connected pairs (peerings, already filtered by
// jurisdiction) that carry discovery (neither side is drained) and whose two clusters run the same
// mesh. Nothing else is joined: a pair the plan does not connect never gets the credentials to
// discover the other's endpoints, and a drained cluster drops out of every other cluster's discovery.
import type { MeshKind } from "../spec/addons.ts";
import type { MeshLinkPlan, PeeringPlan } from "./types.ts";

type Node = { readonly name: string; readonly mesh: MeshKind; readonly action: string };

export function planMeshLinks(clusters: readonly Node[], peerings: readonly PeeringPlan[]): MeshLinkPlan[] {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const links: MeshLinkPlan[] = [];
  for (const p of peerings) {
    const a = byName.get(p.from);
    const b = byName.get(p.to);
    if (!a || !b || a.action === "destroy" || b.action === "destroy" || !p.discovery) continue;
    if (a.mesh === "none" || a.mesh !== b.mesh) continue;
    links.push({ from: p.from, to: p.to, mesh: a.mesh });
  }
  return links;
}

/** A cluster's mesh peers, sorted. */
export function meshPeersOf(cluster: string, links: readonly MeshLinkPlan[]): string[] {
  return links
    .flatMap((l) => (l.from === cluster ? [l.to] : l.to === cluster ? [l.from] : []))
    .sort();
}

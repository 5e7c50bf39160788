// Which clusters share a mesh: the plan's connected pairs (peerings, already filtered by
// jurisdiction) that carry discovery (neither side is drained) and whose two clusters run the same
// mesh. Nothing else is joined: a pair the plan does not connect never gets the credentials to
// discover the other's endpoints, and a drained cluster drops out of every other cluster's discovery.
import type { MeshKind } from "../spec/addons.ts";
import type { MeshLinkPlan, NetworkPlan, PeeringPlan } from "./types.ts";

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

/**
 * Every cluster's mesh peers, sorted, by cluster name: the links are indexed once, so planning a
 * fleet stays linear (scanning every link for each cluster made it quadratic). A cluster without
 * mesh links is absent.
 */
export function meshPeersByCluster(links: readonly MeshLinkPlan[]): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  const add = (cluster: string, peer: string) => {
    const list = peers.get(cluster);
    if (list) list.push(peer);
    else peers.set(cluster, [peer]);
  };
  for (const l of links) {
    add(l.from, l.to);
    if (l.to !== l.from) add(l.to, l.from);
  }
  for (const list of peers.values()) list.sort();
  return peers;
}

/**
 * The CIDRs a cluster's east-west gateway accepts traffic from: its mesh peers' node and pod ranges
 * (a peer's pods reach it with their own address, or their node's where the CNI SNATs), sorted. The
 * gateway's Service limits its load balancer to these (loadBalancerSourceRanges), so the fabric's
 * firewall rules for the mesh ports are what admits a peer, never an open listener.
 */
export function meshPeerSources(peers: readonly string[], networks: ReadonlyMap<string, NetworkPlan>): string[] {
  const cidrs = peers.flatMap((peer) => {
    const n = networks.get(peer);
    return n ? [n.cidr, n.podCidr] : [];
  });
  return [...new Set(cidrs)].sort();
}

// Which clusters are connected, and by what kind of link. Jurisdictions decide what may be
// connected at all (both sides must allow it); the topology decides what is.
import type { JurisdictionSpec } from "../spec/jurisdiction.ts";
import { listAllowed, show } from "../spec/issue.ts";
import type { Provider } from "../spec/primitives.ts";
import type { ClusterDraft } from "./cluster.ts";
import type { PlanContext } from "./context.ts";
import type { PeeringKind, PeeringPlan } from "./types.ts";

/** A full mesh grows as n(n-1)/2 links; past this many clusters, hub-spoke is required. */
export const MAX_MESH_CLUSTERS = 12;

type Node = Pick<ClusterDraft, "name" | "provider" | "region" | "jurisdiction" | "action">;

/** Whether two jurisdictions consent to be connected (both sides must allow the other). */
export function jurisdictionsMayPeer(jurisdictions: Readonly<Record<string, JurisdictionSpec>>, a: string, b: string): boolean {
  if (a === b) return true;
  const ja = jurisdictions[a];
  const jb = jurisdictions[b];
  if (!ja || !jb) return false;
  const allows = (j: JurisdictionSpec, other: string) => j.mayPeerWith.includes("*") || j.mayPeerWith.includes(other);
  return allows(ja, b) && allows(jb, a);
}

/**
 * `onPremGateway`: whether a kubeadm cluster declares its site's VPN gateway (`kubeadm.gateway`);
 * without one, the site's links are the user's own network (`unmanaged`).
 */
export function linkKind(a: { provider: Provider; onPremGateway?: boolean }, b: { provider: Provider; onPremGateway?: boolean }, hubSpoke: boolean): PeeringKind {
  if (a.provider === "existing" || b.provider === "existing") return "unmanaged";
  if ((a.provider === "kubeadm" && a.onPremGateway === false) || (b.provider === "kubeadm" && b.onPremGateway === false)) return "unmanaged";
  if (a.provider !== b.provider) return "ipsec-vpn";
  switch (a.provider) {
    case "aws":
      return hubSpoke ? "aws-transit-gateway" : "aws-vpc-peering";
    case "gcp":
      return "gcp-vpc-peering";
    case "azure":
      return "azure-vnet-peering";
    default:
      return "unmanaged"; // two on-prem sites: the user's own WAN
  }
}

export function planPeerings(ctx: PlanContext, clusters: readonly Node[]): PeeringPlan[] {
  const { spec, problems } = ctx;
  const peering = spec.peering;
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const live = clusters.filter((c) => c.action !== "destroy");
  const hubSpoke = peering.topology === "hub-spoke";
  const may = (a: Node, b: Node) => jurisdictionsMayPeer(spec.jurisdictions, a.jurisdiction, b.jurisdiction);
  const edges = new Map<string, PeeringPlan>();
  const withGateway = new Set(spec.clusters.flatMap((c) => (c.provider === "kubeadm" && c.kubeadm.gateway ? [c.name] : [])));
  const site = (n: Node) => ({ provider: n.provider, onPremGateway: n.provider !== "kubeadm" || withGateway.has(n.name) });
  const add = (a: Node, b: Node, reason: PeeringPlan["reason"]) => {
    const [from, to] = a.name < b.name ? [a, b] : [b, a];
    const key = `${from.name}\u0000${to.name}`;
    // Draining and retired clusters keep their network links (they still run) but leave mesh discovery.
    const discovery = from.action !== "drain" && to.action !== "drain";
    if (!edges.has(key)) edges.set(key, { from: from.name, to: to.name, kind: linkKind(site(from), site(to), hubSpoke), reason, discovery });
  };
  const hubs = peering.hub === undefined ? [] : Array.isArray(peering.hub) ? peering.hub : [peering.hub];
  const names = clusters.map((c) => c.name);

  if (peering.topology === "mesh") {
    if (hubs.length) problems.warn("peering.hub", "peering/hub-ignored", "is ignored with topology mesh");
    if (live.length > MAX_MESH_CLUSTERS) {
      problems.error(
        "peering.topology",
        "peering/mesh-too-large",
        `a full mesh of ${live.length} clusters needs up to ${(live.length * (live.length - 1)) / 2} links; above ${MAX_MESH_CLUSTERS} clusters use topology: hub-spoke with a hub per jurisdiction (links grow as n, not n²)`,
        peering.topology,
      );
    } else {
      for (let i = 0; i < live.length; i++) for (let j = i + 1; j < live.length; j++) if (may(live[i]!, live[j]!)) add(live[i]!, live[j]!, "mesh");
    }
  }

  if (hubSpoke) {
    if (hubs.length === 0) problems.error("peering.hub", "peering/hub-missing", "topology hub-spoke needs a hub: the name of a cluster (or a list, one per jurisdiction)");
    const hubNodes: Node[] = [];
    hubs.forEach((h, i) => {
      const at = Array.isArray(peering.hub) ? `peering.hub[${i}]` : "peering.hub";
      const node = byName.get(h);
      if (!node) problems.error(at, "peering/hub-unknown", `${show(h)} is not a cluster of this fleet; allowed: ${listAllowed(names)}`, h);
      else if (node.action === "destroy") problems.error(at, "peering/hub-retired", `${show(h)} is being decommissioned and cannot be a hub; choose another cluster`, h);
      else hubNodes.push(node);
    });
    for (let i = 0; i < hubNodes.length; i++) for (let j = i + 1; j < hubNodes.length; j++) if (may(hubNodes[i]!, hubNodes[j]!)) add(hubNodes[i]!, hubNodes[j]!, "hub-hub");
    if (hubNodes.length) {
      for (const spoke of live) {
        if (hubNodes.includes(spoke)) continue;
        const hub = chooseHub(spoke, hubNodes.filter((h) => may(spoke, h)));
        if (hub) add(spoke, hub, "hub-spoke");
        else {
          const i = spec.clusters.findIndex((c) => c.name === spoke.name);
          problems.error(
            `clusters[${i}].jurisdiction`,
            "peering/forbidden",
            `cluster "${spoke.name}" (jurisdiction ${spoke.jurisdiction}) may not peer with any hub (${hubNodes.map((h) => `${h.name}: ${h.jurisdiction}`).join(", ")}); add a hub in ${spoke.jurisdiction} or let the jurisdictions peer (mayPeerWith on both sides)`,
            spoke.jurisdiction,
          );
        }
      }
    }
  }

  peering.links.forEach((l, i) => {
    const at = `peering.links[${i}]`;
    const a = byName.get(l.from);
    const b = byName.get(l.to);
    if (!a) problems.error(`${at}.from`, "peering/unknown-cluster", `${show(l.from)} is not a cluster of this fleet; allowed: ${listAllowed(names)}`, l.from);
    if (!b) problems.error(`${at}.to`, "peering/unknown-cluster", `${show(l.to)} is not a cluster of this fleet; allowed: ${listAllowed(names)}`, l.to);
    if (!a || !b) return;
    if (a === b) return problems.error(at, "peering/self-link", `links "${a.name}" to itself`, l);
    if (!may(a, b)) {
      return problems.error(
        at,
        "peering/forbidden",
        `links "${a.name}" (jurisdiction ${a.jurisdiction}) and "${b.name}" (jurisdiction ${b.jurisdiction}), but the jurisdictions forbid it; both must list each other in mayPeerWith`,
        l,
      );
    }
    if (a.action !== "destroy" && b.action !== "destroy") add(a, b, "explicit");
  });

  const sites = new Set([...edges.values()].flatMap((e) => [e.from, e.to]).filter((n) => byName.get(n)?.provider === "kubeadm" && !withGateway.has(n)));
  for (const n of [...sites].sort()) {
    const i = spec.clusters.findIndex((c) => c.name === n);
    problems.warn(
      `clusters[${i}].kubeadm.gateway`,
      "peering/onprem-unmanaged",
      `cluster "${n}" declares no VPN gateway, so its links are unmanaged: ClusterFleet builds no VPN to the site and your own network must route them; declare kubeadm.gateway (publicIp, asn, cidrs) to have them built`,
    );
  }
  return [...edges.values()].sort((x, y) => (x.from === y.from ? (x.to < y.to ? -1 : 1) : x.from < y.from ? -1 : 1));
}

/** The best hub for a spoke: same jurisdiction, then same provider, then same region, then by name. */
function chooseHub(spoke: Node, candidates: readonly Node[]): Node | undefined {
  const score = (h: Node) => (h.jurisdiction === spoke.jurisdiction ? 4 : 0) + (h.provider === spoke.provider ? 2 : 0) + (h.region === spoke.region ? 1 : 0);
  return [...candidates].sort((a, b) => score(b) - score(a) || (a.name < b.name ? -1 : 1))[0];
}

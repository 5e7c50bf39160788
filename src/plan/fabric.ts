// The network fabric, as data: for every link the plan connects (peerings that are not `unmanaged`),
// how it is built. AWS transit gateway sites, BGP ASNs, VPN tunnels with their inside /30s, the
// GatewaySubnet of each Azure VPN gateway, and the firewall rules each cluster takes from each peer.
// Stable by name and kept from the previous deployment (observed.fabric), like the CIDRs.
import { awsSecurityGroupLimits } from "../catalog/aws-limits.ts";
import { AZURE_GATEWAY_SUBNET_PREFIX, RESERVED_PEER_ASNS } from "../catalog/bgp.ts";
import { listAllowed, show } from "../spec/issue.ts";
import type { OnPremGatewaySpec } from "../spec/kubeadm.ts";
import { allocateAsns, type AsnRequest } from "./asns.ts";
import type { PlanContext } from "./context.ts";
import { allocatePool, canonicalCidr, findOverlaps, inside, type OwnedSpan, type Span } from "./ipam.ts";
import { fitName, stableHash } from "./names.ts";
import { allocateTunnels, insideAddresses, poolLabel, quickSpan as spanOf, SIDE_RANK, tunnelLayout, type TunnelRequest } from "./tunnels.ts";
import type {
  ApiRoutePlan,
  AsnPlan,
  ClusterPlan,
  FabricLinkPlan,
  FabricPlan,
  FirewallRulePlan,
  PeeringPlan,
  TransitGatewayPlan,
  VpnEndPlan,
  VpnSide,
  VpnTunnelPlan,
} from "./types.ts";

type Node = Pick<ClusterPlan, "name" | "provider" | "region" | "network" | "mesh" | "settings" | "kubeadm">;

interface Gateway {
  readonly spec: OnPremGatewaySpec;
  readonly path: string;
}

export function planFabric(ctx: PlanContext, clusters: readonly Node[], peerings: readonly PeeringPlan[]): FabricPlan {
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const gateways = onPremGateways(ctx);
  const managed = peerings.filter((p): p is PeeringPlan & { kind: FabricLinkPlan["kind"] } => p.kind !== "unmanaged" && byName.has(p.from) && byName.has(p.to));
  checkGateways(ctx, clusters, gateways, managed);

  // What really leaves each cluster towards a peer, and so what peers route to and admit from it:
  // - an on-prem site: its gateway's prefixes;
  // - AKS (Azure CNI Overlay): node addresses only. Pod addresses exist only inside the cluster and are
  //   source-NATed to the node's IP on the way out ("Communication with endpoints outside the cluster,
  //   such as on-premises and peered VNets, happens using the node IP through NAT":
  //   https://learn.microsoft.com/azure/aks/azure-cni-overlay), and nothing advertises the pod range,
  //   so a route or rule for it would be dead;
  // - EKS (VPC CNI with external SNAT) and GKE (VPC-native): node and pod ranges, both routable.
  const cidrsOf = (n: Node): string[] =>
    n.provider === "kubeadm" && gateways.get(n.name) ? [...gateways.get(n.name)!.spec.cidrs] : n.provider === "azure" ? [n.network.cidr] : [n.network.cidr, n.network.podCidr];
  const sideOf = (n: Node): VpnSide => (n.provider === "kubeadm" ? "onprem" : (n.provider as VpnSide));

  // AWS sites: one transit gateway per region and role, for the AWS clusters with a transit or VPN link.
  const siteOf = (n: Node): string => {
    const role = n.settings["assumeRoleArn"];
    return typeof role === "string" ? `${n.region}-${stableHash(role, 6)}` : n.region;
  };
  const attached = new Set(
    managed.flatMap((p) => (p.kind === "aws-transit-gateway" || p.kind === "ipsec-vpn" ? [p.from, p.to].filter((n) => byName.get(n)!.provider === "aws") : [])),
  );
  const sites = new Map<string, Node[]>();
  for (const n of [...attached].sort()) sites.set(siteOf(byName.get(n)!), [...(sites.get(siteOf(byName.get(n)!)) ?? []), byName.get(n)!]);

  // The devices that speak BGP: transit gateways, and the GCP and Azure clusters with a VPN link.
  const deviceOf = (n: Node): string => (n.provider === "aws" ? `tgw:${siteOf(n)}` : n.provider === "kubeadm" ? `onprem:${n.name}` : `${n.provider}:${n.name}`);
  const vpnLinks = managed.filter((p) => p.kind === "ipsec-vpn");
  const devices = new Set([...sites.keys()].map((s) => `tgw:${s}`));
  for (const p of vpnLinks) for (const n of [p.from, p.to].map((x) => byName.get(x)!)) if (n.provider === "gcp" || n.provider === "azure") devices.add(deviceOf(n));
  const observed = ctx.observed?.fabric;
  const declared = new Map([...gateways].map(([name, g]) => [g.spec.asn, name]));
  const requests: AsnRequest[] = [...devices].map((d) => (observed?.asns?.[d] !== undefined ? { device: d, observed: observed.asns[d]! } : { device: d }));
  const allocation = allocateAsns(requests, new Set(declared.keys()));
  for (const [device, asn] of allocation.collisions) {
    const site = declared.get(asn)!;
    ctx.problems.error(`${gateways.get(site)!.path}.asn`, "fabric/asn-collision", `${asn} is the deployed ASN of ${device}; an on-prem gateway needs an ASN no fleet device has: choose another (the fleet's are listed in plan.fabric.asns)`, asn);
  }
  if (allocation.unplaced.length) {
    ctx.problems.error("peering", "fabric/asn-pool-exhausted", `no private ASN is left for ${allocation.unplaced.join(", ")}: the fleet allocates from 64512-65534 less the ASNs clouds reserve and those of on-prem gateways; use hub-spoke so fewer clusters terminate VPNs`);
  }
  const asns: Record<string, AsnPlan> = Object.fromEntries([...allocation.asns].sort(([a], [b]) => (a < b ? -1 : 1)));
  for (const [name, g] of gateways) asns[`onprem:${name}`] = { asn: g.spec.asn, origin: "declared" };
  const asnOf = (device: string) => asns[device]?.asn ?? 0;

  const transitGateways: TransitGatewayPlan[] = [...sites].map(([site, members]) => {
    const role = members[0]!.settings["assumeRoleArn"];
    return {
      site,
      region: members[0]!.region,
      ...(typeof role === "string" ? { assumeRoleArn: role } : {}),
      asn: asnOf(`tgw:${site}`),
      name: fitName("aws.vpc", [ctx.spec.name, "tgw", site]),
      clusters: members.map((m) => m.name),
    };
  });

  // Azure VPN gateways need a GatewaySubnet inside their VNet's address space, outside every network of the fleet.
  const azureVpn = [...new Set(vpnLinks.flatMap((p) => [p.from, p.to]).filter((n) => byName.get(n)!.provider === "azure"))].sort();
  const gatewaySubnets = planGatewaySubnets(ctx, clusters, gateways, azureVpn);

  // Tunnels: layout per pair of ends, /30s unique per device.
  const tunnelRequests: TunnelRequest[] = vpnLinks.map((p) => {
    const [a, b] = [byName.get(p.from)!, byName.get(p.to)!];
    const [lo, hi] = SIDE_RANK[sideOf(a)] <= SIDE_RANK[sideOf(b)] ? [a, b] : [b, a];
    const count = tunnelLayout(sideOf(lo), sideOf(hi)).tunnels.length;
    const key = linkKey(p);
    const prev = observed?.tunnels?.[key];
    // Inside /30s must be distinct on a GCP Cloud Router, an Azure VPN gateway and an on-prem router; a transit
    // gateway accepts the same /30 on several VPN connections (AWS: "doesn't need to be unique across all
    // connections on a transit gateway"), so an AWS end constrains only its own link.
    const scope = (n: Node) => (n.provider === "aws" ? `${deviceOf(n)}/${key}` : deviceOf(n));
    return { link: key, devices: [scope(a), scope(b)] as const, count, pool: a.provider === "azure" || b.provider === "azure" ? "azure" : "general", ...(prev ? { observed: prev } : {}) };
  });
  const tunnels = allocateTunnels(tunnelRequests);
  for (const e of tunnels.exhausted) {
    ctx.problems.error(
      "peering",
      "fabric/tunnel-pool-exhausted",
      `link ${e.link} needs inside /30s, but ${e.device} already uses every free /30 of ${poolLabel(e.pool)}; each gateway's tunnels need distinct inside addresses: spread the links over more hubs`,
    );
  }

  const links: FabricLinkPlan[] = managed.map((p) => {
    const [a, b] = [byName.get(p.from)!, byName.get(p.to)!];
    const base = { key: linkKey(p), from: p.from, to: p.to, kind: p.kind, fromCidrs: cidrsOf(a), toCidrs: cidrsOf(b) };
    if (p.kind === "aws-transit-gateway") return { ...base, transit: { from: siteOf(a), to: siteOf(b) } };
    if (p.kind !== "ipsec-vpn") return base;
    const got = tunnels.cidrs.get(base.key);
    const fromEnd = vpnEnd(a, sideOf(a), deviceOf(a), asnOf(deviceOf(a)), gateways.get(a.name)?.spec.publicIp);
    const toEnd = vpnEnd(b, sideOf(b), deviceOf(b), asnOf(deviceOf(b)), gateways.get(b.name)?.spec.publicIp);
    const aIsLo = SIDE_RANK[fromEnd.side] <= SIDE_RANK[toEnd.side];
    const layout = aIsLo ? tunnelLayout(fromEnd.side, toEnd.side) : tunnelLayout(toEnd.side, fromEnd.side);
    const list: VpnTunnelPlan[] = got
      ? layout.tunnels.map((slot, index) => {
          const insideCidr = got.cidrs[index]!;
          const [loIp, hiIp] = insideAddresses(insideCidr);
          const lo = { interface: slot.lo, insideIp: loIp };
          const hi = { interface: slot.hi, insideIp: hiIp };
          return { index, insideCidr, origin: got.origin, from: aIsLo ? lo : hi, to: aIsLo ? hi : lo };
        })
      : [];
    return {
      ...base,
      vpn: {
        from: { ...fromEnd, interfaces: aIsLo ? layout.loInterfaces : layout.hiInterfaces },
        to: { ...toEnd, interfaces: aIsLo ? layout.hiInterfaces : layout.loInterfaces },
        tunnels: list,
      },
    };
  });

  const apiRoutes = planApiRoutes(ctx, links, byName);
  const firewall = planFirewall(ctx, links, byName, apiRoutes);
  checkSecurityGroupQuota(ctx, firewall, byName);
  return {
    links,
    transitGateways,
    asns,
    gatewaySubnets,
    firewall,
    ...(Object.keys(apiRoutes).length ? { apiRoutes } : {}),
  };
}

/**
 * The fabric's AWS rules are one per port and source CIDR (components/network/firewall.ts), on the
 * cluster security group (mesh) or the endpoint's (API). A hub with many peers outgrows the per-group
 * rule quota, and AWS refuses the rule past it (RulesPerSecurityGroupLimitExceeded) halfway through
 * the run: refuse the spec here instead, with the count and the limit (catalog awsSecurityGroups).
 */
function checkSecurityGroupQuota(ctx: PlanContext, firewall: readonly FirewallRulePlan[], byName: ReadonlyMap<string, Node>): void {
  const limits = ctx.catalog.awsSecurityGroups ?? awsSecurityGroupLimits;
  const clusters = [...new Set(firewall.map((r) => r.cluster))].filter((n) => byName.get(n)?.provider === "aws").sort();
  // Each cluster's rules and spec, indexed once: looking them up per cluster made planning quadratic.
  const rulesOf = new Map<string, FirewallRulePlan[]>();
  for (const r of firewall) {
    const list = rulesOf.get(r.cluster);
    if (list) list.push(r);
    else rulesOf.set(r.cluster, [r]);
  }
  const specOf = new Map<string, (typeof ctx.spec.clusters)[number]>();
  for (const c of ctx.spec.clusters) if (!specOf.has(c.name)) specOf.set(c.name, c);
  for (const name of clusters) {
    const spec = specOf.get(name);
    const own = spec?.provider === "aws" ? spec.aws.endpointPrivateAccessCidrs.length + spec.aws.endpointPrivateAccessSecurityGroupIds.length : 0;
    const mine = rulesOf.get(name) ?? [];
    const count = (target: "nodes" | "api") => mine.reduce((n, r) => n + r.ports.filter((p) => p.target === target).length * r.sources.length, 0);
    for (const [group, rules, reserved] of [
      ["cluster security group (mesh ports from peers)", count("nodes"), limits.eksClusterGroupOwnRules],
      ["control-plane endpoint security group (Kubernetes API)", count("api") + own, 0],
    ] as const) {
      if (rules + reserved <= limits.inboundRulesPerGroup) continue;
      const peers = new Set(mine.map((r) => r.peer)).size;
      ctx.problems.error(
        `clusters[${ctx.spec.clusters.indexOf(spec!)}]`,
        "fabric/security-group-quota",
        `cluster "${name}" would need ${rules + reserved} inbound rules on its ${group} (${peers} peers × their ports and CIDRs${reserved ? `, plus ${reserved} of EKS's own` : ""}); AWS allows ${limits.inboundRulesPerGroup} per security group: give it fewer peers (more hubs in peering.hub), or raise the quota and pass it in the catalog (awsSecurityGroups)`,
      );
    }
  }
}

/**
 * Spec `network.apiRoute`: the runner sits in another cluster's network and reaches this cluster's
 * private API over their fabric link. The link must exist (a managed one: routes the fabric builds),
 * and its firewall opens the API to the runner's cluster's ranges.
 */
function planApiRoutes(ctx: PlanContext, links: readonly FabricLinkPlan[], byName: ReadonlyMap<string, Node>): Record<string, ApiRoutePlan> {
  const out: Record<string, ApiRoutePlan> = {};
  ctx.spec.clusters.forEach((c, i) => {
    const via = c.network?.apiRoute;
    if (via === undefined || !byName.has(c.name)) return;
    const at = `clusters[${i}].network.apiRoute`;
    if (via === c.name) return ctx.problems.error(at, "network/api-route-self", `names the cluster itself; name the fleet cluster whose network the runner sits in, or leave it out`, via);
    const runner = byName.get(via);
    if (!runner) return ctx.problems.error(at, "network/api-route-unknown", `${show(via)} is not a cluster of this fleet; allowed: ${listAllowed([...byName.keys()].filter((n) => n !== c.name))}`, via);
    const link = links.find((l) => (l.from === c.name && l.to === via) || (l.to === c.name && l.from === via));
    if (!link) {
      return ctx.problems.error(at, "network/api-route-no-link", `the fabric builds no link between "${c.name}" and "${via}" (see plan.fabric.links), so a runner in "${via}" has no route to the API; link them (peering.links) or reach the API another way`, via);
    }
    // Another region as the cluster's network sees it: a VPN enters in the cluster's own region (its
    // gateway is there), a same-provider peering brings the runner's region with it.
    const self = byName.get(c.name)!;
    const crossRegion = link.kind !== "ipsec-vpn" && runner.region !== self.region;
    out[c.name] = { via, link: link.key, sources: link.from === via ? [...link.fromCidrs] : [...link.toCidrs], crossRegion };
  });
  return out;
}

export const linkKey = (p: { from: string; to: string }): string => `${p.from}--${p.to}`;

function vpnEnd(n: Node, side: VpnSide, device: string, asn: number, publicIp: string | undefined): Omit<VpnEndPlan, "interfaces"> {
  return { cluster: n.name, side, device, asn, ...(publicIp ? { publicIp } : {}) };
}

function planFirewall(ctx: PlanContext, links: readonly FabricLinkPlan[], byName: ReadonlyMap<string, Node>, apiRoutes: Readonly<Record<string, ApiRoutePlan>>): FirewallRulePlan[] {
  const rules: FirewallRulePlan[] = [];
  for (const l of links) {
    for (const [self, peer, sources] of [
      [l.from, l.to, l.toCidrs],
      [l.to, l.from, l.fromCidrs],
    ] as const) {
      const me = byName.get(self)!;
      const them = byName.get(peer)!;
      const ports: FirewallRulePlan["ports"][number][] = [];
      if (me.mesh !== "none" && me.mesh === them.mesh) for (const p of ctx.catalog.meshes[me.mesh].eastWestPorts) ports.push({ ...p, target: "nodes" });
      // The API: to every peer with peering.kubernetesApi, or to the runner's cluster (network.apiRoute).
      if (ctx.spec.peering.kubernetesApi || apiRoutes[self]?.via === peer) ports.push({ port: me.kubeadm?.endpoint.port ?? 443, purpose: "kubernetes-api", target: "api" });
      if (ports.length) rules.push({ cluster: self, peer, link: l.key, sources: [...sources], ports });
    }
  }
  return rules;
}

function onPremGateways(ctx: PlanContext): Map<string, Gateway> {
  const out = new Map<string, Gateway>();
  ctx.spec.clusters.forEach((c, i) => {
    if (c.provider === "kubeadm" && c.kubeadm.gateway) out.set(c.name, { spec: c.kubeadm.gateway, path: `clusters[${i}].kubeadm.gateway` });
  });
  return out;
}

const NOT_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "0.0.0.0/8"].map(spanOf);

/** The declared gateways: a public address, prefixes that cover the site's nodes and no other cluster's, an ASN its clouds accept. */
function checkGateways(ctx: PlanContext, clusters: readonly Node[], gateways: ReadonlyMap<string, Gateway>, links: readonly PeeringPlan[]): void {
  const { problems } = ctx;
  if (gateways.size === 0) return;
  const owned: OwnedSpan[] = clusters.flatMap((c) =>
    c.provider === "kubeadm"
      ? [{ ...spanOf(c.network.serviceCidr), cidr: c.network.serviceCidr, owner: `cluster "${c.name}" (services)` }]
      : (["cidr", "podCidr", "serviceCidr"] as const).map((f) => ({ ...spanOf(c.network[f]), cidr: c.network[f], owner: `cluster "${c.name}" (${f})` })),
  );
  for (const [name, g] of gateways) {
    const ip = { first: spanOf(`${g.spec.publicIp}/32`).first, last: spanOf(`${g.spec.publicIp}/32`).first };
    if (NOT_PUBLIC.some((s) => inside(ip, s))) {
      problems.error(`${g.path}.publicIp`, "fabric/gateway-not-public", `${show(g.spec.publicIp)} is not a public address; the clouds' VPN gateways reach the site's gateway over the internet: give its public IPv4 (no NAT in front of it)`, g.spec.publicIp);
    }
    const node = clusters.find((c) => c.name === name);
    g.spec.cidrs.forEach((cidr, j) => {
      const canon = canonicalCidr(cidr);
      if (canon !== cidr) problems.error(`${g.path}.cidrs[${j}]`, "network/host-bits", `${show(cidr)} has host bits set; did you mean "${canon}"?`, cidr);
      else owned.push({ ...spanOf(cidr), cidr, owner: `${g.path}.cidrs[${j}]` });
    });
    if (node && !g.spec.cidrs.some((c) => canonicalCidr(c) === c && inside(spanOf(node.network.cidr), spanOf(c)))) {
      problems.error(`${g.path}.cidrs`, "fabric/gateway-misses-nodes", `${show(g.spec.cidrs)} does not cover the cluster's node network ${node.network.cidr}; its peers could not reach the nodes: add ${node.network.cidr} (or a prefix containing it)`, g.spec.cidrs);
    }
    const clouds = new Set(links.filter((p) => p.from === name || p.to === name).map((p) => clusters.find((c) => c.name === (p.from === name ? p.to : p.from))?.provider));
    for (const cloud of ["aws", "gcp", "azure"] as const) {
      const why = clouds.has(cloud) ? RESERVED_PEER_ASNS[cloud][g.spec.asn] : undefined;
      if (why) problems.error(`${g.path}.asn`, "fabric/asn-reserved", `${g.spec.asn} is ${why} and cannot be a peer's ASN on ${cloud}; use a private ASN (64512-65534 or 4200000000-4294967294)`, g.spec.asn);
    }
  }
  for (const [a, b] of findOverlaps(owned)) {
    if (!a.owner.includes("kubeadm.gateway") && !b.owner.includes("kubeadm.gateway")) continue;
    const [mine, other] = b.owner.includes("kubeadm.gateway") ? [b, a] : [a, b];
    problems.error(mine.owner, "fabric/gateway-cidr-overlap", `${mine.cidr} overlaps ${other.cidr} (${other.owner}); an on-prem gateway may advertise only its own site's prefixes, which must be disjoint from every other network of the fleet`, mine.cidr);
  }
}

/** A /27 per Azure cluster with a VPN link, from the node supernet, clear of every network of the fleet and of reserved ranges. */
function planGatewaySubnets(ctx: PlanContext, clusters: readonly Node[], gateways: ReadonlyMap<string, Gateway>, azure: readonly string[]): FabricPlan["gatewaySubnets"] {
  if (!azure.length) return {};
  const { ipam } = ctx.spec;
  const observed = ctx.observed?.fabric?.gatewaySubnets ?? {};
  const occupied: Span[] = [
    ...ipam.reserved.map(spanOf),
    ...clusters.flatMap((c) => [c.network.cidr, c.network.podCidr, c.network.serviceCidr].map(spanOf)),
    ...[...gateways.values()].flatMap((g) => g.spec.cidrs.filter((c) => canonicalCidr(c) === c).map(spanOf)),
    // Deployed gateway subnets of clusters that no longer have one stay clear until the next run frees them.
    ...Object.entries(observed).filter(([n]) => !azure.includes(n)).map(([, c]) => spanOf(c)),
  ];
  const requests = azure.map((name) => (observed[name] ? { name, fixed: { cidr: observed[name]!, origin: "observed" as const } } : { name }));
  const got = allocatePool("gateway", { supernet: ipam.nodes.supernet, prefix: AZURE_GATEWAY_SUBNET_PREFIX }, requests, occupied);
  if (got.unplaced.length) {
    ctx.problems.error("ipam.nodes.supernet", "fabric/gateway-subnet-exhausted", `no free /${AZURE_GATEWAY_SUBNET_PREFIX} is left in ${ipam.nodes.supernet} for the VPN gateway subnet of ${got.unplaced.join(", ")}; use a larger supernet`, ipam.nodes.supernet);
  }
  return Object.fromEntries(azure.flatMap((n) => {
    const g = got.cidrs.get(n);
    return g ? [[n, { cidr: g.cidr, origin: g.origin === "allocated" ? ("allocated" as const) : ("observed" as const) }]] : [];
  }));
}

/** The ports the firewall opens for a mesh, for readers of the plan (README, tests). */

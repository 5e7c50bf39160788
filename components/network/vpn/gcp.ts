// The GCP end of VPN links. Per cluster: one HA VPN gateway (two interfaces, 99.99% when both carry
// tunnels) and a Cloud Router of its own for BGP (the cluster's NAT router is left alone), advertising
// the node and pod ranges only. Per link: an external VPN gateway describing the peer's addresses,
// and per tunnel the tunnel, its router interface (the plan's inside /30) and its BGP peer.
import * as compute from "@pulumi/gcp/compute/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../../src/plan/names.ts";
import { onSide, type GcpEnd } from "../ends.ts";
import type { LinkSide } from "./tunnels.ts";

export interface GcpVpnGateway {
  readonly gateway: compute.HaVpnGateway;
  readonly router: compute.Router;
}

export function gcpVpnGateway(name: string, fleet: string, end: GcpEnd, asn: number, parent: pulumi.Resource): GcpVpnGateway {
  const c = end.plan;
  const opts = onSide(parent, end.provider);
  const gateway = new compute.HaVpnGateway(
    `${name}-havpn-${c.name}`,
    { name: fitName("gcp.router", [fleet, c.name, "vpn"]), project: end.project, region: c.region, network: end.network.id, stackType: "IPV4_ONLY" },
    opts,
  );
  const router = new compute.Router(
    `${name}-router-${c.name}`,
    {
      name: fitName("gcp.router", [fleet, c.name, "vpn"]),
      project: end.project,
      region: c.region,
      network: end.network.id,
      description: `ClusterFleet ${fleet}/${c.name}: BGP for the fleet's VPN links`,
      bgp: {
        asn,
        // Only the cluster's own ranges: nodes (and the private control-plane endpoint in them) and pods.
        advertiseMode: "CUSTOM",
        advertisedIpRanges: [{ range: c.network.cidr, description: "nodes" }, { range: c.network.podCidr, description: "pods" }],
        keepaliveInterval: 20,
      },
    },
    opts,
  );
  return { gateway, router };
}

export function gcpVpnSide(
  name: string,
  fleet: string,
  side: LinkSide,
  end: GcpEnd,
  gw: GcpVpnGateway,
  /** The peer's distinct public addresses (external gateway interfaces) and which one each tunnel reaches. */
  peer: { readonly addresses: readonly pulumi.Input<string>[]; readonly addressOf: (tunnel: number) => number },
  /** The peer's own prefixes (its node and pod CIDRs, or an on-prem gateway's `cidrs`): all this end learns from it. */
  peerCidrs: readonly string[],
  parent: pulumi.Resource,
): compute.VPNTunnel[] {
  const c = end.plan;
  const key = `${name}-vpn-${side.link}-${c.name}`;
  const opts = onSide(parent, end.provider);
  const onlyPeer = importOnly(`${key}-import`, fitName("gcp.router", [fleet, c.name, "from", side.peer.cluster]), end, gw, side.peer.cluster, peerCidrs, opts);
  const redundancy = ({ 1: "SINGLE_IP_INTERNALLY_REDUNDANT", 2: "TWO_IPS_REDUNDANCY", 4: "FOUR_IPS_REDUNDANCY" } as Record<number, string>)[peer.addresses.length];
  if (!redundancy) throw new Error(`link ${side.link}: an external VPN gateway has 1, 2 or 4 interfaces; the peer has ${peer.addresses.length} addresses`);
  const external = new compute.ExternalVpnGateway(
    `${key}-peer`,
    {
      name: fitName("gcp.router", [fleet, c.name, "to", side.peer.cluster]),
      project: end.project,
      redundancyType: redundancy,
      description: `ClusterFleet ${fleet}: ${side.peer.cluster} (${side.peer.side})`,
      interfaces: peer.addresses.map((ipAddress, id) => ({ id, ipAddress })),
    },
    opts,
  );
  return side.tunnels.map((t) => {
    const tunnelName = fitName("gcp.router", [fleet, c.name, "to", side.peer.cluster, `t${t.index}`]);
    const tunnel = new compute.VPNTunnel(
      `${key}-t${t.index}`,
      {
        name: tunnelName,
        project: end.project,
        region: c.region,
        vpnGateway: gw.gateway.id,
        vpnGatewayInterface: t.selfInterface,
        peerExternalGateway: external.id,
        peerExternalGatewayInterface: peer.addressOf(t.index),
        sharedSecret: t.psk,
        router: gw.router.id,
        ikeVersion: 2,
      },
      { ...opts, additionalSecretOutputs: ["sharedSecret"] },
    );
    const iface = new compute.RouterInterface(
      `${key}-t${t.index}-if`,
      { name: tunnelName, project: end.project, region: c.region, router: gw.router.name, ipRange: `${t.selfIp}/30`, vpnTunnel: tunnel.name },
      opts,
    );
    new compute.RouterPeer(
      `${key}-t${t.index}-bgp`,
      {
        name: tunnelName,
        project: end.project,
        region: c.region,
        router: gw.router.name,
        interface: iface.name,
        ipAddress: t.selfIp,
        peerIpAddress: t.peerIp,
        peerAsn: side.peer.asn,
        advertisedRoutePriority: 100,
        importPolicies: [onlyPeer.name],
      },
      opts,
    );
    return tunnel;
  });
}

/**
 * What a link's BGP sessions may teach this Cloud Router: the peer's own prefixes, nothing else. An
 * Azure VPN gateway re-advertises to each BGP peer what it learned from the others ("BGP can also
 * enable transit routing among multiple networks by propagating routes a BGP gateway learns from one
 * BGP peer to all other BGP peers", and those advertisements "cannot be excluded":
 * https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview); an on-prem router may
 * advertise anything. Without this, GCP would install those routes and send traffic for other clusters
 * through the peer. The policy language: https://cloud.google.com/network-connectivity/docs/router/reference/bgp-route-policy-reference
 */
export function importOnlyExpression(cidrs: readonly string[]): string {
  return `!destination.inAnyRange([${[...cidrs].sort().map((c) => `prefix('${c}').orLonger()`).join(", ")}])`;
}

function importOnly(resourceName: string, policyName: string, end: GcpEnd, gw: GcpVpnGateway, peer: string, cidrs: readonly string[], opts: pulumi.CustomResourceOptions): compute.RouterRoutePolicy {
  return new compute.RouterRoutePolicy(
    resourceName,
    {
      name: policyName,
      project: end.project,
      region: end.plan.region,
      router: gw.router.name,
      type: "ROUTE_POLICY_TYPE_IMPORT",
      terms: [{ priority: 0, match: { expression: importOnlyExpression(cidrs), description: `not a prefix of ${peer}` }, actions: [{ expression: "drop()" }] }],
    },
    opts,
  );
}

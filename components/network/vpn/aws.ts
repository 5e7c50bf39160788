// The AWS end of a VPN link: on the site's transit gateway (ECMP over every tunnel), one customer
// gateway per address of the peer and one VPN connection to each (two tunnels each, IKEv2, the plan's
// inside /30s and generated keys), BGP on every tunnel. The link's VPN attachments share a route table
// of their own into which only this cluster's VPC attachment propagates (what the peer learns), and
// they propagate into this cluster's attachment table (what the cluster learns): nothing else on the
// gateway sees the peer, and the peer sees nothing else.
import * as ec2 from "@pulumi/aws/ec2/index.js";
import * as ec2tgw from "@pulumi/aws/ec2transitgateway/index.js";
import * as pulumi from "@pulumi/pulumi";
import { vpcRoutes } from "../aws-peering.ts";
import type { TransitAttachment } from "../aws-transit.ts";
import { byInterface, type LinkSide } from "./tunnels.ts";

export interface AwsVpnSide {
  readonly connections: readonly ec2.VpnConnection[];
  /** The AWS outside address of each tunnel, by tunnel index. */
  readonly tunnelAddresses: ReadonlyMap<number, pulumi.Output<string>>;
}

/** `clusterfleet/<link>/<AWS end>/<connection>`: unique per link, end and connection (AWS allows 255 characters). */
export const customerGatewayDeviceName = (link: string, awsEnd: string, connection: number): string => `clusterfleet/${link}/${awsEnd}/${connection}`;

/** CGW ASNs above 2^31-1 go in `bgpAsnExtended` (AWS: CreateCustomerGateway). */
const asnArgs = (asn: number) => (asn > 2147483647 ? { bgpAsnExtended: String(asn) } : { bgpAsn: String(asn) });

export function awsVpnSide(
  name: string,
  side: LinkSide,
  at: TransitAttachment,
  /** The peer's public address that each of this end's connections reaches, by connection (interface). */
  peerAddress: (connection: number) => pulumi.Input<string>,
  peerCidrs: readonly string[],
  parent: pulumi.Resource,
): AwsVpnSide {
  const key = `${name}-vpn-${side.link}-${side.self.cluster}`;
  const opts = { parent, provider: at.site.provider };
  const routeTable = new ec2tgw.RouteTable(`${key}-rt`, { transitGatewayId: at.site.gateway.id, tags: { Name: `${at.site.plan.name}-vpn-${side.peer.cluster}` } }, opts);
  new ec2tgw.RouteTablePropagation(`${key}-advertise`, { transitGatewayRouteTableId: routeTable.id, transitGatewayAttachmentId: at.attachment.id }, opts);

  const tunnelAddresses = new Map<number, pulumi.Output<string>>();
  const connections = byInterface(side.tunnels).map((tunnels, c) => {
    const [t1, t2] = tunnels;
    if (!t1 || !t2 || tunnels.length !== 2) throw new Error(`link ${side.link}: AWS VPN connection ${c} needs exactly 2 tunnels in the plan, got ${tunnels.length}`);
    const gateway = new ec2.CustomerGateway(
      `${key}-cgw-${c}`,
      // A device name unique to this link's end: AWS answers a request identical in type, address and ASN
      // with the existing customer gateway instead of a new one ("To create more than one customer gateway
      // with the same VPN type, IP address, and BGP ASN, specify a unique device name for each":
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html). Two links
      // from one region to the same peer would otherwise own one object, and retiring one would delete
      // the other's gateway.
      { ...asnArgs(side.peer.asn), ipAddress: peerAddress(c), type: "ipsec.1", deviceName: customerGatewayDeviceName(side.link, side.self.cluster, c), tags: { Name: `${side.peer.cluster}-${c}` } },
      opts,
    );
    const connection = new ec2.VpnConnection(
      `${key}-conn-${c}`,
      {
        customerGatewayId: gateway.id,
        transitGatewayId: at.site.gateway.id,
        type: "ipsec.1",
        staticRoutesOnly: false,
        tunnel1InsideCidr: t1.insideCidr,
        tunnel2InsideCidr: t2.insideCidr,
        tunnel1PresharedKey: t1.psk,
        tunnel2PresharedKey: t2.psk,
        tunnel1IkeVersions: ["ikev2"],
        tunnel2IkeVersions: ["ikev2"],
        // AWS starts the negotiation: the peers' gateways exist before this connection does.
        tunnel1StartupAction: "start",
        tunnel2StartupAction: "start",
        tags: { Name: `${side.self.cluster}-${side.peer.cluster}-${c}` },
      },
      // The keys live in the connection's state too: secret there as well.
      { ...opts, additionalSecretOutputs: ["tunnel1PresharedKey", "tunnel2PresharedKey"] },
    );
    tunnelAddresses.set(t1.index, connection.tunnel1Address);
    tunnelAddresses.set(t2.index, connection.tunnel2Address);
    new ec2tgw.RouteTableAssociation(`${key}-assoc-${c}`, { transitGatewayAttachmentId: connection.transitGatewayAttachmentId, transitGatewayRouteTableId: routeTable.id }, opts);
    new ec2tgw.RouteTablePropagation(`${key}-learn-${c}`, { transitGatewayAttachmentId: connection.transitGatewayAttachmentId, transitGatewayRouteTableId: at.routeTable.id }, opts);
    return connection;
  });
  vpcRoutes(`${key}-vpc`, at.end, peerCidrs, { transitGatewayId: at.site.gateway.id }, parent, [at.attachment]);
  return { connections, tunnelAddresses };
}

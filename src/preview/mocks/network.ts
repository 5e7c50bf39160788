// What the clouds would compute for the network fabric's resources: gateway public addresses, tunnel
// outside addresses, transit gateway attachment IDs, and the caller identity the peering accepters ask
// for. Derived from the resource's name and inputs, so runs are deterministic. Public addresses are
// from the documentation ranges (203.0.113.0/24, 198.18.0.0/15), never real ones.
import { createHash } from "node:crypto";
import { registerComputedState, registerInvokeAnswers } from "../mock-state.ts";

const hex = (seed: string, n: number) => createHash("sha256").update(seed).digest("hex").slice(0, n);
const byte = (seed: string) => (parseInt(hex(seed, 2), 16) % 254) + 1;
/** A public address for a mocked gateway interface (198.18.0.0/15: benchmarking, never routed). */
const publicIp = (seed: string) => `198.18.${byte(`${seed}/a`)}.${byte(`${seed}/b`)}`;
const str = (v: unknown) => String(v ?? "");
const COMPUTE = "https://www.googleapis.com/compute/v1";
export const MOCK_ACCOUNT = "123456789012";

registerComputedState({
  "aws:ec2transitgateway/transitGateway:TransitGateway": (name) => ({ arn: `arn:aws:ec2:mock-region-1:${MOCK_ACCOUNT}:transit-gateway/tgw-${hex(name, 17)}`, ownerId: MOCK_ACCOUNT }),
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": () => ({ vpcOwnerId: MOCK_ACCOUNT }),
  "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": (_n, i) => ({ transitGatewayAttachmentId: i["transitGatewayAttachmentId"] }),
  "aws:ec2/customerGateway:CustomerGateway": (name) => ({ arn: `arn:aws:ec2:mock-region-1:${MOCK_ACCOUNT}:customer-gateway/cgw-${hex(name, 17)}` }),
  "aws:ec2/vpnConnection:VpnConnection": (name, i) => ({
    arn: `arn:aws:ec2:mock-region-1:${MOCK_ACCOUNT}:vpn-connection/vpn-${hex(name, 17)}`,
    transitGatewayAttachmentId: `tgw-attach-${hex(name, 17)}`,
    tunnel1Address: publicIp(`${name}/1`),
    tunnel2Address: publicIp(`${name}/2`),
    tunnel1BgpAsn: String(i["tunnel1BgpAsn"] ?? ""),
  }),
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": () => ({ acceptStatus: "pending-acceptance" }),
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": (_n, i) => ({ acceptStatus: "active", vpcPeeringConnectionId: i["vpcPeeringConnectionId"] }),
  "gcp:compute/haVpnGateway:HaVpnGateway": (name, i) => ({
    selfLink: `${COMPUTE}/projects/${str(i["project"])}/regions/${str(i["region"])}/vpnGateways/${str(i["name"])}`,
    vpnInterfaces: [0, 1].map((id) => ({ id, ipAddress: publicIp(`${name}/${id}`) })),
  }),
  "gcp:compute/externalVpnGateway:ExternalVpnGateway": (_n, i) => ({ selfLink: `${COMPUTE}/projects/${str(i["project"])}/global/externalVpnGateways/${str(i["name"])}` }),
  "gcp:compute/vPNTunnel:VPNTunnel": (_n, i) => ({ selfLink: `${COMPUTE}/projects/${str(i["project"])}/regions/${str(i["region"])}/vpnTunnels/${str(i["name"])}`, detailedStatus: "Tunnel is up and running." }),
  "gcp:compute/networkPeering:NetworkPeering": () => ({ state: "ACTIVE" }),
  "azure-native:network:NetworkSecurityGroup": (_n, i) => ({ name: i["networkSecurityGroupName"] }),
  "azure-native:network:PublicIPAddress": (name, i) => ({ name: i["publicIpAddressName"], ipAddress: publicIp(name) }),
  "azure-native:network:VirtualNetworkGateway": (_n, i) => ({ name: i["virtualNetworkGatewayName"], provisioningState: "Succeeded" }),
  "azure-native:network:LocalNetworkGateway": (_n, i) => ({ name: i["localNetworkGatewayName"] }),
  "azure-native:network:VirtualNetworkGatewayConnection": (_n, i) => ({ name: i["virtualNetworkGatewayConnectionName"], connectionStatus: "Connected" }),
  "azure-native:network:VirtualNetworkPeering": (_n, i) => ({ name: i["virtualNetworkPeeringName"], peeringState: "Connected" }),
});

registerInvokeAnswers({
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/clusterfleet`, userId: "AIDAMOCKUSER", id: MOCK_ACCOUNT }),
});

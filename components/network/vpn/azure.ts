// The Azure end of VPN links. Per cluster: the planned GatewaySubnet, two zone-redundant public IPs
// and one active-active, zone-redundant VPN gateway with BGP, whose two instances carry the custom
// APIPA addresses (169.254.21.x–169.254.22.x) of every tunnel they end. Per link: a local network
// gateway per address of the peer (its BGP address and ASN) and a connection to each (IKEv2, the
// tunnel's key, and the custom BGP address each instance uses on it).
import * as network from "@pulumi/azure-native/network/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { FabricPlan } from "../../../src/plan/types.ts";
import { onSide, type AzureEnd } from "../ends.ts";
import type { LinkSide } from "./tunnels.ts";

/** Zone-redundant (AZ) SKU: active-active over the region's zones, 30 site-to-site tunnels, BGP. */
export const AZURE_GATEWAY_SKU = "VpnGw2AZ";
const INSTANCES = [0, 1] as const;

export interface AzureVpnGateway {
  readonly gateway: network.VirtualNetworkGateway;
  readonly publicIps: readonly network.PublicIPAddress[];
  /** `ipConfigurations/<name>` IDs of the two instances, for connections' custom BGP addresses. */
  readonly ipConfigurationIds: readonly pulumi.Output<string>[];
}

export function azureVpnGateway(name: string, end: AzureEnd, fabric: FabricPlan, asn: number, parent: pulumi.Resource): AzureVpnGateway {
  const c = end.plan;
  const h = end.handles;
  const opts = onSide(parent, h.provider);
  const cidr = fabric.gatewaySubnets[c.name]?.cidr;
  if (!cidr || c.network.gatewaySubnet !== cidr) throw new Error(`cluster "${c.name}": the plan gives its VPN gateway no GatewaySubnet (fabric.gatewaySubnets, network.gatewaySubnet)`);
  // Azure requires this exact name for a VPN gateway's subnet.
  const subnet = new network.Subnet(`${name}-gateway-subnet-${c.name}`, { resourceGroupName: h.resourceGroupName, virtualNetworkName: h.vnetName, subnetName: "GatewaySubnet", addressPrefix: cidr }, opts);
  const publicIps = INSTANCES.map(
    (i) =>
      new network.PublicIPAddress(
        `${name}-vpn-ip-${c.name}-${i}`,
        {
          resourceGroupName: h.resourceGroupName,
          publicIpAddressName: `${c.names["vnet"]}-vpn-${i}`,
          location: c.region,
          sku: { name: "Standard", tier: "Regional" },
          publicIPAllocationMethod: "Static",
          ...(c.zones.length >= 3 ? { zones: [...c.zones] } : {}),
        },
        opts,
      ),
  );
  const gatewayName = `${c.names["vnet"]}-vpn`;
  const gatewayId = pulumi.interpolate`/subscriptions/${h.subscriptionId}/resourceGroups/${h.resourceGroupName}/providers/Microsoft.Network/virtualNetworkGateways/${gatewayName}`;
  const ipConfigurationIds = INSTANCES.map((i) => pulumi.interpolate`${gatewayId}/ipConfigurations/instance-${i}`);
  // Every inside address each instance uses, over all of this cluster's links.
  const addresses = INSTANCES.map((i) =>
    fabric.links.flatMap((l) => {
      if (!l.vpn) return [];
      const mine = l.vpn.from.cluster === c.name ? "from" : l.vpn.to.cluster === c.name ? "to" : undefined;
      return mine ? l.vpn.tunnels.filter((t) => t[mine].interface === i).map((t) => t[mine].insideIp) : [];
    }),
  );
  const gateway = new network.VirtualNetworkGateway(
    `${name}-vpn-gateway-${c.name}`,
    {
      resourceGroupName: h.resourceGroupName,
      virtualNetworkGatewayName: gatewayName,
      location: c.region,
      gatewayType: "Vpn",
      vpnType: "RouteBased",
      vpnGatewayGeneration: "Generation2",
      sku: { name: AZURE_GATEWAY_SKU, tier: AZURE_GATEWAY_SKU },
      activeActive: true,
      enableBgp: true,
      bgpSettings: { asn, bgpPeeringAddresses: INSTANCES.map((i) => ({ ipconfigurationId: ipConfigurationIds[i]!, customBgpIpAddresses: addresses[i]! })) },
      ipConfigurations: INSTANCES.map((i) => ({ name: `instance-${i}`, publicIPAddress: { id: publicIps[i]!.id }, subnet: { id: subnet.id }, privateIPAllocationMethod: "Dynamic" })),
    },
    opts,
  );
  return { gateway, publicIps, ipConfigurationIds };
}

export function azureVpnSide(
  name: string,
  side: LinkSide,
  end: AzureEnd,
  gw: AzureVpnGateway,
  /** The peer's distinct public addresses and which one each tunnel reaches. */
  peer: { readonly addresses: readonly pulumi.Input<string>[]; readonly addressOf: (tunnel: number) => number },
  parent: pulumi.Resource,
): network.VirtualNetworkGatewayConnection[] {
  const c = end.plan;
  const h = end.handles;
  const opts = onSide(parent, h.provider);
  const key = `${name}-vpn-${side.link}-${c.name}`;
  return peer.addresses.map((address, p) => {
    const tunnels = side.tunnels.filter((t) => peer.addressOf(t.index) === p);
    const first = tunnels[0];
    if (!first) throw new Error(`link ${side.link}: no tunnel reaches the peer's address ${p}`);
    const local = new network.LocalNetworkGateway(
      `${key}-lng-${p}`,
      {
        resourceGroupName: h.resourceGroupName,
        localNetworkGatewayName: `${c.names["vnet"]}-to-${side.peer.cluster}-${p}`,
        location: c.region,
        gatewayIpAddress: address,
        // BGP only: the peer's prefixes are learned, none are configured here.
        bgpSettings: { asn: side.peer.asn, bgpPeeringAddress: first.peerIp },
      },
      opts,
    );
    // Each instance needs an address on every connection: its own tunnel's where it has one, else the
    // address it uses towards this peer on another tunnel (that instance does not reach this address).
    const customIps = INSTANCES.map((i) => (tunnels.find((t) => t.selfInterface === i) ?? side.tunnels.find((t) => t.selfInterface === i) ?? first).selfIp);
    return new network.VirtualNetworkGatewayConnection(
      `${key}-conn-${p}`,
      {
        resourceGroupName: h.resourceGroupName,
        virtualNetworkGatewayConnectionName: `${c.names["vnet"]}-to-${side.peer.cluster}-${p}`,
        location: c.region,
        connectionType: "IPsec",
        connectionProtocol: "IKEv2",
        virtualNetworkGateway1: { id: gw.gateway.id },
        localNetworkGateway2: { id: local.id },
        sharedKey: first.psk,
        enableBgp: true,
        gatewayCustomBgpIpAddresses: INSTANCES.map((i) => ({ ipConfigurationId: gw.ipConfigurationIds[i]!, customBgpIpAddress: customIps[i]! })),
      },
      { ...opts, additionalSecretOutputs: ["sharedKey"] },
    );
  });
}

// The cluster's network: a VNet and one node subnet over the plan's node CIDR. With Azure CNI
// overlay, pods take addresses from the plan's pod CIDR, not from the subnet.
import * as network from "@pulumi/azure-native/network/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { nameOf } from "./settings.ts";
import { azureTags } from "./tags.ts";

/** The node subnet's name; unique within the cluster's own VNet. */
export const NODE_SUBNET = "nodes";

export interface ClusterNetwork {
  readonly vnet: network.VirtualNetwork;
  readonly nodeSubnet: network.Subnet;
  /** The node subnet's NSG: it filters only what comes from the fleet's peers (rules the network fabric adds), then allows the rest on to AKS's own NSG. */
  readonly nodeSecurityGroup: network.NetworkSecurityGroup;
}

/** Priority of the NSG's last rule (allow everything not matched before): the fabric's peer rules come before it. */
export const ALLOW_REST_PRIORITY = 4096;

export function clusterNetwork(name: string, cluster: ClusterPlan, group: resources.ResourceGroup, opts: pulumi.CustomResourceOptions): ClusterNetwork {
  const vnet = new network.VirtualNetwork(
    `${name}-vnet`,
    {
      resourceGroupName: group.name,
      virtualNetworkName: nameOf(cluster, "vnet"),
      location: cluster.region,
      // A VPN link adds the planned GatewaySubnet as a second prefix (outside every cluster's networks).
      addressSpace: { addressPrefixes: [cluster.network.cidr, ...(cluster.network.gatewaySubnet ? [cluster.network.gatewaySubnet] : [])] },
      // No inline subnets: the subnet is its own resource, so links added later (peering, gateway
      // subnets) are never removed by an update of the VNet.
      tags: azureTags(cluster),
    },
    opts,
  );
  // No inline rules: the rules are SecurityRule resources (inline and standalone rules cannot be mixed).
  const nodeSecurityGroup = new network.NetworkSecurityGroup(
    `${name}-nsg-${NODE_SUBNET}`,
    { resourceGroupName: group.name, networkSecurityGroupName: nameOf(cluster, "nodeSecurityGroup"), location: cluster.region, tags: azureTags(cluster) },
    opts,
  );
  // Without peer rules the NSG changes nothing: everything goes on to the NSG AKS manages on the nodes.
  new network.SecurityRule(
    `${name}-nsg-allow-rest`,
    {
      resourceGroupName: group.name,
      networkSecurityGroupName: nodeSecurityGroup.name,
      securityRuleName: "allow-rest",
      description: "Everything the fleet's peer rules above do not match: filtered by the NSG AKS manages",
      priority: ALLOW_REST_PRIORITY,
      direction: "Inbound",
      access: "Allow",
      protocol: "*",
      sourceAddressPrefix: "*",
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRange: "*",
    },
    opts,
  );
  const nodeSubnet = new network.Subnet(
    `${name}-subnet-${NODE_SUBNET}`,
    {
      resourceGroupName: group.name,
      virtualNetworkName: vnet.name,
      subnetName: NODE_SUBNET,
      addressPrefix: cluster.network.cidr,
      // A private subnet: nodes get no implicit outbound public IP; egress goes through the
      // cluster's Standard load balancer (outboundType loadBalancer), which AKS manages.
      defaultOutboundAccess: false,
      networkSecurityGroup: { id: nodeSecurityGroup.id },
    },
    opts,
  );
  return { vnet, nodeSubnet, nodeSecurityGroup };
}

/**
 * The cluster DNS service's address: the tenth of the service CIDR, as `az aks create` chooses it
 * (10.0.0.10 in 10.0.0.0/16). Always inside the CIDR, never its network or broadcast address.
 */
export function dnsServiceIp(serviceCidr: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(serviceCidr);
  const prefix = Number(m?.[5]);
  if (!m || prefix > 28) throw new Error(`service CIDR ${JSON.stringify(serviceCidr)}: expected an IPv4 CIDR of /28 or larger`);
  const octets = m.slice(1, 5).map(Number);
  const address = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const dns = address - (address % size) + 10;
  return [24, 16, 8, 0].map((shift) => Math.floor(dns / 2 ** shift) % 256).join(".");
}

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
}

export function clusterNetwork(name: string, cluster: ClusterPlan, group: resources.ResourceGroup, opts: pulumi.CustomResourceOptions): ClusterNetwork {
  const vnet = new network.VirtualNetwork(
    `${name}-vnet`,
    {
      resourceGroupName: group.name,
      virtualNetworkName: nameOf(cluster, "vnet"),
      location: cluster.region,
      addressSpace: { addressPrefixes: [cluster.network.cidr] },
      // No inline subnets: the subnet is its own resource, so links added later (peering, gateway
      // subnets) are never removed by an update of the VNet.
      tags: azureTags(cluster),
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
    },
    opts,
  );
  return { vnet, nodeSubnet };
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

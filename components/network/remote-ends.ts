// A link end across shards. A cluster shard exports its end's handles (IDs and names, plain values);
// a fabric shard rebuilds the end from them with the cluster's own provider, built again under the
// same name with the same inputs (clusterAwsProvider, clusterGcpProvider, clusterAzureProvider), so
// the links it creates are the same resources a single stack creates.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { clusterAwsProvider } from "../aws/eks-cluster.ts";
import { clusterAzureProvider } from "../azure/provider.ts";
import { checkAzurePlan } from "../azure/settings.ts";
import { clusterGcpProvider } from "../gcp/gke-cluster.ts";
import type { LinkEnd } from "./ends.ts";

/** What a cluster shard exports (stack output `fabricEnd`) for the fabric shard of its island. */
export type LinkEndHandles =
  | {
      readonly side: "aws";
      readonly vpcId: string;
      readonly privateRouteTableIds: Record<string, string>;
      readonly privateSubnetIds: Record<string, string>;
      readonly nodeSecurityGroupId: string;
      readonly endpointSecurityGroupId: string;
    }
  | { readonly side: "gcp"; readonly networkId: string; readonly networkSelfLink: string }
  | { readonly side: "azure"; readonly subscriptionId: string; readonly resourceGroupName: string; readonly vnetName: string; readonly vnetId: string; readonly nodeSecurityGroupName: string }
  | { readonly side: "onprem" };

export function linkEndHandles(end: LinkEnd): pulumi.Output<LinkEndHandles> {
  switch (end.side) {
    case "aws":
      return pulumi
        .all([end.vpcId, end.privateRouteTableIds, end.privateSubnetIds, end.nodeSecurityGroupId, end.endpointSecurityGroupId])
        .apply(([vpcId, privateRouteTableIds, privateSubnetIds, nodeSecurityGroupId, endpointSecurityGroupId]) => ({ side: "aws" as const, vpcId, privateRouteTableIds, privateSubnetIds, nodeSecurityGroupId, endpointSecurityGroupId }));
    case "gcp":
      return pulumi.all([end.network.id, end.network.selfLink]).apply(([networkId, networkSelfLink]) => ({ side: "gcp" as const, networkId, networkSelfLink }));
    case "azure": {
      const h = end.handles;
      return pulumi
        .all([h.subscriptionId, h.resourceGroupName, h.vnetName, h.vnetId, h.nodeSecurityGroupName])
        .apply(([subscriptionId, resourceGroupName, vnetName, vnetId, nodeSecurityGroupName]) => ({ side: "azure" as const, subscriptionId, resourceGroupName, vnetName, vnetId, nodeSecurityGroupName }));
    }
    case "onprem":
      return pulumi.output({ side: "onprem" as const });
  }
}

/**
 * The end of `plan`'s cluster in a fabric shard: `component` is the name the cluster's component has
 * in a single stack (`<fleet>-<cluster>`), so its provider gets the same name; `handles` is the
 * cluster shard's `fabricEnd` output. A handle of another side than planned fails the shard, named.
 */
export function remoteLinkEnd(component: string, plan: ClusterPlan, handles: pulumi.Output<LinkEndHandles>, parent: pulumi.Resource): LinkEnd | undefined {
  const side = <S extends LinkEndHandles["side"]>(want: S) =>
    handles.apply((h) => {
      if (h.side !== want) throw new Error(`cluster shard of "${plan.name}" exports a ${h.side} link end (output fabricEnd), but the plan makes it ${want}`);
      return h as Extract<LinkEndHandles, { side: S }>;
    });
  switch (plan.provider) {
    case "aws": {
      const h = side("aws");
      return {
        side: "aws",
        plan,
        provider: clusterAwsProvider(component, plan, parent),
        vpcId: h.vpcId,
        privateRouteTableIds: h.privateRouteTableIds,
        privateSubnetIds: h.privateSubnetIds,
        nodeSecurityGroupId: h.nodeSecurityGroupId,
        endpointSecurityGroupId: h.endpointSecurityGroupId,
      };
    }
    case "gcp": {
      const h = side("gcp");
      return { side: "gcp", plan, provider: clusterGcpProvider(component, plan, parent), project: String(plan.settings["project"]), network: { id: h.networkId, selfLink: h.networkSelfLink } };
    }
    case "azure": {
      const h = side("azure");
      const provider = clusterAzureProvider(component, checkAzurePlan(component, plan), parent);
      return { side: "azure", plan, handles: { provider, subscriptionId: h.subscriptionId, resourceGroupName: h.resourceGroupName, vnetName: h.vnetName, vnetId: h.vnetId, nodeSecurityGroupName: h.nodeSecurityGroupName } };
    }
    case "kubeadm":
      return { side: "onprem", plan };
    default:
      return undefined;
  }
}

// The handles the fabric builds a link's side with, read from each cluster's component: its own
// provider (region, project, subscription, role) and the network objects the link attaches to. A
// link never creates anything inside a cluster's component; it only refers to these outputs.
import type { Provider as AwsProvider } from "@pulumi/aws/provider.js";
import type * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { EksCluster } from "../aws/eks-cluster.ts";
import { AksCluster, type AksFabricHandles } from "../azure/aks-cluster.ts";
import { GkeCluster } from "../gcp/gke-cluster.ts";

export interface AwsEnd {
  readonly side: "aws";
  readonly plan: ClusterPlan;
  readonly provider: AwsProvider;
  readonly vpcId: pulumi.Output<string>;
  readonly privateRouteTableIds: pulumi.Output<Record<string, string>>;
  readonly privateSubnetIds: pulumi.Output<Record<string, string>>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly endpointSecurityGroupId: pulumi.Output<string>;
}

export interface GcpEnd {
  readonly side: "gcp";
  readonly plan: ClusterPlan;
  readonly provider: gcp.Provider;
  readonly project: string;
  /** The cluster's VPC network: links name it by ID and self link. */
  readonly network: { readonly id: pulumi.Output<string>; readonly selfLink: pulumi.Output<string> };
}

export interface AzureEnd {
  readonly side: "azure";
  readonly plan: ClusterPlan;
  readonly handles: AksFabricHandles;
}

/** kubeadm: the site's own network; the fabric creates nothing there (the plan says what to configure). */
export interface OnPremEnd {
  readonly side: "onprem";
  readonly plan: ClusterPlan;
}

export type LinkEnd = AwsEnd | GcpEnd | AzureEnd | OnPremEnd;

export function linkEndOf(plan: ClusterPlan, component: pulumi.ComponentResource | undefined): LinkEnd | undefined {
  if (component instanceof EksCluster) {
    return {
      side: "aws",
      plan,
      provider: component.awsProvider,
      vpcId: component.vpcId,
      privateRouteTableIds: component.privateRouteTableIds,
      privateSubnetIds: component.privateSubnetIds,
      nodeSecurityGroupId: component.nodeSecurityGroupId,
      endpointSecurityGroupId: component.endpointSecurityGroupId,
    };
  }
  if (component instanceof GkeCluster) {
    return { side: "gcp", plan, provider: component.resources.provider, project: String(plan.settings["project"]), network: { id: component.resources.network.network.id, selfLink: component.resources.network.network.selfLink } };
  }
  if (component instanceof AksCluster) return { side: "azure", plan, handles: component.fabric };
  if (plan.provider === "kubeadm") return { side: "onprem", plan };
  return undefined;
}

/** A child's options: under the fabric, on the provider of the side it belongs to. */
export const onSide = (parent: pulumi.Resource, provider: pulumi.ProviderResource | undefined, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
  parent,
  ...(provider ? { provider } : {}),
  ...extra,
});

export function expectSide<S extends LinkEnd["side"]>(end: LinkEnd | undefined, side: S, cluster: string, link: string): Extract<LinkEnd, { side: S }> {
  if (!end || end.side !== side) {
    throw new Error(`link ${link}: cluster "${cluster}" is planned as ${side} but its component is ${end?.side ?? "missing"}; the fabric renders the plan it is given with the clusters ClusterFleet rendered from it`);
  }
  return end as Extract<LinkEnd, { side: S }>;
}

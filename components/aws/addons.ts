// EKS managed add-ons at the versions the plan pinned. Creation order is the plan's `after`:
// vpc-cni and kube-proxy right after the control plane (nodes need them to become Ready), CoreDNS and
// the EBS CSI driver after every node group (created earlier they would sit DEGRADED with nowhere to
// run). Add-ons that call AWS APIs get their own IAM role through IRSA.
import * as eks from "@pulumi/aws/eks/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { ManagedAddonPlan } from "../../src/plan/types.ts";
import type { ControlPlane } from "./control-plane.ts";
import { createServiceAccountRole, type RoleWithPolicies } from "./iam.ts";
import type { ZoneSubnet } from "./network.ts";
import { childOpts, type AwsScope } from "./scope.ts";

export interface PodNetworking {
  readonly region: string;
  readonly podSubnets: readonly ZoneSubnet[];
  readonly podSecurityGroupId: pulumi.Output<string>;
}

/**
 * vpc-cni with custom networking: pods take their IPs from the pod subnets (the plan's pod CIDR), one
 * ENIConfig per zone, chosen by the node's zone label. The add-on creates the ENIConfigs itself
 * (`eniConfig.create`), so nothing has to reach the private API endpoint for them. Prefix delegation
 * gives each ENI slot a /28, so the max-pods EKS computes for a node fits even though custom networking
 * takes the primary ENI away from pods.
 *
 * External SNAT: by default the CNI rewrites a pod's address to its node's for traffic leaving the VPC
 * (peered VPCs, transit gateways and VPNs included), so peers would see node addresses and their rules
 * and routes for this cluster's pod CIDR would never match what flows. With AWS_VPC_K8S_CNI_EXTERNALSNAT
 * pods keep their own addresses; the internet still goes through the NAT gateways, since the pod
 * subnets route 0.0.0.0/0 to them (https://docs.aws.amazon.com/eks/latest/userguide/external-snat.html).
 */
export function vpcCniConfiguration(region: string, subnets: readonly { zone: string; subnetId: string }[], securityGroupId: string): string {
  return JSON.stringify({
    env: {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true",
      ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone",
      ENABLE_PREFIX_DELEGATION: "true",
      WARM_PREFIX_TARGET: "1",
      AWS_VPC_K8S_CNI_EXTERNALSNAT: "true",
    },
    eniConfig: {
      create: true,
      region,
      // The cluster security group, as on the nodes' primary ENIs. EKS always reports it; only a bare
      // Pulumi mock (no computed outputs) leaves it empty, and then no group is named.
      subnets: Object.fromEntries(subnets.map((s) => [s.zone, { id: s.subnetId, ...(securityGroupId ? { securityGroups: [securityGroupId] } : {}) }])),
    },
  });
}

export interface CreatedAddon {
  readonly plan: ManagedAddonPlan;
  readonly addon: eks.Addon;
  /** The add-on's IRSA role, when it calls AWS APIs. */
  readonly role?: RoleWithPolicies;
}

export function createAddons(
  scope: AwsScope,
  controlPlane: ControlPlane,
  addons: readonly ManagedAddonPlan[],
  pods: PodNetworking,
  dependsOn: readonly pulumi.Resource[],
): CreatedAddon[] {
  return addons.map((plan) => {
    const role = plan.serviceAccount
      ? createServiceAccountRole(scope, { ...plan, serviceAccount: plan.serviceAccount }, { arn: controlPlane.oidcProvider.arn, issuer: controlPlane.oidcIssuer })
      : undefined;
    const configurationValues =
      plan.name === "vpc-cni"
        ? pulumi
            .all([pulumi.all(pods.podSubnets.map((s) => s.subnet.id)), pods.podSecurityGroupId])
            .apply(([ids, sg]) => vpcCniConfiguration(pods.region, pods.podSubnets.map((s, i) => ({ zone: s.zone, subnetId: ids[i]! })), sg))
        : undefined;
    const addon = new eks.Addon(
      `${scope.name}-addon-${plan.name}`,
      {
        clusterName: controlPlane.cluster.name,
        addonName: plan.name,
        addonVersion: plan.version,
        ...(role ? { serviceAccountRoleArn: role.role.arn } : {}),
        ...(configurationValues ? { configurationValues } : {}),
        // ClusterFleet owns the add-ons' configuration: a hand edit is put back, not kept.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
      },
      childOpts(scope, { dependsOn: [...dependsOn, ...(role?.policies ?? [])] }),
    );
    return role ? { plan, addon, role } : { plan, addon };
  });
}

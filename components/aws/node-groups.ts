// One EKS managed node group per planned node pool, in the private subnets of the pool's zones,
// each with a launch template of its own. Node groups are created in parallel: each depends on the
// control plane and the add-ons nodes need (vpc-cni, kube-proxy), never on another pool.
// Nothing here is named after or derived from the Kubernetes version: a version bump changes the
// node group's `version` field and EKS rolls the nodes in place.
import * as ec2 from "@pulumi/aws/ec2/index.js";
import * as eks from "@pulumi/aws/eks/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { NodePoolPlan } from "../../src/plan/types.ts";
import type { TaintSpec } from "../../src/spec/node-pool.ts";
import type { ZoneSubnet } from "./network.ts";
import { childOpts, planName, type AwsScope } from "./scope.ts";

export interface CreatedNodeGroup {
  readonly pool: NodePoolPlan;
  readonly nodeGroup: eks.NodeGroup;
}

const TAINT_EFFECT: Record<TaintSpec["effect"], string> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

/** EKS taints in a stable order (key, then effect): the spec's order is not meaningful, so it never shows in a diff. */
export function eksTaints(taints: readonly TaintSpec[]): { key: string; value?: string; effect: string }[] {
  return taints
    .map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: TAINT_EFFECT[t.effect] }))
    .sort((a, b) => (a.key + a.effect < b.key + b.effect ? -1 : a.key + a.effect > b.key + b.effect ? 1 : 0));
}

/**
 * The EKS-optimised Amazon Linux 2023 AMI type for a machine type: Graviton families (a "g" after the
 * generation digit: m7g, c7gn, t4g) need the ARM image, NVIDIA GPU families (p*, g4dn/g5/g6...) the
 * NVIDIA one, Inferentia/Trainium the Neuron one. See https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType.
 */
export function amiTypeFor(machineType: string): string {
  const family = machineType.split(".")[0] ?? machineType;
  if (/^[a-z]+\d+g[a-z]*$/.test(family)) return family.startsWith("g") ? "AL2023_ARM_64_NVIDIA" : "AL2023_ARM_64_STANDARD";
  if (/^(p\d|g\d|gr\d)/.test(family)) return "AL2023_x86_64_NVIDIA";
  if (/^(inf|trn)\d/.test(family)) return "AL2023_x86_64_NEURON";
  return "AL2023_x86_64_STANDARD";
}

export function createNodeGroups(
  scope: AwsScope,
  clusterName: pulumi.Output<string>,
  nodeRoleArn: pulumi.Output<string>,
  privateSubnets: readonly ZoneSubnet[],
  dependsOn: readonly pulumi.Resource[],
): CreatedNodeGroup[] {
  return scope.cluster.nodePools.map((pool) => {
    const subnets = pool.zones.map((zone) => {
      const s = privateSubnets.find((x) => x.zone === zone);
      if (!s) throw new Error(`node pool "${pool.name}" of cluster "${scope.cluster.name}" is in zone ${zone}, which has no subnet; the plan's zones are ${scope.cluster.zones.join(", ")}`);
      return s.subnet.id;
    });
    const launchTemplate = createLaunchTemplate(scope, pool);
    const nodeGroup = new eks.NodeGroup(
      `${scope.name}-nodegroup-${pool.name}`,
      {
        clusterName,
        nodeGroupName: pool.providerName,
        nodeRoleArn,
        subnetIds: subnets,
        version: pool.kubernetesVersion,
        amiType: amiTypeFor(pool.machineType),
        capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.min },
        labels: { ...pool.labels },
        taints: eksTaints(pool.taints),
        // Machine type and disk live in the launch template: changing either rolls the nodes in place.
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
      },
      childOpts(scope, {
        dependsOn: [...dependsOn],
        // The cluster autoscaler moves desiredSize; declaring it would scale the pool back every run.
        ignoreChanges: ["scalingConfig.desiredSize"],
        // The name is fixed (the plan's), so a pool whose immutable fields change (spot, zones) can only be
        // replaced by deleting it first; add a new pool and retire the old one to avoid the gap.
        deleteBeforeReplace: true,
      }),
    );
    return { pool, nodeGroup };
  });
}

function createLaunchTemplate(scope: AwsScope, pool: NodePoolPlan): ec2.LaunchTemplate {
  const clusterName = planName(scope, "cluster");
  // Instances, volumes and ENIs of the pool are created by EKS, outside the provider's default tags.
  const tags = { ...scope.cluster.labels, Name: `${clusterName}-${pool.name}` };
  return new ec2.LaunchTemplate(
    `${scope.name}-lt-${pool.name}`,
    {
      description: `Nodes of pool ${pool.name} of EKS cluster ${clusterName}`,
      instanceType: pool.machineType,
      updateDefaultVersion: true,
      // IMDSv2 only, one hop: pods cannot reach the node's metadata (and role); add-ons use IRSA, and the
      // EBS CSI driver falls back to the Kubernetes API for node metadata.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          // Encrypted with the account's aws/ebs key in this region; a customer key would need a key-policy
          // grant to the Auto Scaling service-linked role or instances fail to launch.
          ebs: { volumeSize: pool.diskSizeGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
    },
    scope.opts,
  );
}

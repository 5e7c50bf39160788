// One AKS agent pool per pool of the plan, spread over the pool's zones. Pools depend on the
// cluster only, never on each other: AKS creates and upgrades them side by side.
import * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { aksSpotTaint } from "../../src/catalog/aks.ts";
import type { ClusterPlan, NodePoolPlan } from "../../src/plan/types.ts";
import type { TaintSpec } from "../../src/spec/node-pool.ts";
import type { ClusterNetwork } from "./network.ts";
import { azureTags } from "./tags.ts";

export interface RenderedPool {
  readonly plan: NodePoolPlan;
  readonly pool: containerservice.AgentPool;
}

export function nodePools(
  name: string,
  cluster: ClusterPlan,
  group: resources.ResourceGroup,
  aks: containerservice.ManagedCluster,
  network: ClusterNetwork,
  opts: pulumi.CustomResourceOptions,
): RenderedPool[] {
  return cluster.nodePools.map((p) => ({ plan: p, pool: agentPool(name, cluster, p, group, aks, network, opts) }));
}

function agentPool(
  name: string,
  cluster: ClusterPlan,
  p: NodePoolPlan,
  group: resources.ResourceGroup,
  aks: containerservice.ManagedCluster,
  network: ClusterNetwork,
  opts: pulumi.CustomResourceOptions,
): containerservice.AgentPool {
  return new containerservice.AgentPool(
    // Keyed by the pool's name in the spec: identity never follows a version or a machine type.
    `${name}-pool-${p.name}`,
    {
      resourceGroupName: group.name,
      // The cluster's output, not the planned name: the pool waits for the cluster, and so for its
      // control plane to reach the plan's version before the pool moves to it.
      resourceName: aks.name,
      agentPoolName: p.providerName,
      mode: "User",
      osType: "Linux",
      osSKU: "Ubuntu",
      type: "VirtualMachineScaleSets",
      vmSize: p.machineType,
      // Updated in place on a version bump (only vmSize and gpuInstanceProfile replace a pool).
      orchestratorVersion: p.kubernetesVersion,
      enableAutoScaling: true,
      count: p.min,
      minCount: p.min,
      maxCount: p.max,
      ...(p.zones.length ? { availabilityZones: [...p.zones] } : {}),
      vnetSubnetID: network.nodeSubnet.id,
      enableNodePublicIP: false,
      osDiskSizeGB: p.diskSizeGb,
      // Left out when empty: Azure reports no labels or taints as null, not as an empty list.
      ...(Object.keys(p.labels).length ? { nodeLabels: { ...p.labels } } : {}),
      ...(taintsOf(p).length ? { nodeTaints: taintsOf(p) } : {}),
      // Spot at up to the on-demand price; evicted nodes are deleted, not kept deallocated.
      ...(p.spot ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
      tags: azureTags(cluster),
    },
    {
      ...opts,
      // The autoscaler owns the node count once the pool exists.
      ignoreChanges: ["count"],
      // A new machine type replaces the pool (AKS cannot resize one), and the planned name stays:
      // the old pool must go before its successor can take the name. Its pods move to other pools.
      deleteBeforeReplace: true,
    },
  );
}

/** `key=value:Effect` as AKS spells taints; spot pools also state the taint AKS adds to them anyway. */
export function taintsOf(p: NodePoolPlan): string[] {
  const planned = p.taints.map((t: TaintSpec) => `${t.key}${t.value === undefined ? "" : `=${t.value}`}:${t.effect}`);
  return p.spot && !planned.includes(aksSpotTaint.taint) ? [...planned, aksSpotTaint.taint] : planned;
}

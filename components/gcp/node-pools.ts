// One GKE node pool per plan pool, over the plan's zones, created in parallel once the control
// plane exists. Nothing in a pool's identity depends on the Kubernetes version: its Pulumi name and
// its GKE name come from the pool's plan name.
//
// Versions: GKE owns them. Release channels (Extended, see src/catalog/gke.ts) require node
// auto-upgrade, and auto-upgrade moves every pool to the control plane's version after the plan moves
// the control plane. A `version` declared as well would fight it ("if this field and auto_upgrade are
// both specified, they will fight each other for what the node version should be, so setting both is
// highly discouraged": https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/#version),
// and a pool held back by the plan would be moved by GKE and then "downgraded" by the next run, which
// GKE refuses. So no pool declares a version: a new pool starts at the control plane's, and the plan
// moves only the control plane (one minor per run); the planner refuses pools pinned to another minor.
import * as container from "@pulumi/gcp/container/index.js";
import type { NodePoolPlan } from "../../src/plan/types.ts";
import type { TaintSpec } from "../../src/spec/node-pool.ts";
import { controlPlaneLocation } from "./control-plane.ts";
import { childOpts, type GkeScope } from "./scope.ts";
import { hardenedNodeConfig, type GkeNodeIdentity } from "./service-account.ts";

const TAINT_EFFECT: Record<TaintSpec["effect"], string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

/**
 * Nodes per zone at creation: enough for the pool's minimum, never more than its maximum allows.
 * GKE counts `initialNodeCount` per zone, while the plan's min/max are totals.
 */
export function initialNodesPerZone(pool: Pick<NodePoolPlan, "min" | "max" | "zones">): number {
  const zones = Math.max(pool.zones.length, 1);
  return Math.min(Math.ceil(pool.min / zones), Math.floor(pool.max / zones));
}

export function buildNodePools(scope: GkeScope, controlPlane: container.Cluster, nodes: GkeNodeIdentity): Record<string, container.NodePool> {
  const { name, cluster, settings } = scope;
  const location = controlPlaneLocation(scope);

  return Object.fromEntries(
    cluster.nodePools.map((pool) => [
      pool.name,
      new container.NodePool(
        `${name}-pool-${pool.name}`,
        {
          name: pool.providerName,
          project: settings.project,
          location,
          cluster: controlPlane.name,
          nodeLocations: [...pool.zones],
          initialNodeCount: initialNodesPerZone(pool),
          // Totals, as the plan means them (GKE's min/maxNodeCount would be per zone).
          autoscaling: {
            totalMinNodeCount: pool.min,
            totalMaxNodeCount: pool.max,
            // ANY is GKE's advice for Spot capacity (fewer preemptions); BALANCED spreads zones evenly.
            locationPolicy: pool.spot ? "ANY" : "BALANCED",
          },
          // Release channels require both; auto-upgrade moves nodes to the control plane's version, which
          // is how pools follow the plan's control-plane upgrades (see the header).
          management: { autoRepair: true, autoUpgrade: true },
          // One extra node at a time and none taken away: upgrades never reduce capacity.
          upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
          nodeConfig: {
            machineType: pool.machineType,
            diskSizeGb: pool.diskSizeGb,
            imageType: "COS_CONTAINERD",
            spot: pool.spot,
            labels: { ...pool.labels },
            taints: pool.taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: TAINT_EFFECT[t.effect] })),
            ...hardenedNodeConfig(nodes, cluster.labels),
          },
        },
        childOpts(scope, {
          // Nodes log and report health from their first boot: their account's grants come first.
          // No pool depends on another: they are created and upgraded in parallel.
          dependsOn: [...nodes.grants],
          // initialNodeCount is immutable (ForceNew) and only sizes the pool at creation: a later
          // change of the plan's min must resize through autoscaling, never replace the pool.
          ignoreChanges: ["initialNodeCount"],
        }),
      ),
    ]),
  );
}

// One GKE node pool per plan pool, over the plan's zones, created in parallel once the control
// plane exists. Nothing in a pool's identity depends on the Kubernetes version: its Pulumi name and
// its GKE name come from the pool's plan name, so a version bump is an in-place upgrade.
//
// Versions: a pool at the control plane's minor runs exactly the control plane's version (the
// cluster's `masterVersion` output). That is an explicit version (a fuzzy "1.35" would show a diff on
// every run, since GKE reports "1.35.x-gke.y"), it can never be newer than the control plane, and it
// makes the pool wait for the control plane's upgrade. GKE's own patch upgrades in the Extended
// channel move nodes to that same version, so the two never fight. A pool the plan holds at an older
// minor gets the newest node version of that minor from GKE's version list for the location.
import * as container from "@pulumi/gcp/container/index.js";
import * as pulumi from "@pulumi/pulumi";
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
  const versionOf = poolVersions(scope, controlPlane, location);

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
          version: versionOf(pool),
          initialNodeCount: initialNodesPerZone(pool),
          // Totals, as the plan means them (GKE's min/maxNodeCount would be per zone).
          autoscaling: {
            totalMinNodeCount: pool.min,
            totalMaxNodeCount: pool.max,
            // ANY is GKE's advice for Spot capacity (fewer preemptions); BALANCED spreads zones evenly.
            locationPolicy: pool.spot ? "ANY" : "BALANCED",
          },
          // Release channels require both; auto-upgrade only ever moves nodes to the control plane's version.
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

/** The version for each pool, with one version lookup per held-back minor. */
function poolVersions(scope: GkeScope, controlPlane: container.Cluster, location: string): (pool: NodePoolPlan) => pulumi.Input<string> {
  const held = new Map<string, pulumi.Output<string>>();
  return (pool) => {
    if (pool.kubernetesVersion === scope.cluster.kubernetesVersion) return controlPlane.masterVersion;
    let version = held.get(pool.kubernetesVersion);
    if (!version) {
      version = container
        .getEngineVersionsOutput(
          { project: scope.settings.project, location, versionPrefix: `${pool.kubernetesVersion}.` },
          { provider: scope.provider, parent: scope.parent },
        )
        .latestNodeVersion;
      held.set(pool.kubernetesVersion, version);
    }
    return version;
  };
}

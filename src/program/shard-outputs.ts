// What a shard's stack exports: its part of the observed state, and what the shards after it read
// through StackReferences (shard-source.ts): link ends, mesh access, mesh roots, cluster access.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import type { ShardPlan } from "../plan/shards.ts";
import type { FleetPlan } from "../plan/types.ts";

export function shardStackOutputs(plan: FleetPlan, shard: ShardPlan, fleet: ClusterFleet): Record<string, unknown> {
  return {
    fleet: plan.fleet,
    shard: shard.name,
    observed: fleet.observed,
    ...(fleet.fabricEnd ? { fabricEnd: fleet.fabricEnd } : {}),
    ...(fleet.meshAccess ? { meshAccess: fleet.meshAccess } : {}),
    // The roots' certificates, and their keys as secrets for the cluster shards of the same jurisdiction.
    ...(fleet.meshIdentity ? meshRootOutputs(fleet.meshIdentity) : {}),
    ...(fleet.fabric ? { fabric: { links: fleet.fabric.links, onPremGateways: fleet.fabric.onPremGateways } } : {}),
    clusters: Object.fromEntries(
      Object.entries(fleet.access).map(([name, a]) => {
        const c = plan.clusters.find((x) => x.name === name)!;
        return [name, { ...a, traffic: c.traffic, schedulable: c.schedulable }];
      }),
    ),
  };
}

/** The roots' keys leave their shard only as secrets, for the cluster shards that sign with them. */
function meshRootOutputs(identity: NonNullable<ClusterFleet["meshIdentity"]>): { meshRootCerts: pulumi.Output<Record<string, string>>; meshRootKeys: pulumi.Output<Record<string, string>> } {
  const entries = Object.entries(identity.roots);
  const byKey = (pick: (s: (typeof entries)[number][1]) => pulumi.Output<string>) =>
    pulumi.all(entries.map(([k, s]) => pick(s).apply((v) => [k, v] as const))).apply((kv) => Object.fromEntries(kv));
  return { meshRootCerts: byKey((s) => s.certPem), meshRootKeys: pulumi.secret(byKey((s) => s.keyPem)) };
}

// Which shard stacks `clusterfleet destroy` may destroy. The fleet destroys a cluster only through
// the decommission job, once the spec retires it and its date has passed (README, "Retiring
// clusters"); destroying a shard's stack must not be a way around that. So:
// - fabric and mesh-link shards: accepted (links only; every cluster stays);
// - a cluster shard: accepted only when each of its clusters is gone from the spec (or the plan
//   destroys it: only under the decommission job's approval); refused while one is active, draining
//   or retired (before its date; or due, which is the decommission job's to destroy, drained and
//   cleaned up first);
// - mesh-identity shards of the plan: refused (the trust roots of live clusters: their CA keys);
// - a shard the plan no longer has (its clusters or links removed): accepted.
import { clusterShardName, type ShardPlan } from "../plan/shards.ts";
import type { ClusterPlan } from "../plan/types.ts";
import type { ScheduleItem } from "./schedule.ts";

export interface DestroyDecision {
  readonly shard: string;
  readonly accepted: boolean;
  readonly reason: string;
}

function clusterVerdict(c: ClusterPlan | undefined, name: string): string | undefined {
  if (!c || c.action === "destroy") return undefined;
  if (c.lifecycle.state === "retired") {
    const due = c.conditions.some((k) => k.type === "DecommissionDue" && k.status === "True");
    return due
      ? `cluster ${name} is retired and due: \`clusterfleet decommission\` destroys it after draining it and removing what its controllers left (a stack destroy would skip both)`
      : `cluster ${name} is retired but its decommissionAfter date (${c.lifecycle.decommissionAfter ?? "none"}) has not passed`;
  }
  return `cluster ${name} is ${c.lifecycle.state}: a cluster is destroyed only by the decommission job, after the spec retires it and its date passes`;
}

export function destroyDecisions(plan: { readonly clusters: readonly ClusterPlan[]; readonly shards?: readonly ShardPlan[] | undefined }, names: readonly string[]): DestroyDecision[] {
  const shards = new Map((plan.shards ?? []).map((s) => [s.name, s]));
  const clusters = new Map(plan.clusters.map((c) => [c.name, c]));
  return names.map((name): DestroyDecision => {
    const s = shards.get(name);
    if (s?.kind === "fabric" || s?.kind === "mesh-link") return { shard: name, accepted: true, reason: `a ${s.kind} shard: its links go, every cluster stays` };
    if (s?.kind === "mesh-identity") return { shard: name, accepted: false, reason: `holds the mesh trust roots (CA keys) of live clusters of ${s.jurisdictions.join(", ")}` };
    // A cluster shard, in the plan or not (a retired cluster's shard leaves the plan once it is due).
    const own = s ? s.clusters : [...clusters.keys()].filter((c) => clusterShardName(c) === name);
    const refusals = own.map((c) => clusterVerdict(clusters.get(c), c)).filter((r) => r !== undefined);
    if (refusals.length) return { shard: name, accepted: false, reason: refusals.join("; ") };
    if (own.length) return { shard: name, accepted: true, reason: `its cluster${own.length > 1 ? "s" : ""} ${own.join(", ")}: destroyed by this plan` };
    return { shard: name, accepted: true, reason: "no longer in the plan (its clusters or links left the spec)" };
  });
}

/** Destroy order: a shard goes after every selected shard that reads it (dependents first). */
export function destroyOrder(plan: { readonly shards?: readonly ShardPlan[] | undefined }, names: readonly string[]): ScheduleItem[] {
  const selected = new Set(names);
  return names.map((name) => ({
    name,
    after: (plan.shards ?? []).filter((s) => selected.has(s.name) && s.after.includes(name)).map((s) => s.name),
  }));
}

// The decommission job's decisions, as data: which retired clusters are due, whether each may go
// (it must have been drained in the previous deployment, unless forced), and, from the stack's
// state, what an update would destroy and what it retains. No Pulumi, no clock: `plan` was made
// with the job's `now`, without approvals.
import { isDue } from "./lifecycle.ts";
import type { ObservedFleet } from "./observed.ts";
import type { FleetPlan } from "./types.ts";

/** A resource of the deployed stack, as `pulumi stack export` records it. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly parent?: string;
  readonly custom: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
}

export interface DueCluster {
  readonly name: string;
  readonly provider: string;
  readonly region: string;
  readonly decommissionAfter: string;
  /** Out of the fleet's traffic in the previous deployment. */
  readonly wasDrained: boolean;
  readonly verdict: "go" | "refused";
  readonly reasons: readonly string[];
  /** `type name` of each resource the update destroys, and of each it leaves in place. */
  readonly destroys: readonly string[];
  readonly retains: readonly string[];
}

export type DecommissionDecision =
  | { readonly kind: "nothing-to-do"; readonly upcoming: readonly { name: string; decommissionAfter: string }[] }
  | { readonly kind: "refused"; readonly clusters: readonly DueCluster[] }
  | { readonly kind: "go"; readonly clusters: readonly DueCluster[] };

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Resources under the cluster component `<fleet>-<cluster>`, by parent links in the state. */
function resourcesOf(component: string, state: readonly StateResource[]): StateResource[] {
  const root = state.find((r) => !r.custom && nameOf(r.urn) === component && r.type.startsWith("clusterfleet:"));
  if (!root) return [];
  const under = new Set([root.urn]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of state) if (r.parent && under.has(r.parent) && !under.has(r.urn)) (under.add(r.urn), (grew = true));
  }
  return state.filter((r) => under.has(r.urn) && r.custom);
}

export function decideDecommission(input: {
  readonly plan: FleetPlan;
  readonly observed: ObservedFleet | undefined;
  readonly state: readonly StateResource[];
  readonly now: Date;
  readonly force: boolean;
}): DecommissionDecision {
  const { plan, observed, state, now, force } = input;
  const retired = plan.clusters.filter((c) => c.lifecycle.state === "retired" && c.lifecycle.decommissionAfter);
  // Deployed and due: anything else is not touched (a cluster already gone is done).
  const due = retired.filter((c) => isDue(c.lifecycle.decommissionAfter, now) && observed?.clusters[c.name] !== undefined);
  if (due.length === 0) {
    const upcoming = retired.filter((c) => !isDue(c.lifecycle.decommissionAfter, now)).map((c) => ({ name: c.name, decommissionAfter: c.lifecycle.decommissionAfter! }));
    return { kind: "nothing-to-do", upcoming };
  }
  const clusters = due.map((c): DueCluster => {
    const wasDrained = observed?.clusters[c.name]?.drained === true;
    const owned = resourcesOf(`${plan.fleet}-${c.name}`, state);
    const label = (r: StateResource) => `${r.type} ${nameOf(r.urn)}`;
    const reasons: string[] = [];
    if (!wasDrained) {
      reasons.push(
        force
          ? "was not drained in the previous deployment (going ahead: --force)"
          : "was not drained in the previous deployment: deploy it as draining (or retired, before its date) first, so traffic leaves it, or pass --force",
      );
    }
    const protectedOnes = owned.filter((r) => r.protect);
    if (protectedOnes.length) reasons.push(`has protected resources Pulumi will not delete: ${protectedOnes.map(label).join(", ")} (unprotect them or mark them retainOnDelete)`);
    const refused = (!wasDrained && !force) || protectedOnes.length > 0;
    return {
      name: c.name,
      provider: c.provider,
      region: c.region,
      decommissionAfter: c.lifecycle.decommissionAfter!,
      wasDrained,
      verdict: refused ? "refused" : "go",
      reasons,
      destroys: owned.filter((r) => !r.retainOnDelete && !r.protect).map(label),
      retains: owned.filter((r) => r.retainOnDelete).map(label),
    };
  });
  // All or nothing: a refused cluster stops the run, so a schedule never half-applies a change.
  return clusters.some((c) => c.verdict === "refused") ? { kind: "refused", clusters } : { kind: "go", clusters };
}

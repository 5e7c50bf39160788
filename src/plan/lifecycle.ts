// This run's decision for a cluster (create, keep, upgrade, drain, destroy), derived from the
// spec's lifecycle, the observed deployment and the clock given as a value. The phase is a
// summary of the same facts; conditions say why.
import type { ClusterSpec } from "../spec/cluster.ts";
import type { PlanContext } from "./context.ts";
import type { ClusterAction, ClusterPhase, Condition } from "./types.ts";
import { formatMinor, minorDistance } from "./versions.ts";

export interface LifecycleDecision {
  readonly action: ClusterAction;
  readonly phase: ClusterPhase;
  readonly conditions: Condition[];
  /** Control-plane version this run. */
  readonly kubernetesVersion: string;
  readonly currentVersion?: string;
}

const cond = (type: string, status: boolean, reason: string, message: string): Condition => ({
  type,
  status: status ? "True" : "False",
  reason,
  message,
});

/** Whether a retired cluster's date has come. Without a clock nothing is ever due. */
export function isDue(decommissionAfter: string | undefined, now: Date | undefined): boolean {
  if (!decommissionAfter || !now) return false;
  return now.getTime() >= Date.parse(`${decommissionAfter}T00:00:00Z`);
}

export function decideLifecycle(ctx: PlanContext, c: ClusterSpec, path: string, target: string): LifecycleDecision {
  const observed = ctx.observed?.clusters[c.name];
  const deployed = observed !== undefined;
  const current = observed?.kubernetesVersion ? formatMinor(observed.kubernetesVersion) : undefined;
  const conditions: Condition[] = [];
  const base = current ? { currentVersion: current } : {};

  // Retired: drained until its date, destroyed after.
  if (c.lifecycle.state === "retired") {
    const after = c.lifecycle.decommissionAfter;
    const version = current ?? target;
    if (!ctx.now) conditions.push(cond("DecommissionDue", false, "NoClock", "no current time was given, so no decommission date is treated as passed"));
    if (isDue(after, ctx.now)) {
      conditions.push(cond("DecommissionDue", true, "DatePassed", `decommissionAfter ${after} has passed`));
      const gone = ctx.observed !== undefined && !deployed;
      return { action: "destroy", phase: gone ? "Deleted" : "Deleting", conditions, kubernetesVersion: version, ...base };
    }
    if (ctx.now) conditions.push(cond("DecommissionDue", false, "Scheduled", `retired; decommission on or after ${after}`));
    return { action: "drain", phase: "Retiring", conditions, kubernetesVersion: version, ...base };
  }

  if (c.lifecycle.state === "draining") {
    conditions.push(cond("Draining", true, "LifecycleDraining", "out of the fleet's traffic; versions are held while draining"));
    return { action: "drain", phase: "Draining", conditions, kubernetesVersion: current ?? target, ...base };
  }

  if (!deployed || !current) {
    return { action: "create", phase: "Pending", conditions, kubernetesVersion: target, ...base };
  }

  const step = minorDistance(current, target);
  if (step === undefined) {
    ctx.problems.error(`${path}.kubernetesVersion`, "version/incomparable", `cannot compare the deployed version ${current} with the target ${target}`, target);
    return { action: "keep", phase: "Provisioned", conditions, kubernetesVersion: current, ...base };
  }
  if (step < 0) {
    ctx.problems.error(`${path}.kubernetesVersion`, "version/downgrade", `got ${target}, but ${current} is deployed; Kubernetes cannot be downgraded: keep ${current} or newer`, target);
    return { action: "keep", phase: "Provisioned", conditions, kubernetesVersion: current, ...base };
  }
  if (step > 1) {
    ctx.problems.error(
      `${path}.kubernetesVersion`,
      "version/minor-skip",
      `got ${target}, but ${current} is deployed: a jump of ${step} minors; Kubernetes upgrades one minor at a time, so set ${formatMinor(`1.${Number(current.split(".")[1]) + 1}`)} first`,
      target,
    );
    return { action: "keep", phase: "Provisioned", conditions, kubernetesVersion: current, ...base };
  }
  if (step === 1) {
    conditions.push(cond("VersionUpgrade", true, "MinorStep", `${current} → ${target}: control plane first, node pools after it`));
    return { action: "upgrade", phase: "Upgrading", conditions, kubernetesVersion: target, ...base };
  }
  return { action: "keep", phase: "Provisioned", conditions, kubernetesVersion: current, ...base };
}

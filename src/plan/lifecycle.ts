// This run's decision for a cluster (create, keep, upgrade, drain, destroy), derived from the
// spec's lifecycle, the observed deployment, the wave gates and the clock given as a value.
// The phase is a summary of the same facts; conditions say why.
import type { ClusterSpec } from "../spec/cluster.ts";
import { providerLabel, type PlanContext } from "./context.ts";
import type { ClusterAction, ClusterPhase, Condition } from "./types.ts";
import { formatMinor, minorDistance, nextMinor } from "./versions.ts";

export interface LifecycleDecision {
  readonly action: ClusterAction;
  readonly phase: ClusterPhase;
  readonly conditions: Condition[];
  /** Control-plane version this run. */
  readonly kubernetesVersion: string;
  readonly currentVersion?: string;
}

export const cond = (type: string, status: boolean, reason: string, message: string): Condition => ({
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
  const current = observed?.kubernetesVersion ? formatMinor(observed.kubernetesVersion) : undefined;
  const base = current ? { currentVersion: current } : {};
  const held = current ?? target;

  if (c.lifecycle.state === "retired") return decideRetired(ctx, c, held, base);
  if (c.lifecycle.state === "draining") {
    const conditions = [cond("Draining", true, "LifecycleDraining", "out of the fleet's traffic: no mesh discovery from other clusters, ingress scaled to zero, versions held")];
    return { action: "drain", phase: "Draining", conditions, kubernetesVersion: held, ...base };
  }
  if (c.provider === "existing") return decideAdopted(c, target, current, base);
  if (observed === undefined || !current) return { action: "create", phase: "Pending", conditions: [], kubernetesVersion: target, ...base };

  const step = minorDistance(current, target);
  if (step === undefined || step < 0) {
    const [code, message] =
      step === undefined
        ? ["version/incomparable", `cannot compare the deployed version ${current} with the target ${target}`]
        : ["version/downgrade", `got ${target}, but ${current} is deployed; Kubernetes cannot be downgraded: keep ${current} or newer`];
    ctx.problems.error(`${path}.kubernetesVersion`, code, message, target);
    return { action: "keep", phase: "Provisioned", conditions: [], kubernetesVersion: current, ...base };
  }
  if (step === 0) return { action: "keep", phase: "Provisioned", conditions: [], kubernetesVersion: current, ...base };

  const next = nextMinor(current);
  if (step > 1 && ctx.spec.rollout.multiMinorUpgrades === "refuse") {
    ctx.problems.error(`${path}.kubernetesVersion`, "version/minor-skip", `got ${target}, but ${current} is deployed: a jump of ${step} minors; Kubernetes upgrades one minor at a time, so set ${next} first (or rollout.multiMinorUpgrades: step)`, target);
    return { action: "keep", phase: "Provisioned", conditions: [], kubernetesVersion: current, ...base };
  }
  if (!ctx.catalog.kubernetesVersions[c.provider].minors.includes(next)) {
    ctx.problems.error(`${path}.kubernetesVersion`, "version/step-unsupported", `reaching ${target} from ${current} goes through ${next}, which ${providerLabel(c.provider)} does not support; upgrades cannot skip a minor`, target);
    return { action: "keep", phase: "Provisioned", conditions: [], kubernetesVersion: current, ...base };
  }
  const hold = ctx.holds.get(c.name);
  if (hold) {
    return { action: "keep", phase: "Provisioned", conditions: [cond("UpgradeGate", false, hold.reason, hold.message)], kubernetesVersion: current, ...base };
  }
  const behind = poolsBlockingStep(ctx, c, path, current, next);
  if (behind.length) {
    // Not an UpgradeGate: the pools are not frozen, they catch up this run (one minor each).
    const message = `${providerLabel(c.provider)} refuses ${current} → ${next} while ${behind.join(", ")}; the node pools catch up first, the control plane follows next run`;
    return { action: "keep", phase: "Upgrading", conditions: [cond("VersionUpgrade", false, "NodePoolsBehind", message)], kubernetesVersion: current, ...base };
  }
  const remaining = step - 1;
  const message = `${current} → ${next}${remaining ? ` (target ${target}: ${remaining} more run${remaining === 1 ? "" : "s"} after this one)` : ""}; control plane first, node pools after it`;
  return { action: "upgrade", phase: "Upgrading", conditions: [cond("VersionUpgrade", true, "MinorStep", message)], kubernetesVersion: next, ...base };
}

/**
 * Adopted (`existing`): ClusterFleet never creates, upgrades or deletes it, so it is neither pending
 * nor upgrading, whatever was deployed before. Its `kubernetesVersion` is a fact the spec states (the
 * add-ons' charts are chosen for it); when the previous deployment saw another minor, a condition says
 * so instead of planning a step.
 */
function decideAdopted(c: ClusterSpec, target: string, current: string | undefined, base: { currentVersion?: string }): LifecycleDecision {
  const conditions = [cond("Adopted", true, "AdoptedByKubeconfig", `adopted by kubeconfig: ClusterFleet installs the fleet's add-ons on "${c.name}" and never creates, upgrades or deletes the cluster itself`)];
  if (current && current !== target) {
    conditions.push(cond("VersionMatchesSpec", false, "VersionDiffers", `the previous deployment saw ${current}, the spec says ${target}: upgrade the cluster yourself, then set kubernetesVersion to what it runs`));
  }
  return { action: "adopt", phase: "Adopted", conditions, kubernetesVersion: target, ...base };
}

/**
 * The deployed pools that keep the control plane from stepping `current` → `next` this run, by the
 * provider's rule (catalog `versionSkew`): EKS updates a cluster only when every managed node group
 * runs its current minor; GKE and AKS only when every pool stays within two minors of the new one.
 * A pool pinned (`nodePools[].kubernetesVersion`) where it would block forever is an error.
 */
function poolsBlockingStep(ctx: PlanContext, c: ClusterSpec, path: string, current: string, next: string): string[] {
  const rule = ctx.catalog.versionSkew[c.provider];
  const deployed = ctx.observed?.clusters[c.name]?.nodePools ?? {};
  const blocks = (v: string) => (rule.controlPlaneStep === "at-current" ? (minorDistance(v, current) ?? 0) > 0 : (minorDistance(v, next) ?? 0) > rule.maxPoolSkew);
  const need = rule.controlPlaneStep === "at-current" ? `at ${current}` : `within ${rule.maxPoolSkew} minors of ${next}`;
  const out: string[] = [];
  c.nodePools.forEach((p, i) => {
    if (p.kubernetesVersion && blocks(p.kubernetesVersion)) {
      ctx.problems.error(`${path}.nodePools[${i}].kubernetesVersion`, "version/pool-blocks-upgrade", `pool pinned at ${p.kubernetesVersion} keeps the control plane at ${current}: ${providerLabel(c.provider)} moves it to ${next} only with every node pool ${need}; raise the pin or remove it`, p.kubernetesVersion);
      return;
    }
    const was = deployed[p.name]?.kubernetesVersion;
    if (was && blocks(formatMinor(was))) out.push(`node pool ${p.name} is at ${formatMinor(was)} (needs ${need})`);
  });
  // Pools the provider made and the plan cannot move: the step would be refused until they are upgraded by hand.
  for (const pool of rule.providerPools ?? []) {
    const was = deployed[pool.name]?.kubernetesVersion;
    if (!was || !blocks(formatMinor(was))) continue;
    ctx.problems.error(
      `${path}.kubernetesVersion`,
      "version/provider-pool-behind",
      `${providerLabel(c.provider)} refuses ${current} → ${next}: its ${pool.name} pool is at ${formatMinor(was)} (needs ${need}), and ClusterFleet cannot upgrade that pool; run \`${pool.upgrade.replace("<minor>", current)}\`, then plan again`,
      c.kubernetesVersion ?? ctx.spec.defaults.kubernetesVersion,
    );
  }
  return out;
}

/**
 * Retired: drained until its date; then destroyed, but only in a run the decommission job approved,
 * which first removes what in-cluster controllers created (load balancers, volumes). A plain
 * `pulumi up` after the date keeps the cluster drained and says it is waiting for the job.
 */
function decideRetired(ctx: PlanContext, c: ClusterSpec, version: string, base: { currentVersion?: string }): LifecycleDecision {
  const after = c.lifecycle.decommissionAfter;
  const conditions: Condition[] = [];
  if (!ctx.now) conditions.push(cond("DecommissionDue", false, "NoClock", "no current time was given, so no decommission date is treated as passed"));
  if (!isDue(after, ctx.now)) {
    if (ctx.now) conditions.push(cond("DecommissionDue", false, "Scheduled", `retired; decommission on or after ${after}`));
    return { action: "drain", phase: "Retiring", conditions, kubernetesVersion: version, ...base };
  }
  if (!ctx.decommission.has(c.name)) {
    conditions.push(cond("DecommissionDue", true, "AwaitingDecommissionJob", `decommissionAfter ${after} has passed; \`clusterfleet decommission\` removes it (cleanup first, then destroy)`));
    return { action: "drain", phase: "Retiring", conditions, kubernetesVersion: version, ...base };
  }
  conditions.push(cond("DecommissionDue", true, "Approved", `decommissionAfter ${after} has passed and the decommission job approved this run`));
  const gone = ctx.observed !== undefined && ctx.observed.clusters[c.name] === undefined;
  return { action: "destroy", phase: gone ? "Deleted" : "Deleting", conditions, kubernetesVersion: version, ...base };
}

// Node pools as the plan renders them: machine type resolved, zones within the cluster's,
// version never newer than the control plane and never further behind than the provider allows
// (catalog `versionSkew`: 2 minors on GKE and AKS, 3 upstream and on EKS).
import type { ClusterSpec } from "../spec/cluster.ts";
import { listAllowed, show } from "../spec/issue.ts";
import { providerLabel, type PlanContext } from "./context.ts";
import { nodePoolName } from "./names.ts";
import type { NodePoolPlan } from "./types.ts";
import { formatMinor, minorDistance, nextMinor } from "./versions.ts";

/**
 * `frozen`: the cluster's rollout is held this run (a wave gate): pools keep their deployed versions.
 * Otherwise a pool follows the control plane (or its own older pin), one minor per run at most.
 */
export function planNodePools(ctx: PlanContext, c: ClusterSpec, path: string, zones: readonly string[], controlPlaneVersion: string, frozen = false): NodePoolPlan[] {
  const deployed = ctx.observed?.clusters[c.name]?.nodePools ?? {};
  const seen = new Map<string, number>();
  const providerNames = new Map<string, string>();
  return c.nodePools.map((p, i) => {
    const at = `${path}.nodePools[${i}]`;
    const dup = seen.get(p.name);
    if (dup !== undefined) ctx.problems.error(`${at}.name`, "nodePool/duplicate-name", `${show(p.name)} is also the name of ${path}.nodePools[${dup}]; pool names must be unique in a cluster`, p.name);
    seen.set(p.name, i);
    if (p.min > p.max) ctx.problems.error(`${at}.min`, "nodePool/min-above-max", `min ${p.min} is above max ${p.max}`, p.min);

    const poolZones = p.zones ?? zones;
    for (const z of p.zones ?? []) {
      if (!zones.includes(z)) ctx.problems.error(`${at}.zones`, "nodePool/zone-outside-cluster", `zone ${show(z)} is not one of the cluster's zones; allowed: ${listAllowed(zones)}`, z);
    }

    const wanted = p.kubernetesVersion ?? controlPlaneVersion;
    const was = deployed[p.name]?.kubernetesVersion ? formatMinor(deployed[p.name]!.kubernetesVersion!) : undefined;
    const behind = was ? minorDistance(was, wanted) : undefined;
    const byProvider = ctx.catalog.versionSkew[c.provider].poolVersions === "provider";
    if (byProvider && p.kubernetesVersion !== undefined && p.kubernetesVersion !== controlPlaneVersion) {
      ctx.problems.error(`${at}.kubernetesVersion`, "version/pool-pin-unsupported", `got ${p.kubernetesVersion}, but ${providerLabel(c.provider)} node auto-upgrade moves every pool to the control plane's version (${controlPlaneVersion} this run); remove the pin`, p.kubernetesVersion);
    }
    // Provider-moved pools: the version they converge to (the control plane's), not one the plan sets.
    const version = byProvider ? controlPlaneVersion : was && (frozen || (behind !== undefined && behind < 0)) ? was : was && behind !== undefined && behind > 1 ? nextMinor(was) : wanted;
    const skew = minorDistance(version, controlPlaneVersion);
    const { maxPoolSkew } = ctx.catalog.versionSkew[c.provider];
    if (skew !== undefined && skew < 0) {
      ctx.problems.error(`${at}.kubernetesVersion`, "version/pool-newer-than-control-plane", `pool version ${version} is newer than the control plane's ${controlPlaneVersion} this run; a node pool may never be newer`, version);
    } else if (skew !== undefined && skew > maxPoolSkew) {
      ctx.problems.error(`${at}.kubernetesVersion`, "version/pool-skew", `pool version ${version} is ${skew} minors behind the control plane's ${controlPlaneVersion}; ${providerLabel(c.provider)} allows at most ${maxPoolSkew}`, version);
    }

    const providerName = nodePoolName(c.provider, ctx.spec.name, c.name, p.name);
    const clash = providerNames.get(providerName);
    if (clash !== undefined && clash !== p.name) {
      ctx.problems.error(`${at}.name`, "nodePool/provider-name-clash", `${show(p.name)} and ${show(clash)} both become ${show(providerName)} at ${c.provider} (its pool names allow only a-z0-9, 12 characters); rename one`, p.name);
    }
    providerNames.set(providerName, p.name);

    const machineType =
      p.machineType ?? (c.provider === "aws" || c.provider === "gcp" || c.provider === "azure" ? ctx.spec.defaults.nodePool.machineTypes[c.provider] : "self-managed");
    return {
      name: p.name,
      providerName,
      machineType,
      min: p.min,
      max: p.max,
      zones: [...poolZones],
      spot: p.spot,
      diskSizeGb: p.diskSizeGb,
      labels: p.labels,
      taints: p.taints,
      kubernetesVersion: formatMinor(version),
    };
  });
}

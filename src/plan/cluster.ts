// One cluster of the plan, everything but its networks (those are allocated fleet-wide).
import { closest, distance } from "fastest-levenshtein";
import { eksExtendedSupportMinors } from "../catalog/kubernetes-versions.ts";
import type { ClusterSpec } from "../spec/cluster.ts";
import { listAllowed, show } from "../spec/issue.ts";
import { planAddons } from "./addons.ts";
import { allowedCountries, aProvider, providerLabel, regionFact, type PlanContext } from "./context.ts";
import { decideLifecycle } from "./lifecycle.ts";
import { planManagedAddons } from "./managed-addons.ts";
import { planKubeadm } from "./kubeadm.ts";
import { clusterNames } from "./names.ts";
import { planNodePools } from "./node-pools.ts";
import { planSovereignty } from "./sovereignty.ts";
import { checkAdmissionVersion } from "./sovereignty-admission.ts";
import type { ClusterPlan } from "./types.ts";
import { resolveZones } from "./zones.ts";

export type ClusterDraft = Omit<ClusterPlan, "network" | "meshPeers" | "meshPeerSources">;

export const FLEET_LABEL_KEYS = ["fleet", "cluster", "region", "jurisdiction", "environment", "managed-by"] as const;

export function resolveCluster(ctx: PlanContext, c: ClusterSpec, index: number): ClusterDraft {
  const path = `clusters[${index}]`;
  const { spec, catalog, problems } = ctx;
  const country = checkRegion(ctx, c, path);
  const zones = resolveZones(ctx, c, path);
  checkControlPlane(ctx, c, path);

  const target = c.kubernetesVersion ?? spec.defaults.kubernetesVersion;
  const supported = catalog.kubernetesVersions[c.provider].minors;
  if (!supported.includes(target)) {
    problems.error(
      c.kubernetesVersion ? `${path}.kubernetesVersion` : "defaults.kubernetesVersion",
      "version/unsupported",
      `${target} is not supported by ${providerLabel(c.provider)} (cluster "${c.name}"); allowed: ${listAllowed(supported)}`,
      target,
    );
  }

  if (c.lifecycle.decommissionAfter && c.lifecycle.state !== "retired") {
    problems.error(`${path}.lifecycle.decommissionAfter`, "lifecycle/date-without-retired", `is set (${c.lifecycle.decommissionAfter}) but the cluster is ${c.lifecycle.state}; only a retired cluster has a decommission date: set state: retired or remove the date`, c.lifecycle.decommissionAfter);
  }
  if (c.lifecycle.state === "retired" && !c.lifecycle.decommissionAfter) {
    problems.error(`${path}.lifecycle.decommissionAfter`, "lifecycle/retired-without-date", `is required for a retired cluster: the date (YYYY-MM-DD) from which it may be destroyed`);
  }
  if (c.provider === "existing" && !(c.network?.cidr && c.network.podCidr && c.network.serviceCidr)) {
    problems.error(`${path}.network`, "network/existing-needs-cidrs", `an existing cluster's networks are facts ClusterFleet cannot choose: give network.cidr, network.podCidr and network.serviceCidr (got ${show(c.network ?? {})})`);
  }

  const waveIndex = c.wave === undefined ? ctx.waves.length - 1 : ctx.waves.findIndex((w) => w.name === c.wave);
  if (waveIndex < 0) {
    problems.error(`${path}.wave`, "rollout/unknown-wave", `${show(c.wave)} is not a wave in rollout.waves; allowed: ${listAllowed(ctx.waves.map((w) => w.name))}`, c.wave);
  }
  const wave = ctx.waves[Math.max(waveIndex, 0)]!.name;

  for (const key of Object.keys(c.labels)) {
    if ((FLEET_LABEL_KEYS as readonly string[]).includes(key)) {
      problems.error(`${path}.labels.${key}`, "labels/reserved", `"${key}" is set by ClusterFleet on every resource; choose another key (reserved: ${FLEET_LABEL_KEYS.join(", ")})`, key);
    }
  }

  const decision = decideLifecycle(ctx, c, path, target);
  if (c.provider === "aws") checkEksUpgradePolicy(ctx, c, path, decision.kubernetesVersion);
  if (decision.action !== "destroy") checkAdmissionVersion(ctx, c, path, decision.kubernetesVersion);
  const frozen = decision.action === "drain" || decision.conditions.some((k) => k.type === "UpgradeGate");
  const nodePools = planNodePools(ctx, c, path, zones, decision.kubernetesVersion, frozen);
  const addons = planAddons(ctx, c, path);
  const managedAddons = decision.action === "destroy" ? undefined : planManagedAddons(ctx, c, path, decision.kubernetesVersion, nodePools);
  const replicas = c.provider === "kubeadm" ? (c.controlPlane.replicas ?? (c.controlPlane.ha ? 3 : 1)) : undefined;
  const kubeadm = c.provider === "kubeadm" ? planKubeadm(ctx, c, path, zones, nodePools, decision) : undefined;
  const sovereignty = planSovereignty(ctx, c, path, zones, addons.observability.logStore);

  return {
    name: c.name,
    provider: c.provider,
    region: c.region,
    country: country ?? "",
    zones,
    jurisdiction: c.jurisdiction,
    environment: c.environment,
    wave,
    waveIndex: Math.max(waveIndex, 0),
    controlPlane: replicas === undefined ? { ha: c.controlPlane.ha } : { ha: c.controlPlane.ha, replicas },
    kubernetesVersion: decision.kubernetesVersion,
    targetVersion: target,
    ...(decision.currentVersion ? { currentVersion: decision.currentVersion } : {}),
    nodePools,
    lifecycle: c.lifecycle.decommissionAfter ? { state: c.lifecycle.state, decommissionAfter: c.lifecycle.decommissionAfter } : { state: c.lifecycle.state },
    phase: decision.phase,
    action: decision.action,
    conditions: decision.conditions,
    traffic: decision.action === "drain" ? "drained" : "serving",
    schedulable: decision.action === "create" || decision.action === "keep" || decision.action === "upgrade" || decision.action === "adopt",
    mesh: addons.mesh,
    policy: addons.policy,
    observability: addons.observability,
    addons: decision.action === "destroy" ? [] : addons.addons,
    ...(managedAddons ? { managedAddons } : {}),
    ...(addons.policyBaseline ? { policyBaseline: addons.policyBaseline } : {}),
    names: clusterNames(c.provider, spec.name, c.name),
    labels: {
      ...c.labels,
      fleet: spec.name,
      cluster: c.name,
      region: c.region,
      jurisdiction: c.jurisdiction,
      environment: c.environment,
      "managed-by": "clusterfleet",
    },
    settings: providerSettings(c),
    ...(kubeadm ? { kubeadm } : {}),
    sovereignty,
  };
}

/** The region must exist (catalog or site) and belong to the cluster's jurisdiction. Returns its country. */
function checkRegion(ctx: PlanContext, c: ClusterSpec, path: string): string | undefined {
  const { spec, catalog, problems } = ctx;
  const onPrem = c.provider === "kubeadm" || c.provider === "existing";
  const fact = regionFact(ctx, c.provider, c.region);
  if (!fact) {
    const known = onPrem ? Object.keys(spec.sites) : Object.keys(catalog.regions[c.provider as "aws" | "gcp" | "azure"]);
    // No "did you mean" for long input: Levenshtein is quadratic and no region name is this long.
    const comparable = c.region.length <= 64;
    const near = known.length && comparable ? closest(c.region, known) : undefined;
    const hint = near ? `did you mean "${near}"? ` : "";
    if (onPrem) {
      problems.error(`${path}.region`, "region/unknown-site", `${show(c.region)} is not a site declared under \`sites\`; ${hint}a ${c.provider} cluster's region names one of: ${known.length ? listAllowed(known) : "(no sites declared)"}`, c.region);
    } else {
      const nearest = comparable ? [...known].sort((a, b) => distance(c.region, a) - distance(c.region, b) || (a < b ? -1 : 1)) : [...known].sort();
      problems.error(`${path}.region`, "region/unknown", `${show(c.region)} is not ${aProvider(c.provider)} region; ${hint}nearest known: ${listAllowed(nearest, 6)} (add new regions under catalog.regions.${c.provider})`, c.region);
    }
  }

  const j = spec.jurisdictions[c.jurisdiction];
  if (!j) {
    problems.error(`${path}.jurisdiction`, "jurisdiction/unknown", `${show(c.jurisdiction)} is not a declared jurisdiction; allowed: ${listAllowed(Object.keys(spec.jurisdictions))}`, c.jurisdiction);
    return fact?.country;
  }
  if (!fact) return undefined; // an unknown region is reported once, above
  const listed = onPrem ? j.sites : j.regions[c.provider as "aws" | "gcp" | "azure"];
  if (!listed.includes(c.region)) {
    problems.error(
      `${path}.region`,
      "jurisdiction/region-outside",
      `${show(c.region)} is not in jurisdiction "${c.jurisdiction}", which allows ${onPrem ? "sites" : `${providerLabel(c.provider)} regions`}: ${listed.length ? listAllowed(listed) : "none"}`,
      c.region,
    );
  }
  const countries = allowedCountries(ctx, j.countries);
  if (countries && !countries.has(fact.country)) {
    problems.error(`${path}.region`, "jurisdiction/country-outside", `${show(c.region)} is in ${fact.country}, outside jurisdiction "${c.jurisdiction}" (countries: ${j.countries!.join(", ")})`, c.region);
  }
  return fact.country;
}

/**
 * EKS's upgrade policy against the plan (catalog eksExtendedSupportMinors): `standard` on a minor
 * already past standard support would have EKS upgrade the cluster on its own, outside the plan and
 * its waves: refused. `extended` on such a minor is allowed and warned about: it is billed at the
 * extended-support rate (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
 */
function checkEksUpgradePolicy(ctx: PlanContext, c: Extract<ClusterSpec, { provider: "aws" }>, path: string, version: string): void {
  if (!eksExtendedSupportMinors.minors.includes(version)) return;
  if (c.aws.upgradePolicy === "standard") {
    ctx.problems.error(`${path}.aws.upgradePolicy`, "aws/upgrade-policy-standard-on-extended", `is standard, but ${version} is past standard support: EKS would upgrade the cluster on its own, outside the plan; set a minor in standard support, or upgradePolicy: extended`, c.aws.upgradePolicy);
  } else {
    ctx.problems.warn(`${path}.kubernetesVersion`, "aws/extended-support", `${version} is in EKS extended support: cluster "${c.name}" is billed at the extended-support rate until it moves to a newer minor`, version);
  }
}

function checkControlPlane(ctx: PlanContext, c: ClusterSpec, path: string): void {
  const replicas = c.controlPlane.replicas;
  if (replicas === undefined) return;
  if (c.provider !== "kubeadm") {
    ctx.problems.error(`${path}.controlPlane.replicas`, "controlPlane/replicas-not-kubeadm", `is only for kubeadm clusters; ${providerLabel(c.provider)} manages its own control plane (use controlPlane.ha)`, replicas);
    return;
  }
  if (replicas % 2 === 0) {
    ctx.problems.error(`${path}.controlPlane.replicas`, "controlPlane/even-replicas", `got ${replicas}; etcd needs an odd number of members for quorum: use ${c.controlPlane.ha ? "3 or 5" : "1"}`, replicas);
  } else if (c.controlPlane.ha && replicas < 3) {
    ctx.problems.error(`${path}.controlPlane.replicas`, "controlPlane/ha-replicas", `got ${replicas}; an HA control plane needs 3 or 5 replicas (or set controlPlane.ha: false)`, replicas);
  } else if (!c.controlPlane.ha && replicas > 1) {
    ctx.problems.error(`${path}.controlPlane.replicas`, "controlPlane/replicas-without-ha", `got ${replicas} with controlPlane.ha: false; set ha: true for a replicated control plane, or use 1`, replicas);
  }
}

function providerSettings(c: ClusterSpec): Record<string, unknown> {
  switch (c.provider) {
    case "aws":
      return { ...c.aws };
    case "gcp":
      return { ...c.gcp };
    case "azure":
      return { ...c.azure };
    case "existing":
      return { kubeconfigKey: c.existing.kubeconfigKey ?? `kubeconfig-${c.name}`, ...(c.existing.context ? { context: c.existing.context } : {}) };
    case "kubeadm":
      return { sshPrivateKeyKey: c.kubeadm.ssh.privateKeyKey ?? `ssh-key-${c.name}`, cni: c.kubeadm.cni };
  }
}

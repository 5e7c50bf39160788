// What every GKE builder needs: the plan, the parent component, the cluster's own GCP provider and
// its settings read once and checked. The checks are the provider's rules the planner does not know
// (GCP label syntax); problems are collected and thrown as one InputPropertiesError.
import type * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gkeFacts } from "../../src/catalog/gke.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { show } from "../../src/spec/issue.ts";

/** The `gcp:` block of a cluster's spec, as the plan carries it in `settings`. */
export interface GcpSettings {
  readonly project: string;
  /** CIDRs allowed to reach a public API endpoint; empty keeps the endpoint private. */
  readonly masterAuthorizedNetworks: readonly string[];
  /** Internal networks allowed to the private endpoint besides the node subnet. */
  readonly privateEndpointAuthorizedNetworks: readonly string[];
  /** Callers in other regions may reach the private endpoint. */
  readonly privateEndpointGlobalAccess: boolean;
}

export interface GkeScope {
  /** The component's Pulumi name: prefix of every child's name. */
  readonly name: string;
  readonly fleet: string;
  readonly cluster: ClusterPlan;
  readonly settings: GcpSettings;
  readonly parent: pulumi.Resource;
  /** The cluster's own provider: its project, region and default labels. */
  readonly provider: gcp.Provider;
  /** The project's APIs the cluster needs (apis.ts): every other child waits for them. */
  readonly apis?: readonly pulumi.Resource[];
}

/** Options every GCP child takes: under the component, through the cluster's provider, after the APIs. */
export function childOpts(scope: GkeScope, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  const apis = scope.apis ?? [];
  if (!apis.length) return { parent: scope.parent, provider: scope.provider, ...extra };
  // Children pass plain resource lists here, never Outputs of them.
  const own = (extra.dependsOn === undefined ? [] : Array.isArray(extra.dependsOn) ? extra.dependsOn : [extra.dependsOn]) as pulumi.Input<pulumi.Resource>[];
  return { parent: scope.parent, provider: scope.provider, ...extra, dependsOn: [...apis, ...own] };
}

interface Problem {
  readonly path: string;
  readonly reason: string;
}

/** Reads and checks the plan's GCP settings and labels; throws one error listing every problem. */
export function readGcpSettings(componentName: string, cluster: ClusterPlan): GcpSettings {
  const problems: Problem[] = [];
  const project = cluster.settings["project"];
  if (typeof project !== "string" || project === "") {
    problems.push({ path: "settings.project", reason: `got ${show(project)}; a GKE cluster needs its GCP project ID (spec field gcp.project)` });
  }
  const networks = cluster.settings["masterAuthorizedNetworks"] ?? [];
  if (!Array.isArray(networks) || networks.some((n) => typeof n !== "string")) {
    problems.push({ path: "settings.masterAuthorizedNetworks", reason: `got ${show(networks)}; expected a list of IPv4 CIDRs` });
  }
  for (const [key, value] of Object.entries(cluster.labels)) {
    if (!gkeFacts.labelKey.test(key)) {
      problems.push({ path: `labels.${key}`, reason: `label key ${show(key)} is not a GCP label key: lowercase letters, digits, '_' and '-', starting with a letter, at most 63 characters` });
    }
    if (!gkeFacts.labelValue.test(value)) {
      problems.push({ path: `labels.${key}`, reason: `label value ${show(value)} is not a GCP label value: lowercase letters, digits, '_' and '-', at most 63 characters` });
    }
  }
  if (cluster.zones.length === 0) {
    problems.push({ path: "zones", reason: "the plan gives no zones; a GKE cluster needs at least one" });
  }
  const privateNetworks = cluster.settings["privateEndpointAuthorizedNetworks"] ?? [];
  if (!Array.isArray(privateNetworks) || privateNetworks.some((n) => typeof n !== "string")) {
    problems.push({ path: "settings.privateEndpointAuthorizedNetworks", reason: `got ${show(privateNetworks)}; expected a list of IPv4 CIDRs` });
  }
  if (problems.length) throwProblems(componentName, cluster, problems);
  return {
    project: project as string,
    masterAuthorizedNetworks: [...(networks as string[])],
    privateEndpointAuthorizedNetworks: [...(privateNetworks as string[])],
    privateEndpointGlobalAccess: cluster.settings["privateEndpointGlobalAccess"] === true,
  };
}

function throwProblems(componentName: string, cluster: ClusterPlan, problems: readonly Problem[]): never {
  throw new pulumi.InputPropertiesError({
    message: `GkeCluster "${componentName}" (cluster "${cluster.name}"): ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.path}: ${p.reason}`).join("\n")}`,
    errors: problems.map((p) => ({ propertyPath: p.path, reason: p.reason })),
  });
}

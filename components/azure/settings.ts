// The `azure:` block of a cluster's plan, read back with the spec's own schema (one source of
// truth for its fields and defaults), and the checks a plan must pass before anything is created.
import * as pulumi from "@pulumi/pulumi";
import { aksSystemPool } from "../../src/catalog/aks.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { minorDistance } from "../../src/plan/versions.ts";
import { azureClusterSchema } from "../../src/spec/cluster.ts";
import { formatPath, show, type FleetIssue, type PathSegment } from "../../src/spec/issue.ts";

export interface AzureSettings {
  /** Entra ID groups bound to cluster-admin. */
  readonly adminGroupObjectIds: readonly string[];
  /** Empty: the API server is private. Otherwise public, reachable from exactly these ranges. */
  readonly apiServerAuthorizedIpRanges: readonly string[];
  /** VNets linked to the private cluster's DNS zone (a runner there resolves the API's private name). */
  readonly privateDnsVnetLinks: readonly string[];
  /** Absent: the ambient subscription of the credentials `pulumi up` runs with. */
  readonly subscriptionId?: string;
}

const settingsSchema = azureClusterSchema.shape.azure;

/**
 * The cluster's Azure settings, or one InputPropertiesError listing every problem of the plan the
 * component cannot render (a hand-made plan can carry what the planner would have refused).
 */
export function checkAzurePlan(component: string, cluster: ClusterPlan): AzureSettings {
  const problems: FleetIssue[] = [];
  if (cluster.provider !== "azure") {
    problems.push({ path: "cluster.provider", code: "azure/wrong-provider", message: `got ${show(cluster.provider)}; an AksCluster renders only azure clusters` });
  }
  const parsed = settingsSchema.safeParse(cluster.settings);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      problems.push({ path: `cluster.settings.${formatPath(i.path as PathSegment[])}`, code: "azure/settings-invalid", message: i.message });
    }
  }
  cluster.nodePools.forEach((p, i) => {
    if ((minorDistance(p.kubernetesVersion, cluster.kubernetesVersion) ?? 0) < 0) {
      problems.push({
        path: `cluster.nodePools[${i}].kubernetesVersion`,
        code: "azure/pool-newer-than-control-plane",
        message: `pool ${show(p.name)} is at ${p.kubernetesVersion}, newer than the control plane's ${cluster.kubernetesVersion}; AKS refuses it`,
      });
    }
    if (p.providerName === aksSystemPool.name) {
      problems.push({
        path: `cluster.nodePools[${i}].providerName`,
        code: "azure/pool-name-reserved",
        message: `pool ${show(p.name)} becomes ${show(p.providerName)} at AKS, the name of ClusterFleet's system pool; rename the pool`,
      });
    }
  });
  const servicePrefix = Number(/^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(cluster.network.serviceCidr)?.[1] ?? NaN);
  if (!(servicePrefix <= 28)) {
    problems.push({
      path: "cluster.network.serviceCidr",
      code: "azure/service-cidr-too-small",
      message: `got ${show(cluster.network.serviceCidr)}; AKS needs an IPv4 service CIDR of /28 or larger (its DNS service takes the tenth address)`,
    });
  }
  for (const key of Object.keys(cluster.labels)) {
    // Labels become Azure tags, whose names may not hold these characters (a Kubernetes label
    // prefix such as "acme.io/team" would be refused by every resource at once).
    if (/[<>%&\\?/]/.test(key)) {
      problems.push({ path: `cluster.labels[${JSON.stringify(key)}]`, code: "azure/tag-name-invalid", message: `${show(key)} cannot be an Azure tag name (no < > % & \\ ? /); use a key without them, e.g. ${show(key.replace(/[<>%&\\?/]/g, "-"))}` });
    }
  }
  const required = ["resourceGroup", "cluster", "dnsPrefix", "vnet", "keyVault"] as const;
  for (const kind of required) {
    if (!cluster.names[kind]) problems.push({ path: `cluster.names.${kind}`, code: "azure/name-missing", message: `the plan gives no ${kind} name (expected from clusterNames("azure", ...))` });
  }
  if (problems.length) {
    throw new pulumi.InputPropertiesError({
      message: `AksCluster "${component}": ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.path}: ${p.message} [${p.code}]`).join("\n")}`,
      errors: problems.map((p) => ({ propertyPath: p.path, reason: `${p.message} [${p.code}]` })),
    });
  }
  const s = parsed.data!;
  // Sorted and deduplicated: the same set written in another order is the same cluster, not an update.
  const canonical = (xs: readonly string[]) => [...new Set(xs)].sort();
  return {
    adminGroupObjectIds: canonical(s.adminGroupObjectIds),
    apiServerAuthorizedIpRanges: canonical(s.apiServerAuthorizedIpRanges),
    privateDnsVnetLinks: canonical(s.privateDnsVnetLinks),
    ...(s.subscriptionId ? { subscriptionId: s.subscriptionId } : {}),
  };
}

/** A physical name the planner fitted to Azure's limits (checked present above). */
export function nameOf(cluster: ClusterPlan, kind: "resourceGroup" | "cluster" | "dnsPrefix" | "vnet" | "nodeSecurityGroup" | "keyVault"): string {
  return cluster.names[kind]!;
}

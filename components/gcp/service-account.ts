// The nodes' own Google service account, with only the role GKE nodes need (write logs and
// metrics, report node health). Never the Compute Engine default account, which holds Editor on
// the project and is absent in hardened organisations. Workloads get their own identities through
// Workload Identity, not through this account.
import * as projects from "@pulumi/gcp/projects/index.js";
import * as serviceaccount from "@pulumi/gcp/serviceaccount/index.js";
import { gkeFacts } from "../../src/catalog/gke.ts";
import { childOpts, type GkeScope } from "./scope.ts";

export interface GkeNodeIdentity {
  readonly account: serviceaccount.Account;
  /** Project-level grants, non-authoritative (IAMMember): other clusters in the project keep theirs. */
  readonly grants: readonly projects.IAMMember[];
}

export function buildNodeIdentity(scope: GkeScope): GkeNodeIdentity {
  const { name, cluster, settings } = scope;
  const account = new serviceaccount.Account(
    `${name}-sa-nodes`,
    {
      accountId: cluster.names["nodeServiceAccount"]!,
      project: settings.project,
      displayName: `ClusterFleet ${scope.fleet}/${cluster.name} nodes`,
      description: "Node service account of a ClusterFleet GKE cluster: logs, metrics and node health only.",
    },
    childOpts(scope),
  );
  const grants = gkeFacts.nodeServiceAccountRoles.map(
    (role) =>
      new projects.IAMMember(
        `${name}-sa-nodes-${role.replace(/^roles\//, "").replace(/[^a-zA-Z0-9]+/g, "-")}`,
        { project: settings.project, role, member: account.member },
        childOpts(scope),
      ),
  );
  return { account, grants };
}

/**
 * How every GKE node runs, in the plan's pools and in the throwaway default pool alike: as this
 * account, shielded, and with pods seeing the GKE metadata server (Workload Identity), never the
 * node's own credentials. One definition so the two kinds of pool cannot drift apart.
 */
export function hardenedNodeConfig(nodes: GkeNodeIdentity, labels: Readonly<Record<string, string>>) {
  return {
    serviceAccount: nodes.account.email,
    oauthScopes: [...gkeFacts.nodeOauthScopes],
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    resourceLabels: { ...labels },
  };
}

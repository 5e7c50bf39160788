// GKE facts the GCP component renders with: fixed by Google, not chosen per fleet. Each notes its
// source. Pure data (no Pulumi), so the planner, the preview and the tests can read them too.

export const gkeFacts = {
  /**
   * The release channel every cluster is enrolled in. EXTENDED is the one channel that leaves minor
   * upgrades to the plan: GKE moves an Extended cluster to a new minor only near the end of extended
   * support (~24 months), while still applying patches. Regular/Stable would upgrade minors on GKE's
   * schedule and the observed version would outrun the plan; "no channel" is deprecated and its
   * control planes are auto-upgraded on the Stable schedule anyway. Extended costs extra only while
   * a minor is past standard support, i.e. only if the plan keeps a cluster on an old minor.
   */
  releaseChannel: "EXTENDED",
  releaseChannelSource:
    "https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels and " +
    "https://cloud.google.com/kubernetes-engine/upgrades (\"For Extended channel clusters, minor upgrades occur only when the minor version nears the end of extended support\"), as of 2026-11",

  /**
   * The APIs a GKE cluster of ClusterFleet uses in its project: GKE and Compute (cluster, network, VPN),
   * Cloud KMS (Secrets and volume keys), IAM and IAM Credentials (service accounts, Workload
   * Identity), Resource Manager (project number lookups), Secret Manager and Cloud Storage (the
   * secrets backend, Loki's bucket). A fresh project has most of them off, and every call fails with
   * SERVICE_DISABLED until they are on.
   */
  requiredApis: [
    "cloudkms.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ],
  requiredApisSource: "https://cloud.google.com/kubernetes-engine/docs/how-to/enable-apis and each resource's API page, as of 2026-11",

  /** The least-privilege role a custom node service account needs (logs, metrics, node health). */
  nodeServiceAccountRoles: ["roles/container.defaultNodeServiceAccount"],
  nodeServiceAccountRolesSource: "https://cloud.google.com/kubernetes-engine/security/configure-node-service-accounts as of 2026-11",

  /** The role GKE's service agent needs on the application-layer Secrets encryption key. */
  secretsKeyRole: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  secretsKeySource: "https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets (grant the GKE service agent encrypter/decrypter on the key; key in the cluster's region)",

  /** Rotation of the Secrets key: 90 days, the CIS GCP benchmark's ceiling for KMS keys. */
  secretsKeyRotationPeriod: "7776000s",
  secretsKeyRotationSource: "CIS Google Cloud Platform Foundation Benchmark 1.10: KMS encryption keys rotated within 90 days",

  /** Cloud-platform scope: with a dedicated service account, IAM (not scopes) bounds what nodes may do. */
  nodeOauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
  nodeOauthScopesSource: "https://cloud.google.com/compute/docs/access/service-accounts#scopes_best_practice",

  /** Secondary range names on the nodes subnetwork (scoped to the subnetwork, so fixed names are safe). */
  podRangeName: "pods",
  serviceRangeName: "services",

  /** The exec credential plugin kubectl and the Kubernetes provider call; it reads the caller's gcloud credentials. */
  authPlugin: "gke-gcloud-auth-plugin",
  authPluginInstallHint:
    "Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",

  /**
   * GCP resource labels: keys start with a lowercase letter; keys and values use lowercase letters,
   * digits, '_' and '-', at most 63 characters (values may be empty).
   */
  labelKey: /^[a-z][a-z0-9_-]{0,62}$/,
  labelValue: /^[a-z0-9_-]{0,63}$/,
  labelSource: "https://cloud.google.com/compute/docs/labeling-resources#requirements",
} as const;

/** GKE's service agent in a project (the identity that encrypts Secrets with the cluster's key). */
export function gkeServiceAgent(projectNumber: string): string {
  return `service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/** The Workload Identity pool of a project: Kubernetes service accounts become `<pool>[ns/ksa]` members. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/** A zone name ends in a letter after the region (europe-west3-a); a region does not. */
export function isGcpZone(location: string): boolean {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);
}

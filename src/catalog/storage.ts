// Block storage and secrets-backend facts the sovereignty plan renders with: each provider's CSI
// driver, the topology key its node plugin reports a node's zone under (allowedTopologies may only
// use the driver's own keys: the external-provisioner matches each allowed term against the
// selected node's driver topology and fails provisioning otherwise), the class the provider makes
// default on its own, and the built-in roles the secrets backends need. Data only, each with its source.

export interface StorageFacts {
  readonly driver: string;
  /** Topology key the driver's node plugin reports the zone under; values are region-qualified zone names. */
  readonly zoneTopologyKey: string;
  /** How the driver spells a zone of the region in its topology ("eu-central-1a", "germanywestcentral-1"). */
  readonly zoneValue: (region: string, zone: string) => string;
  /** The class the provider creates and marks default; ClusterFleet un-defaults it. */
  readonly providerDefaultClass?: string;
  readonly source: string;
}

export const storageFacts = {
  aws: {
    driver: "ebs.csi.aws.com",
    // aws-ebs-csi-driver reports topology.kubernetes.io/zone (WellKnownZoneTopologyKey) next to its own
    // topology.ebs.csi.aws.com/zone; AWS zone names carry their region (eu-central-1a).
    zoneTopologyKey: "topology.kubernetes.io/zone",
    zoneValue: (_region: string, zone: string) => zone,
    providerDefaultClass: "gp2",
    source:
      "kubernetes-sigs/aws-ebs-csi-driver docs/parameters.md (type gp3, encrypted, kmsKeyId) and pkg/driver/node.go (topology keys); " +
      "https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html (EKS creates the gp2 class)",
  },
  gcp: {
    driver: "pd.csi.storage.gke.io",
    zoneTopologyKey: "topology.gke.io/zone",
    zoneValue: (_region: string, zone: string) => zone,
    providerDefaultClass: "standard-rwo",
    source:
      "kubernetes-sigs/gcp-compute-persistent-disk-csi-driver README (type, replication-type: regional-pd, disk-encryption-kms-key; topology key topology.gke.io/zone); " +
      "https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver (standard-rwo is GKE's default class)",
  },
  azure: {
    driver: "disk.csi.azure.com",
    zoneTopologyKey: "topology.disk.csi.azure.com/zone",
    zoneValue: (region: string, zone: string) => `${region}-${zone}`,
    providerDefaultClass: "default",
    source:
      "kubernetes-sigs/azuredisk-csi-driver docs/driver-parameters.md (skuName Premium_ZRS/Premium_LRS, diskEncryptionSetID; topology key topology.disk.csi.azure.com/zone, values <region>-<zone>); " +
      "https://learn.microsoft.com/azure/aks/azure-disk-csi (AKS's built-in default class)",
  },
} as const satisfies Record<"aws" | "gcp" | "azure", StorageFacts>;

/** Azure built-in roles the sovereignty resources need (IDs are the same in every tenant). */
export const sovereigntyAzureRoles = {
  /** Read secret contents: what External Secrets needs on the cluster's secrets vault. */
  keyVaultSecretsUser: { name: "Key Vault Secrets User", id: "4633458b-17de-408a-b874-0445c86b69e6", source: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#key-vault-secrets-user" },
  /** Wrap and unwrap with a key: what a disk encryption set's identity needs on its key. */
  keyVaultCryptoServiceEncryptionUser: {
    name: "Key Vault Crypto Service Encryption User",
    id: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    source: "https://learn.microsoft.com/azure/virtual-machines/disk-encryption (customer-managed keys with RBAC vaults)",
  },
  /** Read the disk encryption set: what the AKS cluster identity needs to create disks with it. */
  reader: { name: "Reader", id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", source: "https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys" },
} as const;

/** The role External Secrets needs on GCP Secret Manager (read secret versions). */
export const GCP_SECRET_ACCESSOR_ROLE = "roles/secretmanager.secretAccessor";

/** Where External Secrets runs (the chart's namespace) and the ServiceAccount ClusterFleet gives its store. */
export const SECRETS_READER = { namespace: "external-secrets", name: "clusterfleet-secrets-reader" } as const;

/** The ClusterSecretStore every cluster gets; the admission policies allow only this one. */
export const FLEET_SECRET_STORE = "clusterfleet";

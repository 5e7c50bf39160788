// Azure facts the AKS component renders with: built-in role IDs and the shape of the system node
// pool AKS requires. Data only, each with its source (checked 2026-11); no Pulumi here.

/** A built-in Azure role: its ID is the same in every tenant and subscription. */
export interface AzureBuiltInRole {
  readonly name: string;
  readonly id: string;
  readonly source: string;
}

const BUILT_IN_ROLES = "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles";

export const azureRoles = {
  /** Encrypt/decrypt with the vault's keys (RBAC vaults): what the AKS KMS plugin needs on the etcd key. */
  keyVaultCryptoUser: {
    name: "Key Vault Crypto User",
    id: "12338af0-0e69-4776-bea7-57ae8d297424",
    source: `${BUILT_IN_ROLES}#key-vault-crypto-user; AKS: articles/aks/use-kms-etcd-encryption.md (RBAC public key vault)`,
  },
  /** Join and read the node subnet: what the cluster identity needs on a subnet it does not own. */
  networkContributor: {
    name: "Network Contributor",
    id: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    source: `${BUILT_IN_ROLES}#network-contributor; AKS: articles/aks/configure-azure-cni.md (bring your own subnet with a user-assigned identity)`,
  },
  /** Read, write and delete blobs in a storage account: what Loki needs on its log container. */
  storageBlobDataContributor: {
    name: "Storage Blob Data Contributor",
    id: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    source: `${BUILT_IN_ROLES}#storage-blob-data-contributor`,
  },
} as const satisfies Record<string, AzureBuiltInRole>;

/**
 * The system node pool every AKS cluster must have (AKS refuses a cluster without one). ClusterFleet
 * adds it next to the plan's pools and keeps the plan's pools for workloads.
 */
export const aksSystemPool = {
  /** Not a name the spec's pools are likely to take; the component refuses a plan pool that does. */
  name: "fleetsys",
  /** 4 vCPU / 16 GiB: system pools need at least 4 vCPU and 4 GiB and no B-series. */
  vmSize: "Standard_D4s_v5",
  /** Three nodes for production (one per zone with HA); one is accepted for a non-HA cluster. */
  nodes: { ha: { min: 3, max: 6 }, single: { min: 1, max: 3 } },
  /** Keeps workloads off the system pool when the plan gives them pools of their own. */
  dedicatedTaint: "CriticalAddonsOnly=true:NoSchedule",
  source:
    "https://learn.microsoft.com/azure/aks/use-system-pools (limitations: >= 4 vCPU, >= 4 GiB, no B-series; " +
    "production: at least three nodes; CriticalAddonsOnly taint for a dedicated system pool)",
} as const;

/** The taint AKS puts on every spot node; stated explicitly so the pool's inputs match what Azure reports. */
export const aksSpotTaint = {
  taint: "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
  source: "https://learn.microsoft.com/azure/aks/spot-node-pool (spot nodes are tainted automatically)",
} as const;

/**
 * How long to wait after granting the control-plane identity its roles before creating the cluster.
 * AKS checks the identity's access to the KMS key when it creates the cluster, and a fresh role
 * assignment is not yet visible to Key Vault: creation fails with
 * AzureKeyVaultKmsValidateIdentityPermissionCustomerError ("The identity does not have keys
 * encrypt/decrypt permission on key vault") although the assignment exists.
 */
export const roleAssignmentPropagation = {
  seconds: 120,
  source:
    "https://github.com/Azure/AKS/issues/3575 and https://github.com/Azure/ARO-HCP/pull/834 (AKS creation fails until the KMS role " +
    "assignment has propagated); https://learn.microsoft.com/azure/role-based-access-control/troubleshooting (\"role assignment changes " +
    "can take up to 10 minutes\" to take effect; a few minutes is typical for a new assignment)",
} as const;

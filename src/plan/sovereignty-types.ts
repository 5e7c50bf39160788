// The data-sovereignty part of a cluster's plan: storage classes, keys, secrets backend and every
// place that holds the cluster's data, each with its region.

/** One term of a StorageClass's allowedTopologies: the key and the values a node's label may take. */
export interface TopologyRequirementPlan {
  readonly key: string;
  readonly values: readonly string[];
}

/** A StorageClass ClusterFleet creates in the cluster, pinned to the cluster's region and zones. */
export interface StorageClassPlan {
  readonly name: string;
  /** The CSI driver (the class's provisioner). */
  readonly driver: string;
  /** Provisioner parameters known at plan time. */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * Parameters the component fills in from what it creates: `volumeKey` (the AWS KMS key ARN of
   * the cluster's volume key), `diskEncryptionSet` (the Azure disk encryption set's ID).
   */
  readonly computedParameters?: Readonly<Record<string, "volumeKey" | "diskEncryptionSet">>;
  readonly reclaimPolicy: "Delete" | "Retain";
  readonly volumeBindingMode: "WaitForFirstConsumer";
  /** One term: every requirement ANDed; together they name only the cluster's region and zones. */
  readonly allowedTopologies: readonly TopologyRequirementPlan[];
  /** Exactly one class of a cluster is its default. */
  readonly default: boolean;
  /** zonal: a volume lives in one zone; regional: replicated across two zones of the region (GCP regional PD, Azure ZRS). */
  readonly replication: "zonal" | "regional";
}

/** A key that encrypts the cluster's data at rest, and where it lives. */
export interface EncryptionKeyPlan {
  /** What it encrypts. */
  readonly purpose: "kubernetes-secrets" | "volumes";
  readonly kind: "aws-kms" | "gcp-kms" | "azure-key-vault" | "provider-managed" | "site";
  /** The key's region: always the cluster's (a key elsewhere is refused when planning). */
  readonly region: string;
  /** clusterfleet: created with the cluster (and kept when it goes); user: given in the spec. */
  readonly managedBy: "clusterfleet" | "user";
  /** The key's ARN, resource name or ID, when the spec gives it. */
  readonly id?: string;
}

/** Where External Secrets reads the cluster's secrets: one ClusterSecretStore, in the cluster's region. */
export interface SecretsBackendPlan {
  readonly kind: "aws-secrets-manager" | "gcp-secret-manager" | "azure-key-vault" | "vault";
  /** Region (or site) the secrets are kept in; always the cluster's. */
  readonly region: string;
  /** The ClusterSecretStore's name; the admission policies allow no other store. */
  readonly storeName: string;
  /**
   * The only secrets the store's identity may read: names starting with this prefix (AWS
   * `<fleet>/<cluster>/`, GCP `<fleet>_<cluster>_`, Vault `<fleet>/<cluster>/` under the mount).
   * Azure: the whole vault, which holds only this cluster's secrets.
   */
  readonly prefix: string;
  /** The Kubernetes ServiceAccount External Secrets authenticates as for this store. */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  /** aws: the IAM role ESO assumes (IRSA), fitted to IAM's limit. */
  readonly roleName?: string;
  /** gcp: the project holding the secrets and the Google service account ESO acts as. */
  readonly project?: string;
  readonly googleServiceAccount?: string;
  /** azure: the vault ClusterFleet creates for the cluster's secrets and ESO's identity. */
  readonly vaultName?: string;
  readonly identityName?: string;
  /** vault: server, KV v2 mount, Kubernetes auth mount and role, CA bundle. */
  readonly address?: string;
  readonly mount?: string;
  readonly authMount?: string;
  readonly role?: string;
  readonly caBundle?: string;
}

/** A place that holds the cluster's data, with its region: what the report and the plan-time check read. */
export interface DataLocationPlan {
  readonly what: string;
  readonly region: string;
  /** The spec field it comes from, when the user gave it. */
  readonly path?: string;
}

/** Data sovereignty of one cluster: its pinned storage classes, keys and secrets backend. */
export interface SovereigntyPlan {
  /** The classes ClusterFleet creates; empty when the cluster's storage is not ClusterFleet's (an existing cluster without `storage`). */
  readonly storageClasses: readonly StorageClassPlan[];
  readonly defaultStorageClass?: string;
  /** The provider's own default class, which ClusterFleet un-defaults (annotation patched, class kept). */
  readonly providerDefaultClass?: string;
  readonly keys: readonly EncryptionKeyPlan[];
  /** Absent only for an existing cluster that names none. */
  readonly secretsBackend?: SecretsBackendPlan;
  readonly locations: readonly DataLocationPlan[];
  /** How the API server enforces the sovereignty rules at admission (every cluster, whatever its policy engine). */
  readonly admission: SovereigntyAdmissionPlan;
}

/**
 * The sovereignty rules as the cluster's own API server enforces them: native ValidatingAdmissionPolicies
 * (components/sovereignty/admission-native.ts), so they need no add-on and hold when a policy engine is
 * absent or broken.
 */
export interface SovereigntyAdmissionPlan {
  /** deny in prod, warn elsewhere (as the policy baseline). */
  readonly enforcement: "deny" | "warn";
  /**
   * Namespaces the rules skip: Kubernetes' own and the provider's own (its agents, which the fleet does
   * not configure). The add-ons' namespaces are not skipped: ClusterFleet's charts use the pinned classes
   * and the fleet's store like any workload. Cluster-scoped objects are always judged.
   */
  readonly exemptNamespaces: readonly string[];
}

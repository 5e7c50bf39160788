// What every per-cluster component gives the rest of the fleet, whatever its provider: how to
// reach the cluster and a Kubernetes provider built from the cluster's own outputs, so add-ons
// in the same `pulumi up` never reach a wrong or empty endpoint.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../src/plan/types.ts";

export interface FleetClusterArgs {
  /** The fleet's name, as planned (prefix of provider names, tag `fleet`). */
  readonly fleet: string;
  /** This cluster's plan: the component renders it and decides nothing. */
  readonly cluster: ClusterPlan;
  /**
   * Resolves once the runner has its route to the private API (the fabric, when the plan gives the
   * cluster `network.apiRoute`): the cluster's Kubernetes provider, and so every in-cluster resource, waits for it.
   * @default nothing to wait for
   */
  readonly apiRouteReady?: pulumi.Input<unknown>;
}

/**
 * Object storage a cloud cluster's component creates for its logs: the bucket (S3, GCS) or
 * container (Azure) named `cluster.observability.logStore.bucket` (account `logStore.account`), in
 * `logStore.region` and nowhere else, with access granted to Loki's ServiceAccount
 * (`loki/loki`) through workload identity.
 */
export interface LogStorage {
  /** Annotations on Loki's ServiceAccount: IRSA role ARN (EKS), GSA (GKE), workload identity client ID (AKS). */
  readonly serviceAccountAnnotations: pulumi.Input<Record<string, string>>;
  /** What Loki waits for: the bucket and the grant of it. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * What a cloud cluster's component creates for its data sovereignty (plan `sovereignty`), in the
 * cluster's own region: the volume key or disk encryption set its storage classes name, and the
 * identity External Secrets' reader ServiceAccount becomes, allowed on the cluster's secrets only.
 */
export interface SovereigntyResources {
  /** Annotations on the secrets reader ServiceAccount: IRSA role ARN (EKS), GSA (GKE), workload identity client and tenant IDs (AKS). */
  readonly secretsReaderAnnotations: pulumi.Input<Record<string, string>>;
  /** Values of the plan's computed storage-class parameters: the volume key's ARN, the disk encryption set's ID. */
  readonly storageParameters: Readonly<Partial<Record<"volumeKey" | "diskEncryptionSet", pulumi.Input<string>>>>;
  /** What the ClusterSecretStore needs that exists only once the vault does (Azure: vault URL and tenant). */
  readonly secretStore?: pulumi.Input<{ readonly vaultUrl?: string; readonly tenantId?: string }>;
  /** What the classes and the store wait for: keys, grants, identities. */
  readonly dependsOn: readonly pulumi.Resource[];
}

export interface FleetCluster extends pulumi.ComponentResource {
  readonly clusterName: string;
  /** The API server URL. */
  readonly endpoint: pulumi.Output<string>;
  /** Admin kubeconfig; always a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for add-ons, built from this cluster's outputs. */
  readonly kubernetesProvider: k8s.Provider;
  /** Control-plane minor as the provider reports it (feeds the next run's planner). */
  readonly kubernetesVersion: pulumi.Output<string>;
  /** Node pool minors by pool name, as the provider reports them. */
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
  /** What add-ons wait for before installing (node pools able to run them). @default nothing beyond the provider */
  readonly readyForAddons?: readonly pulumi.Resource[];
  /** Required of clusters whose plan stores logs in object storage (aws, gcp, azure with logs on). */
  readonly logStorage?: LogStorage;
  /** Required of cloud clusters (aws, gcp, azure): the resources their storage classes and secret store use. */
  readonly sovereignty?: SovereigntyResources;
}

// The FleetPlan: plain JSON, the single source the components, the CLI, the decommission
// job and the diagrams read. Other tools read these names: add fields freely, rename none.
import type { ShardPlan } from "./shards.ts";
import type { AddonId, MeshKind, PolicyEngine, RemoteWriteSpec } from "../spec/addons.ts";
import type { LifecycleState } from "../spec/cluster.ts";
import type { FleetIssue } from "../spec/issue.ts";
import type { Environment, Provider } from "../spec/primitives.ts";
import type { TaintSpec } from "../spec/node-pool.ts";

import type { ChartSourceKind } from "./chart-source.ts";
import type { FabricPlan } from "./fabric-types.ts";
import type { KubeadmPlan } from "./kubeadm-types.ts";
import type { SovereigntyPlan } from "./sovereignty-types.ts";

export * from "./fabric-types.ts";
export * from "./kubeadm-types.ts";
export * from "./sovereignty-types.ts";

export const PLAN_API_VERSION = "clusterfleet.dev/v1alpha1";

/**
 * This run's decision for a cluster. `adopt`: an `existing` cluster, whose infrastructure and version
 * are not ClusterFleet's: this run installs or updates the fleet's add-ons on it, nothing else.
 */
export type ClusterAction = "create" | "keep" | "upgrade" | "adopt" | "drain" | "destroy";

/** A summary of the facts, for people; decisions read `action`, never `phase`. */
export type ClusterPhase =
  | "Pending" // not deployed yet; this run creates it
  | "Provisioned" // deployed at its target
  | "Upgrading" // deployed, moving one minor this run
  | "Adopted" // an existing cluster, serving: ClusterFleet runs add-ons on it, never creates or upgrades it
  | "Draining" // out of the fleet's traffic, still running
  | "Retiring" // retired, waiting for its decommission date
  | "Deleting" // retired and due: this run (or the decommission job) removes it
  | "Deleted"; // retired, due, and no longer deployed

/** Why a decision was taken; `status` says whether the condition holds. */
export interface Condition {
  readonly type: string;
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

export type NetworkOrigin = "allocated" | "pinned" | "observed";

export interface NetworkPlan {
  readonly cidr: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  /** Where each CIDR came from: hash allocation, the spec, or the previous deployment. */
  readonly origin: { readonly cidr: NetworkOrigin; readonly podCidr: NetworkOrigin; readonly serviceCidr: NetworkOrigin };
  /**
   * Azure clusters with a VPN link: the `GatewaySubnet` (a /27 outside every cluster's networks) that the
   * VNet adds to its address space for the VPN gateway. Same as `fabric.gatewaySubnets[cluster]`.
   */
  readonly gatewaySubnet?: string;
  /**
   * The fabric link the `pulumi up` runner reaches this cluster's private API through (spec
   * `network.apiRoute`): the cluster whose network the runner sits in, the link, and the ranges the API
   * admits from it. Same as `fabric.apiRoutes[cluster]`.
   */
  readonly apiRoute?: ApiRoutePlan;
}

export interface ApiRoutePlan {
  readonly via: string;
  readonly link: string;
  readonly sources: readonly string[];
  /** The runner's traffic enters the cluster's network from another region (a cross-region peering; GKE then needs private endpoint global access). */
  readonly crossRegion: boolean;
}

export interface NodePoolPlan {
  readonly name: string;
  /** The pool's name at the provider (fitted to its limits). */
  readonly providerName: string;
  readonly machineType: string;
  readonly min: number;
  readonly max: number;
  readonly zones: readonly string[];
  readonly spot: boolean;
  readonly diskSizeGb: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly TaintSpec[];
  /** Version this run; never newer than the control plane, at most 3 minors older. */
  readonly kubernetesVersion: string;
}

export interface AddonPlan {
  readonly id: AddonId;
  readonly chart: string;
  /** Where the chart is pulled from: a Helm repository URL, an oci:// registry path, or a folder of packaged charts. */
  readonly repository: string;
  /** What `repository` is (src/plan/chart-source.ts: how a release names the chart for each). */
  readonly source: ChartSourceKind;
  readonly version: string;
  readonly namespace: string;
  /** User values from the cluster's overrides, merged over ClusterFleet's own by the add-on component. */
  readonly values?: Readonly<Record<string, unknown>>;
}

/**
 * A provider-managed add-on (EKS add-ons), pinned to the version that matches this run's control
 * plane. The component creates it; `after` says what must exist first.
 */
export interface ManagedAddonPlan {
  /** The provider's add-on name, e.g. `vpc-cni`. */
  readonly name: string;
  readonly version: string;
  /** `nodes`: runs Deployments, so it waits for every node pool; `control-plane`: the nodes need it to become Ready. */
  readonly after: "control-plane" | "nodes";
  /** The service account that calls cloud APIs, the IAM role it assumes (name fitted to IAM's limit) and the role's managed policy. */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string; readonly roleName: string; readonly managedPolicy: string };
}

/** Where a cluster's logs are kept: object storage in the cluster's own region, or its own disks on-prem. */
export interface LogStorePlan {
  /** s3 (EKS), gcs (GKE), azure-blob (AKS); filesystem (kubeadm, existing): a persistent volume in the cluster. */
  readonly kind: "s3" | "gcs" | "azure-blob" | "filesystem";
  /** The cluster's region (cloud) or site: the store is created there and nowhere else. */
  readonly region: string;
  /** Bucket (S3, GCS) or blob container (Azure) the cluster component creates; absent for filesystem. */
  readonly bucket?: string;
  /** Azure storage account (global namespace, 24 lowercase letters and digits) holding the container. */
  readonly account?: string;
  /** Days Loki's compactor keeps logs (limits_config.retention_period). */
  readonly retentionDays: number;
  /**
   * Days after which the bucket's lifecycle rule expires objects: a safety net behind the compactor,
   * later than the retention ("If you have a lifecycle policy configured on the object store, please
   * ensure that it is longer than the retention period", grafana.com/docs/loki/latest/operations/storage/retention/).
   * Absent for filesystem stores.
   */
  readonly bucketExpiryDays?: number;
}

export interface ObservabilityPlan {
  readonly metrics: boolean;
  readonly logs: boolean;
  readonly traces: boolean;
  /** Central endpoint that receives this cluster's metrics (metrics only: logs and traces never leave the region). */
  readonly remoteWriteUrl?: string;
  /** How Prometheus authenticates to it: Secret key references (never the credentials) or SigV4. */
  readonly remoteWriteAuth?: RemoteWriteSpec["auth"];
  readonly grafana: boolean;
  /** Labels on every series this cluster's Prometheus sends: fleet, cluster, region, jurisdiction, provider. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** Present when `logs`. */
  readonly logStore?: LogStorePlan;
}

/** `deny` rejects a violating request; `warn` admits it with a warning (and audits it). */
export type Enforcement = "deny" | "warn";

/** The baseline policy set a cluster's policy engine enforces. */
export interface PolicyBaselinePlan {
  readonly engine: Exclude<PolicyEngine, "none">;
  /** deny in prod, warn elsewhere. */
  readonly enforcement: Enforcement;
  /** Image reference prefixes pods may use (the spec's list plus the mesh's proxy registry). */
  readonly allowedRegistries: readonly string[];
  /**
   * Resources every container must declare. CPU limits are not required: they throttle a workload
   * without protecting its neighbours; memory limits do protect them.
   */
  readonly requiredResources: { readonly requests: readonly ("cpu" | "memory")[]; readonly limits: readonly ("cpu" | "memory")[] };
  /** Labels every namespace must carry. */
  readonly requiredNamespaceLabels: readonly string[];
  /** Namespaces the baseline does not apply to: Kubernetes' own, the provider's own and the add-ons ClusterFleet installs. */
  readonly exemptNamespaces: readonly string[];
  /** Namespaces the provider creates for its own components (src/plan/addons.ts PROVIDER_NAMESPACES): exempt from the namespace-label rule too. */
  readonly providerNamespaces: readonly string[];
}

export interface ClusterPlan {
  readonly name: string;
  readonly provider: Provider;
  readonly region: string;
  readonly country: string;
  readonly zones: readonly string[];
  readonly jurisdiction: string;
  readonly environment: Environment;
  readonly wave: string;
  readonly waveIndex: number;
  readonly network: NetworkPlan;
  readonly controlPlane: { readonly ha: boolean; readonly replicas?: number };
  /** Control-plane version this run deploys. */
  readonly kubernetesVersion: string;
  /** The version the spec asks for; reached over runs, one minor at a time. */
  readonly targetVersion: string;
  /** The version observed in the previous deployment, if known. */
  readonly currentVersion?: string;
  readonly nodePools: readonly NodePoolPlan[];
  readonly lifecycle: { readonly state: LifecycleState; readonly decommissionAfter?: string };
  readonly phase: ClusterPhase;
  readonly action: ClusterAction;
  readonly conditions: readonly Condition[];
  /** drained: out of the fleet's traffic (no mesh discovery from other clusters, ingress scaled to zero). */
  readonly traffic: "serving" | "drained";
  /** Whether fleet-level tooling (GitOps cluster generators, schedulers) may place new workloads here. */
  readonly schedulable: boolean;
  readonly mesh: MeshKind;
  readonly policy: PolicyEngine;
  readonly observability: ObservabilityPlan;
  readonly addons: readonly AddonPlan[];
  /** Provider-managed add-ons (EKS only; GKE and AKS manage theirs). Absent for other providers and for clusters being destroyed. */
  readonly managedAddons?: readonly ManagedAddonPlan[];
  /** Present when `policy` is not none. */
  readonly policyBaseline?: PolicyBaselinePlan;
  /** Clusters this one shares a mesh with: connected by the plan and running the same mesh (sorted). */
  readonly meshPeers: readonly string[];
  /** The mesh peers' node and pod CIDRs: the only sources the east-west gateway's load balancer admits (src/plan/mesh.ts). */
  readonly meshPeerSources: readonly string[];
  /**
   * Whose identities this cluster's mesh issues and trusts (src/plan/mesh-trust.ts). Present for live
   * clusters that run a mesh (absent in plans of older releases).
   */
  readonly meshTrust?: ClusterMeshTrustPlan;
  /** Provider resource names, fitted to each provider's limits (keys by resource kind). */
  readonly names: Readonly<Record<string, string>>;
  /** Tags/labels on every taggable resource of the cluster. */
  readonly labels: Readonly<Record<string, string>>;
  /** Provider-specific settings, copied from the spec with defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** kubeadm clusters only: machines, endpoint and bootstrap order. */
  readonly kubeadm?: KubeadmPlan;
  /** Storage classes, keys and secrets backend, all in the cluster's region. */
  readonly sovereignty: SovereigntyPlan;
}

export type PeeringKind =
  | "aws-vpc-peering"
  | "aws-transit-gateway"
  | "gcp-vpc-peering"
  | "azure-vnet-peering"
  | "ipsec-vpn"
  /** One side's network is not ClusterFleet's (existing cluster, or two on-prem sites): no link resources. */
  | "unmanaged";

export interface PeeringPlan {
  readonly from: string;
  readonly to: string;
  readonly kind: PeeringKind;
  /** Why the link exists: the topology, a hub, or an explicit `peering.links` entry. */
  readonly reason: "mesh" | "hub-spoke" | "hub-hub" | "explicit";
  /** Whether the mesh discovers endpoints across this link: false while either side is drained. */
  readonly discovery: boolean;
}

/**
 * One mesh trust root: the Istio root CA or Linkerd trust anchor of one jurisdiction, which signs the
 * intermediate (Istio `cacerts`) or identity issuer (Linkerd) of each of its clusters running that mesh.
 */
export interface MeshTrustRootPlan {
  /** `<mesh>/<jurisdiction>`: what clusters' `meshTrust.root` and `trustedRoots` name. */
  readonly key: string;
  readonly mesh: Exclude<MeshKind, "none">;
  readonly jurisdiction: string;
  /** SPIFFE trust domain of the jurisdiction's workload identities: `<jurisdiction>.<fleet>`, or `cluster.local` for the legacy root. */
  readonly trustDomain: string;
  /** The root's resource names under MeshIdentity are `<component>-<role>-key` and `-cert`. */
  readonly role: string;
  /**
   * The fleet's single root of releases before per-jurisdiction trust, kept (name, key, certificate and
   * trust domain) for this one jurisdiction, so its clusters' identities do not change.
   */
  readonly legacy: boolean;
}

/** A cluster's mesh trust: the trust domain and root it issues identities under, and the roots it accepts. */
export interface ClusterMeshTrustPlan {
  /** Istio meshConfig.trustDomain, Linkerd identityTrustDomain. */
  readonly trustDomain: string;
  /** Key of the root (FleetPlan.meshTrustRoots) that signs this cluster's CA. */
  readonly root: string;
  /** Keys of the roots in this cluster's trust bundle: its own first, then those of the other jurisdictions it is meshed with (sorted). */
  readonly trustedRoots: readonly string[];
  /** Trust domains of the other jurisdictions it is meshed with, sorted (Istio meshConfig.trustDomainAliases). */
  readonly peerTrustDomains: readonly string[];
}

/** Two clusters joined in one mesh: Istio remote secrets or Linkerd Links, both ways. */
export interface MeshLinkPlan {
  readonly from: string;
  readonly to: string;
  readonly mesh: Exclude<MeshKind, "none">;
}

export interface WavePlan {
  readonly name: string;
  readonly index: number;
  readonly gate?: "healthy";
  readonly clusters: readonly string[];
}

export interface FleetPlan {
  readonly apiVersion: typeof PLAN_API_VERSION;
  readonly kind: "FleetPlan";
  readonly fleet: string;
  readonly clusters: readonly ClusterPlan[];
  readonly peerings: readonly PeeringPlan[];
  /** The peerings whose two clusters run the same mesh: where endpoint discovery is set up. */
  readonly meshLinks: readonly MeshLinkPlan[];
  /** One trust root per jurisdiction and mesh its live clusters run (absent in refused plans and plans of older releases). */
  readonly meshTrustRoots?: readonly MeshTrustRootPlan[];
  /** How every managed link is built (absent in refused plans and plans of older releases). */
  readonly fabric?: FabricPlan;
  readonly waves: readonly WavePlan[];
  /**
   * The fleet cut into stacks that each run where their resources are reached and keep their state
   * in their jurisdiction (src/plan/shards.ts). Absent in refused plans and plans of older releases.
   */
  readonly shards?: readonly ShardPlan[];
  /** Present only when the spec was refused; then nothing else is to be rendered. */
  readonly problems?: readonly FleetIssue[];
  /** Worth reading, never blocking. */
  readonly warnings?: readonly FleetIssue[];
}

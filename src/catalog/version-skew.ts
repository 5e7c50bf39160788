// How far each provider lets node pools trail their control plane, and what it requires before the
// control plane moves to the next minor. Upstream allows kubelets three minors behind; the managed
// services are stricter, and the planner holds a control-plane step that the provider would refuse.
import type { Provider } from "../spec/primitives.ts";
import { aksSystemPool } from "./aks.ts";

export interface VersionSkewFact {
  /** Minors a node pool may be behind its control plane, at any moment (during an upgrade too). */
  readonly maxPoolSkew: number;
  /**
   * What the control plane's next minor step needs from the node pools:
   * - `within-skew`: every pool still within `maxPoolSkew` of the *new* minor;
   * - `at-current`: every pool at the control plane's *current* minor (EKS refuses otherwise).
   */
  readonly controlPlaneStep: "within-skew" | "at-current";
  /**
   * Pools the provider makes that the plan cannot move (reported under `observed.nodePools` by this
   * name), with what upgrades them by hand. They count against the skew like the plan's pools.
   */
  readonly providerPools?: readonly { readonly name: string; readonly upgrade: string }[];
  /**
   * Who moves node pool versions: `plan` (each pool declares the plan's version, one minor per run) or
   * `provider` (the provider's node auto-upgrade brings pools to the control plane's version after the
   * plan moved it; pools cannot be pinned to another minor). @default plan
   */
  readonly poolVersions?: "plan" | "provider";
  readonly source: string;
}

export const versionSkew: Record<Provider, VersionSkewFact> = {
  aws: {
    maxPoolSkew: 3,
    controlPlaneStep: "at-current",
    source:
      "https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html (\"If your cluster has managed node groups " +
      "attached to it, all of your node groups' Kubernetes versions must match the cluster's Kubernetes version in order to update " +
      "the cluster to a new Kubernetes version\"); kubelets up to 3 minors older from 1.28 on (https://kubernetes.io/releases/version-skew-policy/)",
  },
  gcp: {
    maxPoolSkew: 2,
    controlPlaneStep: "within-skew",
    // Release channels require node auto-upgrade, which fights a declared pool version
    // (https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/#version): GKE moves pools.
    poolVersions: "provider",
    source:
      "https://cloud.google.com/kubernetes-engine/versioning (\"Nodes and node pool versions can be up to two minor versions older than " +
      "the control plane, but cannot be newer\")",
  },
  azure: {
    maxPoolSkew: 2,
    controlPlaneStep: "within-skew",
    // The system pool AKS requires is created inside the managed cluster; the managed-cluster API
    // upgrades only the control plane (Azure/AKS#3087) and refuses pool versions unless all pools'
    // are given (NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged, Azure/AKS#4765), and the
    // azure-native provider refuses to create an AgentPool that already exists (so it cannot adopt it).
    providerPools: [{ name: aksSystemPool.name, upgrade: `az aks nodepool upgrade -g <resource group> --cluster-name <cluster> -n ${aksSystemPool.name} -k <minor>` }],
    source:
      "https://learn.microsoft.com/dotnet/api/microsoft.azure.management.containerservice.models.agentpool.orchestratorversion (\"The node " +
      "pool minor version must be within two minor versions of the control plane version. The node pool version cannot be greater than " +
      "the control plane version\")",
  },
  kubeadm: {
    maxPoolSkew: 3,
    controlPlaneStep: "within-skew",
    source: "https://kubernetes.io/releases/version-skew-policy/ (kubelet may be up to three minor versions older than kube-apiserver, never newer)",
  },
  existing: {
    maxPoolSkew: 3,
    controlPlaneStep: "within-skew",
    source: "https://kubernetes.io/releases/version-skew-policy/ (ClusterFleet never upgrades an adopted cluster)",
  },
};

// clusterfleet:azure:AksCluster — one planned Azure cluster: a resource group and VNet in its region,
// a Key Vault key for etcd encryption, and a private AKS cluster with Entra ID, Azure RBAC, workload
// identity and Azure CNI overlay, its system pool and one agent pool per planned pool.
import type * as azure from "@pulumi/azure-native";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { aksSystemPool, azureRoles } from "../../src/catalog/aks.ts";
import { formatMinor } from "../../src/plan/versions.ts";
import type { FleetCluster, FleetClusterArgs, LogStorage, SovereigntyResources } from "../cluster-contract.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";
import { isPublicApi, managedCluster } from "./control-plane.ts";
import { secretsEncryption } from "./encryption.ts";
import { controlPlaneIdentity, grantRole } from "./identity.ts";
import { clusterAccess } from "./kubeconfig.ts";
import { clusterNetwork } from "./network.ts";
import { nodePools } from "./node-pools.ts";
import { azureContext } from "./provider.ts";
import { logStorage } from "./log-storage.ts";
import { clusterResourceGroup } from "./resource-group.ts";
import { checkAzurePlan } from "./settings.ts";
import { sovereignty } from "./sovereignty.ts";

export type AksClusterArgs = FleetClusterArgs;

export class AksCluster extends pulumi.ComponentResource implements FleetCluster {
  readonly clusterName: string;
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly kubernetesProvider: k8s.Provider;
  readonly kubernetesVersion: pulumi.Output<string>;
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
  /**
   * Minor of the system pool AKS requires. It is created at the control plane's version but not
   * moved by later control-plane upgrades (see control-plane.ts): watch it against the skew limit.
   */
  readonly systemPoolVersion: pulumi.Output<string>;
  /** The cluster's OIDC issuer, for workload identity federated credentials. */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** The managed cluster's Azure resource ID. */
  readonly clusterId: pulumi.Output<string>;
  /** Loki's container in the cluster's location and its access to it (when the plan keeps logs). */
  readonly logStorage?: LogStorage;
  /** What the network fabric builds this cluster's side of a link with: its provider, group, VNet and node NSG. */
  readonly fabric: AksFabricHandles;
  /** The agent pools: add-ons that run pods wait for them. */
  readonly readyForAddons: readonly pulumi.Resource[];
  /** The disk encryption set and the secrets vault with External Secrets' identity, in the cluster's location. */
  readonly sovereignty: SovereigntyResources;

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.aks, name, {}, opts);
    const built = buildAksCluster(name, args, this);
    this.clusterName = args.cluster.name;
    this.endpoint = built.endpoint;
    this.kubeconfig = built.kubeconfig;
    this.kubernetesProvider = built.kubernetesProvider;
    this.kubernetesVersion = built.kubernetesVersion;
    this.nodePoolVersions = built.nodePoolVersions;
    this.systemPoolVersion = built.systemPoolVersion;
    this.oidcIssuerUrl = built.oidcIssuerUrl;
    this.clusterId = built.clusterId;
    this.readyForAddons = built.readyForAddons;
    this.fabric = built.fabric;
    if (built.logStorage) this.logStorage = built.logStorage;
    this.sovereignty = built.sovereignty;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      kubernetesVersion: this.kubernetesVersion,
      nodePoolVersions: this.nodePoolVersions,
      systemPoolVersion: this.systemPoolVersion,
      oidcIssuerUrl: this.oidcIssuerUrl,
      clusterId: this.clusterId,
    });
  }
}

export interface AksFabricHandles {
  readonly provider: azure.Provider;
  readonly subscriptionId: pulumi.Output<string>;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly vnetName: pulumi.Output<string>;
  readonly vnetId: pulumi.Output<string>;
  readonly nodeSecurityGroupName: pulumi.Output<string>;
}

interface Built {
  readonly fabric: AksFabricHandles;
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly kubernetesProvider: k8s.Provider;
  readonly kubernetesVersion: pulumi.Output<string>;
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
  readonly systemPoolVersion: pulumi.Output<string>;
  readonly oidcIssuerUrl: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  readonly logStorage: LogStorage | undefined;
  readonly sovereignty: SovereigntyResources;
  readonly readyForAddons: readonly pulumi.Resource[];
}

/** The resources, in the order Azure needs them; dependencies are the inputs they pass on. */
function buildAksCluster(name: string, args: AksClusterArgs, parent: pulumi.Resource): Built {
  const { cluster } = args;
  const settings = checkAzurePlan(name, cluster);
  const ctx = azureContext(name, settings, parent);
  const opts = { parent, provider: ctx.provider };

  const group = clusterResourceGroup(name, cluster, opts);
  const network = clusterNetwork(name, cluster, group, opts);
  const identity = controlPlaneIdentity(name, cluster, group, opts);
  const subnetAccess = grantRole(`${name}-role-subnet`, { role: azureRoles.networkContributor, principalId: identity.principalId, scope: network.nodeSubnet.id }, ctx, opts);
  const encryption = secretsEncryption(name, cluster, group, identity, ctx, opts);

  // The role assignments are no inputs of the cluster, yet AKS checks both when it creates it.
  const aks = managedCluster(name, { cluster, settings, group, network, identity, encryption }, { ...opts, dependsOn: [encryption.keyAccess, subnetAccess] });
  const pools = nodePools(name, cluster, group, aks, network, opts);
  const access = clusterAccess(aks, group, !isPublicApi(settings), opts);
  const oidcIssuerUrl = aks.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");

  return {
    fabric: {
      provider: ctx.provider,
      subscriptionId: ctx.subscriptionId,
      resourceGroupName: group.name,
      vnetName: network.vnet.name,
      vnetId: network.vnet.id,
      nodeSecurityGroupName: network.nodeSecurityGroup.name,
    },
    endpoint: access.endpoint,
    kubeconfig: access.kubeconfig,
    kubernetesProvider: kubernetesProviderFor(name, access.kubeconfig, parent),
    kubernetesVersion: pulumi.all([aks.currentKubernetesVersion, aks.kubernetesVersion]).apply(([current, declared]) => formatMinor(current ?? declared ?? "")),
    nodePoolVersions: pulumi
      .all(pools.map(({ plan, pool }) => pulumi.all([pool.currentOrchestratorVersion, pool.orchestratorVersion]).apply(([current, declared]) => [plan.name, formatMinor(current ?? declared ?? "")] as const)))
      .apply((entries) => Object.fromEntries(entries)),
    systemPoolVersion: aks.agentPoolProfiles.apply((profiles) => {
      const system = profiles?.find((p) => p.name === aksSystemPool.name);
      return formatMinor(system?.currentOrchestratorVersion ?? system?.orchestratorVersion ?? "");
    }),
    oidcIssuerUrl,
    clusterId: aks.id,
    logStorage: logStorage(name, cluster, group, oidcIssuerUrl, ctx, opts),
    sovereignty: sovereignty(name, { cluster, group, keyVault: encryption.vault, controlPlanePrincipalId: identity.principalId, oidcIssuerUrl }, ctx, opts),
    readyForAddons: pools.map(({ pool }) => pool),
  };
}

// clusterfleet:azure:AksCluster — one planned Azure cluster: a resource group and VNet in its region,
// a Key Vault key for etcd encryption, and a private AKS cluster with Entra ID, Azure RBAC, workload
// identity and Azure CNI overlay, its system pool and one agent pool per planned pool.
import type * as azure from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { aksSystemPool, azureRoles } from "../../src/catalog/aks.ts";
import { formatMinor } from "../../src/plan/versions.ts";
import type { FleetClusterArgs, LogStorage, SovereigntyResources } from "../cluster-contract.ts";
import { ClusterComponent, type ClusterParts } from "../cluster-component.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";
import { isPublicApi, managedCluster } from "./control-plane.ts";
import { secretsEncryption } from "./encryption.ts";
import { controlPlaneIdentity, grantRole } from "./identity.ts";
import { clusterAccess } from "./kubeconfig.ts";
import { clusterNetwork } from "./network.ts";
import { nodePools } from "./node-pools.ts";
import { privateDnsLinks } from "./private-api.ts";
import { awaitRolePropagation } from "./propagation.ts";
import { azureContext } from "./provider.ts";
import { logStorage } from "./log-storage.ts";
import { clusterResourceGroup } from "./resource-group.ts";
import { checkAzurePlan } from "./settings.ts";
import { sovereignty } from "./sovereignty.ts";

export type AksClusterArgs = FleetClusterArgs;

export class AksCluster extends ClusterComponent<Built> {
  /**
   * Minor of the system pool AKS requires. It is created at the control plane's version but not
   * moved by later control-plane upgrades (see control-plane.ts): watch it against the skew limit.
   */
  readonly systemPoolVersion: pulumi.Output<string>;
  /** The cluster's OIDC issuer, for workload identity federated credentials. */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** The managed cluster's Azure resource ID. */
  readonly clusterId: pulumi.Output<string>;
  /** What the network fabric builds this cluster's side of a link with: its provider, group, VNet and node NSG. */
  readonly fabric: AksFabricHandles;

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.aks, name, args, opts, (parent) => buildAksCluster(name, args, parent));
    ({ systemPoolVersion: this.systemPoolVersion, oidcIssuerUrl: this.oidcIssuerUrl, clusterId: this.clusterId, fabric: this.fabric } = this.parts);
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

interface Built extends ClusterParts {
  readonly fabric: AksFabricHandles;
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

  // The role assignments are no inputs of the cluster, yet AKS checks both when it creates it, and
  // only once Azure enforces them (minutes after they exist): the cluster waits for that too.
  const propagated = awaitRolePropagation(name, [encryption.keyAccess, subnetAccess], parent);
  const aks = managedCluster(name, { cluster, settings, group, network, identity, encryption }, { ...opts, dependsOn: [encryption.keyAccess, subnetAccess, propagated] });
  const pools = nodePools(name, cluster, group, aks, network, opts);
  const access = clusterAccess(aks, group, !isPublicApi(settings), opts);
  const dnsLinks = isPublicApi(settings) ? [] : privateDnsLinks(name, aks, settings, opts);
  const oidcIssuerUrl = aks.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");

  const systemPoolVersion = aks.agentPoolProfiles.apply((profiles) => {
    const system = profiles?.find((p) => p.name === aksSystemPool.name);
    return formatMinor(system?.currentOrchestratorVersion ?? system?.orchestratorVersion ?? "");
  });
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
    // The runner resolves the private name only once its VNet is linked to the zone: wait for the links too.
    kubernetesProvider: kubernetesProviderFor(name, access.kubeconfig, parent, dnsLinks.length || args.apiRouteReady ? pulumi.all([args.apiRouteReady, ...dnsLinks.map((l) => l.id)]) : undefined),
    kubernetesVersion: pulumi.all([aks.currentKubernetesVersion, aks.kubernetesVersion]).apply(([current, declared]) => formatMinor(current ?? declared ?? "")),
    // The system pool too, under its own name: the planner holds the control plane when AKS would
    // refuse a step because of it (catalog versionSkew.azure.providerPools).
    nodePoolVersions: pulumi
      .all([
        ...pools.map(({ plan, pool }) => pulumi.all([pool.currentOrchestratorVersion, pool.orchestratorVersion]).apply(([current, declared]) => [plan.name, formatMinor(current ?? declared ?? "")] as const)),
        systemPoolVersion.apply((v) => [aksSystemPool.name, v] as const),
      ])
      .apply((entries) => Object.fromEntries(entries.filter(([, v]) => v !== ""))),
    systemPoolVersion,
    oidcIssuerUrl,
    clusterId: aks.id,
    registered: { systemPoolVersion, oidcIssuerUrl, clusterId: aks.id },
    logStorage: logStorage(name, cluster, group, oidcIssuerUrl, ctx, opts),
    sovereignty: sovereignty(name, { cluster, group, keyVault: encryption.vault, controlPlanePrincipalId: identity.principalId, oidcIssuerUrl }, ctx, opts),
    readyForAddons: pools.map(({ pool }) => pool),
  };
}

// The AKS managed cluster: control plane, identity, network, encryption, and the system node pool
// AKS requires at creation. The plan's own pools are separate agent pools (node-pools.ts).
import * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import type * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import type * as inputs from "@pulumi/azure-native/types/input.js";
import type * as pulumi from "@pulumi/pulumi";
import { aksSystemPool } from "../../src/catalog/aks.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { SecretsEncryption } from "./encryption.ts";
import { dnsServiceIp, type ClusterNetwork } from "./network.ts";
import { nameOf, type AzureSettings } from "./settings.ts";
import { azureTags } from "./tags.ts";

export interface ControlPlaneArgs {
  readonly cluster: ClusterPlan;
  readonly settings: AzureSettings;
  readonly group: resources.ResourceGroup;
  readonly network: ClusterNetwork;
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly encryption: SecretsEncryption;
}

/** Whether the API server gets a public endpoint: only when the spec lists who may reach it. */
export const isPublicApi = (settings: AzureSettings): boolean => settings.apiServerAuthorizedIpRanges.length > 0;

export function managedCluster(name: string, a: ControlPlaneArgs, opts: pulumi.CustomResourceOptions): containerservice.ManagedCluster {
  const { cluster, settings } = a;
  return new containerservice.ManagedCluster(
    `${name}-cluster`,
    {
      resourceGroupName: a.group.name,
      resourceName: nameOf(cluster, "cluster"),
      location: cluster.region,
      dnsPrefix: nameOf(cluster, "dnsPrefix"),
      // Standard tier: the financially backed uptime SLA and a zone-redundant control plane. A non-HA
      // cluster (dev) takes the Free tier, which has neither.
      sku: { name: "Base", tier: cluster.controlPlane.ha ? "Standard" : "Free" },
      // The plan's minor ("1.35"): AKS picks its latest patch, and a later update with the same minor
      // does not upgrade, so patch releases never show as a diff.
      kubernetesVersion: cluster.kubernetesVersion,
      // No cluster auto-upgrade: the plan moves minors one at a time, control plane first; with an
      // auto-upgrade channel on (even "patch"), AKS refuses control-plane-only upgrades
      // (NotAllAgentPoolOrchestratorVersionSpecifiedAndUnchanged) and upgrades pools on its own clock.
      // Node OS images still follow the weekly security images, which never change Kubernetes versions.
      autoUpgradeProfile: { upgradeChannel: "none", nodeOSUpgradeChannel: "NodeImage" },
      identity: { type: "UserAssigned", userAssignedIdentities: [a.identity.id] },
      // Entra ID sign-in, authorised by Azure RBAC; no static admin credentials at all.
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        ...(settings.adminGroupObjectIds.length ? { adminGroupObjectIDs: [...settings.adminGroupObjectIds] } : {}),
      },
      enableRBAC: true,
      disableLocalAccounts: true,
      oidcIssuerProfile: { enabled: true },
      securityProfile: {
        workloadIdentity: { enabled: true },
        azureKeyVaultKms: { enabled: true, keyId: a.encryption.key.keyUriWithVersion, keyVaultNetworkAccess: "Public" },
      },
      apiServerAccessProfile: isPublicApi(settings)
        ? { enablePrivateCluster: false, authorizedIPRanges: [...settings.apiServerAuthorizedIpRanges] }
        : // Private: the API server has only a private endpoint in the node subnet, and its name is
          // not published in public DNS either.
          { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: "system" },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        // Azure CNI powered by Cilium: enforces Kubernetes NetworkPolicy with eBPF.
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: cluster.network.podCidr,
        serviceCidr: cluster.network.serviceCidr,
        dnsServiceIP: dnsServiceIp(cluster.network.serviceCidr),
        outboundType: "loadBalancer",
        loadBalancerSku: "standard",
      },
      agentPoolProfiles: [systemPool(a)],
      tags: azureTags(cluster),
    },
    {
      ...opts,
      // The autoscaler owns the node count once the pool exists.
      ignoreChanges: ["agentPoolProfiles[0].count"],
    },
  );
}

/**
 * The system pool, inline because AKS creates no cluster without one. It carries no
 * orchestratorVersion: the managed-cluster API accepts pool versions only for all pools of the
 * cluster or none, and the plan's pools are separate agent pools; with none given, AKS creates the
 * pool at the control plane's version and a control-plane upgrade leaves the pool's version alone.
 */
function systemPool(a: ControlPlaneArgs): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
  const { cluster } = a;
  const size = cluster.controlPlane.ha ? aksSystemPool.nodes.ha : aksSystemPool.nodes.single;
  return {
    name: aksSystemPool.name,
    mode: "System",
    osType: "Linux",
    osSKU: "Ubuntu",
    type: "VirtualMachineScaleSets",
    vmSize: aksSystemPool.vmSize,
    enableAutoScaling: true,
    count: size.min,
    minCount: size.min,
    maxCount: size.max,
    ...(cluster.zones.length ? { availabilityZones: [...cluster.zones] } : {}),
    vnetSubnetID: a.network.nodeSubnet.id,
    enableNodePublicIP: false,
    // Workloads go to the plan's pools; with none planned, the system pool must take them.
    ...(cluster.nodePools.length ? { nodeTaints: [aksSystemPool.dedicatedTaint] } : {}),
    tags: azureTags(cluster),
  };
}

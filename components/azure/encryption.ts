// Secrets encryption at rest: a Key Vault in the cluster's region holding the key that encrypts
// etcd (AKS KMS), and the control-plane identity's right to use it. Vault and key are data: losing
// them makes every secret of the cluster unreadable, so they are never deleted with the cluster.
import type * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as keyvault from "@pulumi/azure-native/keyvault/index.js";
import type * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { azureRoles } from "../../src/catalog/aks.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { grantRole } from "./identity.ts";
import type { AzureContext } from "./provider.ts";
import { nameOf } from "./settings.ts";
import { azureTags } from "./tags.ts";

/** The etcd key's name; unique within the cluster's own vault. */
export const ETCD_KEY = "etcd-kms";

export interface SecretsEncryption {
  readonly vault: keyvault.Vault;
  readonly key: keyvault.Key;
  /** The cluster must wait for this: AKS checks its access to the key when it is created. */
  readonly keyAccess: authorization.RoleAssignment;
}

export function secretsEncryption(
  name: string,
  cluster: ClusterPlan,
  group: resources.ResourceGroup,
  identity: managedidentity.UserAssignedIdentity,
  ctx: AzureContext,
  opts: pulumi.CustomResourceOptions,
): SecretsEncryption {
  // Retained, not protected: decommissioning a cluster (its date passed, the spec says so) must not
  // fail on its vault, and the key must outlive the cluster for audits and restores. The vault keeps
  // soft delete and purge protection on top, so even a manual delete is recoverable for 90 days.
  const data = { ...opts, retainOnDelete: true };
  // Global name, unique per fleet and cluster (the planner hashes both into it); in the cluster's region.
  const vault = rbacKeyVault(`${name}-vault`, { group, vaultName: nameOf(cluster, "keyVault"), location: cluster.region, cluster, ctx }, data);
  const key = new keyvault.Key(
    `${name}-key-${ETCD_KEY}`,
    {
      resourceGroupName: group.name,
      vaultName: vault.name,
      keyName: ETCD_KEY,
      // No expiry and no rotation policy: both would be clock-derived inputs; rotating the KMS key
      // also requires re-encrypting every secret, an operation to run deliberately.
      properties: { kty: "RSA", keySize: 2048, keyOps: ["encrypt", "decrypt"] },
      tags: azureTags(cluster),
    },
    data,
  );
  // On the vault, as the AKS KMS guide assigns it.
  const keyAccess = grantRole(`${name}-role-kms`, { role: azureRoles.keyVaultCryptoUser, principalId: identity.principalId, scope: vault.id }, ctx, opts);
  return { vault, key, keyAccess };
}

/**
 * A Key Vault as ClusterFleet makes them: Azure RBAC (who may use a key or secret is a role
 * assignment, visible in IAM), soft delete and purge protection, in the given location. Public
 * network access with Entra ID + RBAC only: AKS KMS with a public vault does not support a vault
 * firewall, and a private vault needs API server VNet integration.
 */
export function rbacKeyVault(
  resourceName: string,
  v: { readonly group: resources.ResourceGroup; readonly vaultName: pulumi.Input<string>; readonly location: string; readonly cluster: ClusterPlan; readonly ctx: AzureContext },
  opts: pulumi.CustomResourceOptions,
): keyvault.Vault {
  return new keyvault.Vault(
    resourceName,
    {
      resourceGroupName: v.group.name,
      vaultName: v.vaultName,
      location: v.location,
      properties: {
        tenantId: v.ctx.tenantId,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
        enabledForDeployment: false,
        enabledForDiskEncryption: false,
        enabledForTemplateDeployment: false,
      },
      tags: azureTags(v.cluster),
    },
    opts,
  );
}

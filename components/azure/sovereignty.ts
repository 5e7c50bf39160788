// An AKS cluster's data sovereignty, in the cluster's location: the disk encryption set its disks are
// encrypted with (a key in the cluster's own vault, kept on delete), and a Key Vault holding only this
// cluster's secrets, read by External Secrets through workload identity (a user-assigned identity
// federated with the reader ServiceAccount, granted Key Vault Secrets User on that vault alone).
import * as compute from "@pulumi/azure-native/compute/index.js";
import * as keyvault from "@pulumi/azure-native/keyvault/index.js";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import { sovereigntyAzureRoles } from "../../src/catalog/storage.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { SovereigntyResources } from "../cluster-contract.ts";
import { CloudSovereignty } from "../sovereignty/cloud-group.ts";
import { grantRole } from "./identity.ts";
import type { AzureContext } from "./provider.ts";
import { rbacKeyVault } from "./encryption.ts";
import { azureTags } from "./tags.ts";

/** The disk key's name in the cluster's vault. */
export const DISK_KEY = "disk-encryption";

export interface AzureSovereigntyInputs {
  readonly cluster: ClusterPlan;
  readonly group: resources.ResourceGroup;
  /** The cluster's own (etcd KMS) vault: RBAC, soft delete and purge protection, as disk encryption sets require. */
  readonly keyVault: keyvault.Vault;
  /** The control plane's identity: it creates the disks, so it reads the encryption set. */
  readonly controlPlanePrincipalId: pulumi.Input<string>;
  readonly oidcIssuerUrl: pulumi.Output<string>;
}

export function sovereignty(name: string, args: AzureSovereigntyInputs, ctx: AzureContext, clusterOpts: pulumi.CustomResourceOptions): SovereigntyResources {
  const opts = { ...clusterOpts, parent: new CloudSovereignty(`${name}-sovereignty`, clusterOpts.parent!) };
  const { cluster, group } = args;
  const s = cluster.sovereignty;
  const data = { ...opts, retainOnDelete: true };
  const dependsOn: pulumi.Resource[] = [];
  const storageParameters: Partial<Record<"diskEncryptionSet", pulumi.Input<string>>> = {};

  if (s.storageClasses.some((k) => k.computedParameters?.["diskEncryptionSetID"] === "diskEncryptionSet")) {
    const key = new keyvault.Key(
      `${name}-key-${DISK_KEY}`,
      { resourceGroupName: group.name, vaultName: args.keyVault.name, keyName: DISK_KEY, properties: { kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"] }, tags: azureTags(cluster) },
      data,
    );
    const des = new compute.DiskEncryptionSet(
      `${name}-disk-encryption-set`,
      {
        resourceGroupName: group.name,
        diskEncryptionSetName: cluster.names["diskEncryptionSet"]!,
        location: cluster.region,
        identity: { type: "SystemAssigned" },
        encryptionType: "EncryptionAtRestWithCustomerKey",
        activeKey: { keyUrl: key.keyUriWithVersion, sourceVault: { id: args.keyVault.id } },
        rotationToLatestKeyVersionEnabled: true,
        tags: azureTags(cluster),
      },
      data,
    );
    const desPrincipal = des.identity.apply((i) => i?.principalId ?? "");
    const wrap = grantRole(`${name}-role-des-key`, { role: sovereigntyAzureRoles.keyVaultCryptoServiceEncryptionUser, principalId: desPrincipal, scope: args.keyVault.id }, ctx, opts);
    const read = grantRole(`${name}-role-des-reader`, { role: sovereigntyAzureRoles.reader, principalId: args.controlPlanePrincipalId, scope: des.id }, ctx, opts);
    storageParameters.diskEncryptionSet = des.id;
    dependsOn.push(key, des, wrap, read);
  }

  const backend = s.secretsBackend;
  if (backend?.kind !== "azure-key-vault") return { secretsReaderAnnotations: {}, storageParameters, dependsOn };
  const vault = rbacKeyVault(`${name}-vault-secrets`, { group, vaultName: backend.vaultName!, location: backend.region, cluster, ctx }, data);
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-identity-external-secrets`,
    { resourceGroupName: group.name, location: cluster.region, resourceName: backend.identityName!, tags: azureTags(cluster) },
    opts,
  );
  const sa = backend.serviceAccount;
  const federation = new managedidentity.FederatedIdentityCredential(
    `${name}-identity-external-secrets-federation`,
    {
      resourceGroupName: group.name,
      resourceName: identity.name,
      federatedIdentityCredentialResourceName: "external-secrets",
      issuer: args.oidcIssuerUrl,
      subject: `system:serviceaccount:${sa.namespace}:${sa.name}`,
      audiences: ["api://AzureADTokenExchange"],
    },
    opts,
  );
  const access = grantRole(`${name}-role-external-secrets`, { role: sovereigntyAzureRoles.keyVaultSecretsUser, principalId: identity.principalId, scope: vault.id }, ctx, opts);
  return {
    secretsReaderAnnotations: pulumi.all([identity.clientId, ctx.tenantId]).apply(([clientId, tenantId]) => ({ "azure.workload.identity/client-id": clientId, "azure.workload.identity/tenant-id": tenantId })),
    storageParameters,
    secretStore: pulumi.all([vault.properties, ctx.tenantId]).apply(([p, tenantId]) => ({ vaultUrl: p.vaultUri ?? `https://${backend.vaultName}.vault.azure.net/`, tenantId })),
    dependsOn: [...dependsOn, vault, identity, federation, access],
  };
}

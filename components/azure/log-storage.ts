// Where Loki keeps this cluster's logs: a storage account and blob container in the cluster's own
// location (zone-redundant with HA), reachable only with Entra ID (shared keys off), kept when the
// cluster goes (logs are data), and a user-assigned identity that Loki's ServiceAccount (loki/loki)
// becomes through workload identity, allowed on that account and nothing else. The account's
// lifecycle management policy deletes the container's blobs `bucketExpiryDays` after their last change.
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import * as storage from "@pulumi/azure-native/storage/index.js";
import * as pulumi from "@pulumi/pulumi";
import { azureRoles } from "../../src/catalog/aks.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { LogStorage } from "../cluster-contract.ts";
import { grantRole } from "./identity.ts";
import type { AzureContext } from "./provider.ts";
import { azureTags } from "./tags.ts";

export function logStorage(
  name: string,
  cluster: ClusterPlan,
  group: resources.ResourceGroup,
  oidcIssuerUrl: pulumi.Output<string>,
  ctx: AzureContext,
  opts: pulumi.CustomResourceOptions,
): LogStorage | undefined {
  const store = cluster.observability.logStore;
  if (!store || store.kind !== "azure-blob" || !cluster.addons.some((a) => a.id === "loki")) return undefined;
  const account = new storage.StorageAccount(
    `${name}-logs`,
    {
      accountName: store.account!,
      resourceGroupName: group.name,
      location: store.region,
      kind: "StorageV2",
      sku: { name: cluster.zones.length >= 3 ? "Standard_ZRS" : "Standard_LRS" },
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      tags: azureTags(cluster),
    },
    { ...opts, retainOnDelete: true },
  );
  const container = new storage.BlobContainer(
    `${name}-logs-container`,
    { accountName: account.name, resourceGroupName: group.name, containerName: store.bucket!, publicAccess: "None" },
    { ...opts, retainOnDelete: true },
  );
  // Kept with the account: a retired cluster's logs still expire.
  const expiry = blobExpiry(name, account, group, store.bucket!, store.bucketExpiryDays!, { ...opts, retainOnDelete: true });
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-identity-loki`,
    { resourceGroupName: group.name, location: cluster.region, resourceName: cluster.names["lokiIdentity"]!, tags: azureTags(cluster) },
    opts,
  );
  const federation = new managedidentity.FederatedIdentityCredential(
    `${name}-identity-loki-federation`,
    {
      resourceGroupName: group.name,
      resourceName: identity.name,
      federatedIdentityCredentialResourceName: "loki",
      issuer: oidcIssuerUrl,
      subject: "system:serviceaccount:loki:loki",
      audiences: ["api://AzureADTokenExchange"],
    },
    opts,
  );
  const access = grantRole(`${name}-role-loki-logs`, { role: azureRoles.storageBlobDataContributor, principalId: identity.principalId, scope: account.id }, ctx, opts);
  return {
    serviceAccountAnnotations: identity.clientId.apply((id) => ({ "azure.workload.identity/client-id": id })),
    dependsOn: [account, container, expiry, federation, access],
  };
}

/**
 * The account's lifecycle management policy: one rule deleting the log container's block blobs
 * `days` after their last modification. Azure Blob lifecycle management
 * (learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview): an account has one policy,
 * named `default`; a rule's `prefixMatch` starts with the container name, so `<container>/` limits it
 * to that container; `daysAfterModificationGreaterThan` deletes a base blob that many days after it
 * last changed (Loki writes chunks and index files once); the policy runs once a day.
 */
function blobExpiry(name: string, account: storage.StorageAccount, group: resources.ResourceGroup, container: string, days: number, opts: pulumi.CustomResourceOptions): storage.ManagementPolicy {
  return new storage.ManagementPolicy(
    `${name}-logs-lifecycle`,
    {
      accountName: account.name,
      resourceGroupName: group.name,
      managementPolicyName: "default",
      policy: {
        rules: [
          {
            name: "expire-logs",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: { blobTypes: ["blockBlob"], prefixMatch: [`${container}/`] },
              actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: days } } },
            },
          },
        ],
      },
    },
    opts,
  );
}

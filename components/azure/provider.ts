// Each cluster talks to Azure through its own azure-native provider, so one cluster's subscription
// never leaks into another's and clusters of different subscriptions deploy side by side.
import * as azure from "@pulumi/azure-native";
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { AzureSettings } from "./settings.ts";

export interface AzureContext {
  readonly provider: azure.Provider;
  /** Tenant and subscription the provider's credentials resolve to (for the vault and role IDs). */
  readonly tenantId: pulumi.Output<string>;
  readonly subscriptionId: pulumi.Output<string>;
}

export function azureContext(name: string, settings: AzureSettings, parent: pulumi.Resource): AzureContext {
  // An explicit provider reads no `azure-native:` stack config, only the credentials of the
  // environment (ARM_* variables, workload or managed identity, the Azure CLI); the component itself
  // reads no ambient state.
  const provider = clusterAzureProvider(name, settings, parent);
  const client = authorization.getClientConfigOutput({ parent, provider });
  return { provider, tenantId: client.tenantId, subscriptionId: client.subscriptionId };
}

/** A built-in role's subscription-scoped ID, in the form Azure reports it back (no diff after a refresh). */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, roleId: string): pulumi.Output<string> {
  return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}

/** The provider of an AKS cluster's component `name`; a fabric shard builds the same one (same name, same inputs). */
export function clusterAzureProvider(name: string, settings: AzureSettings, parent: pulumi.Resource): azure.Provider {
  return new azure.Provider(`${name}-azure`, settings.subscriptionId ? { subscriptionId: settings.subscriptionId } : {}, { parent });
}

// How to reach the cluster, read from the cluster itself: its API server URL and the Entra ID
// user kubeconfig (local accounts are disabled, so there is no admin kubeconfig to fetch).
import type * as azure from "@pulumi/azure-native";
import * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import { required } from "../provider-output.ts";

export interface ClusterAccess {
  readonly endpoint: pulumi.Output<string>;
  /** Always a secret. */
  readonly kubeconfig: pulumi.Output<string>;
}

export function clusterAccess(
  aks: containerservice.ManagedCluster,
  group: resources.ResourceGroup,
  privateApi: boolean,
  opts: { readonly parent: pulumi.Resource; readonly provider: azure.Provider },
): ClusterAccess {
  const endpoint = (privateApi ? aks.privateFQDN : aks.fqdn).apply((fqdn) => `https://${fqdn}:443`);
  // Format "exec": the kubeconfig runs `kubelogin get-token`, which signs in with Entra ID (set
  // AAD_LOGIN_METHOD, e.g. azurecli or workloadidentity, for unattended runs). Asked with the
  // cluster's own name output, so it is read after the cluster exists and follows it.
  const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: group.name, resourceName: aks.name, format: "exec" }, opts);
  const kubeconfig = pulumi.secret(
    credentials.kubeconfigs.apply((list) => {
      const what = "azure-native:containerservice:listManagedClusterUserCredentials";
      const entries = required(list, `${what}: kubeconfigs`);
      const entry = required(entries.find((k) => k.name === "clusterUser") ?? entries[0], `${what}: kubeconfigs[0] (AKS returned no user kubeconfig)`);
      return Buffer.from(required(entry.value, `${what}: kubeconfigs[0].value`), "base64").toString("utf8");
    }),
  );
  return { endpoint, kubeconfig };
}

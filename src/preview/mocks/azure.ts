// What the mocked azure-native provider computes for the types the AKS component creates (principal
// IDs, key URIs, API server names, versions) and its answers to the two provider functions the
// component calls. Values are derived from the inputs, so every run gives the same. (Resource IDs
// are the mock runner's own `<name>-id`.) Importing this module registers them, and the AKS HA
// facts reader.
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import "../ha-facts/azure.ts";
import { registerComputedState, registerInvokeAnswers } from "../mock-state.ts";

/** Obviously not real: a subscription and tenant no Azure account has. */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000c0de";
export const MOCK_TENANT_ID = "00000000-0000-4000-8000-0000000007e7";
/** Entra ID application of the AKS AAD server (the token audience kubelogin asks for). */
const AKS_AAD_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** AKS's public Entra ID client application, which the exec kubeconfig names for kubelogin. */
const AKS_AAD_CLIENT_APP_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

const hex = (text: string, n: number) => createHash("sha256").update(text).digest("hex").slice(0, n);
const guid = (text: string) => {
  const h = hex(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const str = (v: unknown) => String(v ?? "");
const groupId = (inputs: Record<string, unknown>) => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${str(inputs["resourceGroupName"])}`;

/** API server host names by `<resource group>/<cluster>`, so the kubeconfig answer names the same server the cluster reports. */
const apiServers = new Map<string, string>();

registerComputedState({
  "azure-native:resources:ResourceGroup": (_, inputs) => ({ name: inputs["resourceGroupName"] }),
  "azure-native:network:VirtualNetwork": (_, inputs) => ({ name: inputs["virtualNetworkName"] }),
  "azure-native:network:Subnet": (_, inputs) => ({ name: inputs["subnetName"] }),
  "azure-native:managedidentity:UserAssignedIdentity": (_, inputs) => {
    const id = `${groupId(inputs)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${str(inputs["resourceName"])}`;
    return { name: inputs["resourceName"], principalId: guid(`principal:${id}`), clientId: guid(`client:${id}`), tenantId: MOCK_TENANT_ID };
  },
  "azure-native:keyvault:Vault": (_, inputs) => {
    const name = str(inputs["vaultName"]);
    const properties = (inputs["properties"] ?? {}) as Record<string, unknown>;
    return { name, properties: { ...properties, vaultUri: `https://${name}.vault.azure.net/` } };
  },
  "azure-native:keyvault:Key": (_, inputs) => {
    const vault = str(inputs["vaultName"]);
    const key = str(inputs["keyName"]);
    const keyUri = `https://${vault}.vault.azure.net/keys/${key}`;
    return { name: key, keyUri, keyUriWithVersion: `${keyUri}/${hex(keyUri, 32)}` };
  },
  "azure-native:authorization:RoleAssignment": (_, inputs) => ({ name: inputs["roleAssignmentName"] }),
  "azure-native:compute:DiskEncryptionSet": (_, inputs) => {
    const id = `${groupId(inputs)}/providers/Microsoft.Compute/diskEncryptionSets/${str(inputs["diskEncryptionSetName"])}`;
    return { name: inputs["diskEncryptionSetName"], identity: { type: "SystemAssigned", principalId: guid(`principal:${id}`), tenantId: MOCK_TENANT_ID } };
  },
  "azure-native:containerservice:ManagedCluster": (_, inputs) => {
    const name = str(inputs["resourceName"]);
    const location = str(inputs["location"]);
    const access = (inputs["apiServerAccessProfile"] ?? {}) as Record<string, unknown>;
    const host = `${str(inputs["dnsPrefix"])}-${hex(`${groupId(inputs)}/${name}`, 8)}`;
    const server = access["enablePrivateCluster"] ? `${host}.${guid(name)}.privatelink.${location}.azmk8s.io` : `${host}.hcp.${location}.azmk8s.io`;
    apiServers.set(`${str(inputs["resourceGroupName"])}/${name}`, server);
    return {
      name,
      ...(access["enablePrivateCluster"] ? { privateFQDN: server } : { fqdn: server }),
      // AKS reports the patch it chose; the mock has no patch list and reports the minor asked for.
      currentKubernetesVersion: inputs["kubernetesVersion"],
      // A pool given no version is created at the control plane's; the mock remembers no earlier
      // run, so it always reports that creation-time version.
      agentPoolProfiles: ((inputs["agentPoolProfiles"] ?? []) as Record<string, unknown>[]).map((p) => ({
        ...p,
        currentOrchestratorVersion: p["orchestratorVersion"] ?? inputs["kubernetesVersion"],
      })),
      oidcIssuerProfile: { enabled: true, issuerURL: `https://${location}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${guid(`oidc:${name}`)}/` },
      provisioningState: "Succeeded",
    };
  },
  "azure-native:containerservice:AgentPool": (_, inputs) => ({
    name: inputs["agentPoolName"],
    currentOrchestratorVersion: inputs["orchestratorVersion"],
    provisioningState: "Succeeded",
  }),
});

registerInvokeAnswers({
  "azure-native:authorization:getClientConfig": () => ({
    clientId: guid("deployer-client"),
    objectId: guid("deployer"),
    subscriptionId: MOCK_SUBSCRIPTION_ID,
    tenantId: MOCK_TENANT_ID,
  }),
  "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
    const group = str(inputs["resourceGroupName"]);
    const name = str(inputs["resourceName"]);
    const server = apiServers.get(`${group}/${name}`) ?? `${name}.hcp.azmk8s.io`;
    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(userKubeconfig(group, name, server, str(inputs["format"]))).toString("base64") }] };
  },
});

/** An Entra ID user kubeconfig as AKS returns it for a cluster without local accounts. */
function userKubeconfig(group: string, name: string, server: string, format: string): string {
  const user = `clusterUser_${group}_${name}`;
  const auth =
    format === "exec"
      ? {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: ["get-token", "--environment", "AzurePublicCloud", "--server-id", AKS_AAD_SERVER_APP_ID, "--client-id", AKS_AAD_CLIENT_APP_ID, "--tenant-id", MOCK_TENANT_ID, "--login", "devicecode"],
            env: null,
            provideClusterInfo: false,
          },
        }
      : { "auth-provider": { name: "azure", config: { "apiserver-id": AKS_AAD_SERVER_APP_ID, "tenant-id": MOCK_TENANT_ID } } };
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: `https://${server}:443`, "certificate-authority-data": Buffer.from(`mock CA of ${name}`).toString("base64") } }],
    contexts: [{ name, context: { cluster: name, user } }],
    "current-context": name,
    users: [{ name: user, user: auth }],
  });
}

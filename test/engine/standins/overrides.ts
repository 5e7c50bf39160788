// Where the stand-ins must answer differently from `clusterfleet preview`'s offline tables: a managed
// cluster's API endpoint and CA. With $CLUSTERFLEET_STANDIN_APISERVERS naming a JSON file
// `{ "<cluster name as the cloud knows it>": { "server": "https://127.0.0.1:port", "caData": "<base64 PEM>" } }`,
// an EKS or GKE cluster "created" by a stand-in answers the address of a real kube-apiserver the engine
// tests started for it, so the cluster's in-cluster layer is applied for real by the Kubernetes provider.
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import type { StateFn } from "../../../src/preview/mock-state.ts";

interface ApiServer {
  readonly server: string;
  readonly caData: string;
}

function apiServers(): Record<string, ApiServer> {
  const file = process.env["CLUSTERFLEET_STANDIN_APISERVERS"];
  return file ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, ApiServer>) : {};
}

const named = (inputs: Record<string, unknown>): ApiServer | undefined => apiServers()[String(inputs["name"])];

export const standinOverrides: Record<string, StateFn> = {
  "aws:eks/cluster:Cluster": (_name, inputs) => {
    const api = named(inputs);
    return api ? { endpoint: api.server, certificateAuthority: { data: api.caData } } : {};
  },
  "gcp:container/cluster:Cluster": (_name, inputs) => {
    const api = named(inputs);
    // GKE reports a bare host (the kubeconfig adds https://).
    return api ? { endpoint: api.server.replace(/^https:\/\//, ""), masterAuth: { clusterCaCertificate: api.caData } } : {};
  },
};

/** Data sources answered differently when the cluster has a real API server: AKS's user kubeconfig. */
export const standinInvokeOverrides: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown> | undefined> = {
  "azure-native:containerservice:listManagedClusterUserCredentials": (inputs) => {
    const name = String(inputs["resourceName"]);
    const api = apiServers()[name];
    if (!api) return undefined;
    // As AKS returns it for an Entra ID cluster (format=exec): kubelogin signs in at each use.
    const kubeconfig = stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name, cluster: { server: api.server, "certificate-authority-data": api.caData } }],
      contexts: [{ name, context: { cluster: name, user: `clusterUser_${name}` } }],
      "current-context": name,
      users: [{ name: `clusterUser_${name}`, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "kubelogin", args: ["get-token", "--login", "azurecli"], interactiveMode: "Never" } } }],
    });
    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] };
  },
};

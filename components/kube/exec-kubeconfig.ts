// A kubeconfig with one cluster, one context and one user whose credentials come from an exec
// plugin at each use (aws eks get-token, gke-gcloud-auth-plugin, kubelogin): no static credential
// inside. Still a Pulumi secret where it is used, because it names the endpoint and the CA.
import { stringify } from "yaml";

export interface ExecKubeconfig {
  /** Cluster, context and user name. */
  readonly name: string;
  readonly server: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  /** The `exec` block: command, args and the plugin's own options. */
  readonly exec: Readonly<Record<string, unknown>> & { readonly command: string };
}

export function execKubeconfig(k: ExecKubeconfig): string {
  const { name } = k;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": name,
    clusters: [{ name, cluster: { server: k.server, "certificate-authority-data": k.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    // Never prompt: a Pulumi run or a CI job has no one to answer.
    users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...k.exec, interactiveMode: "Never" } } }],
  });
}

// The kubeconfig a peer's control plane reads another cluster's API with: the target's endpoint,
// its CA, and a ServiceAccount token of the target (read-only for Istio, service-mirror for Linkerd).
// Istio's and Linkerd's own CLIs write the same shape (`istioctl create-remote-secret`, `linkerd
// multicluster link-gen`). Always handled as a Pulumi secret by the caller.
import { stringify } from "yaml";
import { required } from "../../provider-output.ts";

export interface RemoteAccess {
  /** The name the kubeconfig's cluster, user and context carry (the target cluster's fleet name). */
  readonly cluster: string;
  readonly server: string;
  /** The target's CA, base64 (as the token Secret's `ca.crt` data holds it). */
  readonly caData: string;
  /** The bearer token, decoded. */
  readonly token: string;
}

export function remoteKubeconfig(a: RemoteAccess): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: a.cluster, cluster: { server: a.server, "certificate-authority-data": a.caData } }],
    users: [{ name: a.cluster, user: { token: a.token } }],
    contexts: [{ name: a.cluster, context: { cluster: a.cluster, user: a.cluster } }],
    "current-context": a.cluster,
    preferences: {},
  });
}

/** A service-account-token Secret's data (base64 values, as the API returns them) → what a kubeconfig needs. */
export function tokenAccess(cluster: string, server: string, data: Readonly<Record<string, string>> | undefined): RemoteAccess {
  const token = required(data?.["token"], `the mesh reader's token Secret of cluster "${cluster}": data.token`);
  const caData = required(data?.["ca.crt"], `the mesh reader's token Secret of cluster "${cluster}": data["ca.crt"]`);
  return { cluster, server, caData, token: Buffer.from(token, "base64").toString("utf8") };
}

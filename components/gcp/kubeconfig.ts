// The cluster's kubeconfig: no static credential in it. Authentication goes through the
// gke-gcloud-auth-plugin exec plugin, which trades the caller's Google credentials for a short-lived
// token at each use (the only place ClusterFleet relies on gcloud tooling, and only on the machine
// that talks to the cluster). Still a Pulumi secret: it names the endpoint and the cluster CA.
import { execKubeconfig } from "../kube/exec-kubeconfig.ts";
import { gkeFacts } from "../../src/catalog/gke.ts";

export interface GkeKubeconfigInput {
  readonly project: string;
  readonly location: string;
  readonly clusterName: string;
  /** Host or IP of the API server, as GKE reports it (`Cluster.endpoint`). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA (`Cluster.masterAuth.clusterCaCertificate`). */
  readonly caCertificate: string;
}

/** The context name gcloud itself uses, so a user's existing kubeconfig entries line up. */
export function gkeContextName(i: Pick<GkeKubeconfigInput, "project" | "location" | "clusterName">): string {
  return `gke_${i.project}_${i.location}_${i.clusterName}`;
}

export function renderGkeKubeconfig(i: GkeKubeconfigInput): string {
  return execKubeconfig({
    name: gkeContextName(i),
    server: `https://${i.endpoint}`,
    certificateAuthorityData: i.caCertificate,
    exec: { command: gkeFacts.authPlugin, installHint: gkeFacts.authPluginInstallHint, provideClusterInfo: true },
  });
}

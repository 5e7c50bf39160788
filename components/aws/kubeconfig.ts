// The admin kubeconfig of an EKS cluster: no credentials inside, an exec plugin that asks
// `aws eks get-token` for a short-lived token with whatever AWS identity runs kubectl or Pulumi.
// Built from the cluster's own outputs; the caller marks it secret (it names the endpoint and CA).
import { stringify } from "yaml";

export interface EksKubeconfigInput {
  /** The EKS cluster name, as the provider reports it. */
  readonly clusterName: string;
  readonly region: string;
  readonly endpoint: string;
  /** Base64 CA bundle, as EKS returns it (`certificateAuthority.data`). */
  readonly certificateAuthorityData: string;
  /** The role the deployment assumed (settings.assumeRoleArn): the token is asked for as that role. */
  readonly roleArn?: string;
}

export function eksKubeconfig(k: EksKubeconfigInput): string {
  const name = k.clusterName;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": name,
    clusters: [{ name, cluster: { server: k.endpoint, "certificate-authority-data": k.certificateAuthorityData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            // --region pins the token to the cluster's own region, whatever the caller's default is.
            args: ["eks", "get-token", "--cluster-name", name, "--region", k.region, ...(k.roleArn ? ["--role-arn", k.roleArn] : []), "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}

// The admin kubeconfig of an EKS cluster: no credentials inside, an exec plugin that asks
// `aws eks get-token` for a short-lived token with whatever AWS identity runs kubectl or Pulumi.
// Built from the cluster's own outputs; the caller marks it secret (it names the endpoint and CA).
import { execKubeconfig } from "../kube/exec-kubeconfig.ts";

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
  return execKubeconfig({
    name: k.clusterName,
    server: k.endpoint,
    certificateAuthorityData: k.certificateAuthorityData,
    exec: {
      command: "aws",
      // --region pins the token to the cluster's own region, whatever the caller's default is.
      args: ["eks", "get-token", "--cluster-name", k.clusterName, "--region", k.region, ...(k.roleArn ? ["--role-arn", k.roleArn] : []), "--output", "json"],
    },
  });
}

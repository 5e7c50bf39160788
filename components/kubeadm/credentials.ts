// The cluster's generated secrets: the bootstrap token (id.secret), the certificate key that
// encrypts the control-plane certificates kubeadm uploads for joining machines, and the key the
// admin kubeconfig is encrypted with on its way back. @pulumi/random keeps them in state; every
// value is wrapped in pulumi.secret here, whatever the provider marks.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface ClusterCredentials {
  /** `abcdef.0123456789abcdef`: kubeadm's bootstrap token format. */
  readonly token: pulumi.Output<string>;
  /** 64 hex digits: a 32-byte AES key, as kubeadm's --certificate-key. */
  readonly certificateKey: pulumi.Output<string>;
  readonly kubeconfigKey: pulumi.Output<string>;
}

export function clusterCredentials(name: string, parent: pulumi.Resource): ClusterCredentials {
  const opts = { parent };
  // The token id is public by design (it names the token's Secret); the token secret is not.
  const tokenId = new random.RandomString(`${name}-token-id`, { length: 6, upper: false, special: false }, opts);
  const tokenSecret = new random.RandomPassword(`${name}-token-secret`, { length: 16, upper: false, special: false }, opts);
  // Digits plus a-f as the "special" characters: a hex string, and RandomPassword keeps it secret.
  const certificateKey = new random.RandomPassword(`${name}-certificate-key`, { length: 64, lower: false, upper: false, numeric: true, special: true, overrideSpecial: "abcdef" }, opts);
  const kubeconfigKey = new random.RandomPassword(`${name}-kubeconfig-key`, { length: 48, special: false }, opts);
  return {
    token: pulumi.secret(pulumi.interpolate`${tokenId.result}.${tokenSecret.result}`),
    certificateKey: pulumi.secret(certificateKey.result),
    kubeconfigKey: pulumi.secret(kubeconfigKey.result),
  };
}

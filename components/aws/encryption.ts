// The KMS key that envelope-encrypts the cluster's Kubernetes Secrets, created in the cluster's own
// region (the key is made with the cluster's aws.Provider) and never replicated elsewhere.
import * as kms from "@pulumi/aws/kms/index.js";
import { childOpts, planName, type AwsScope } from "./scope.ts";

/**
 * Days a deleted key stays recoverable (AWS allows 7-30). The key protects only this cluster's etcd,
 * which goes with the cluster; the longest window still lets a mistaken destroy be undone.
 */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface SecretsKey {
  readonly key: kms.Key;
  readonly alias: kms.Alias;
}

export function createSecretsKey(scope: AwsScope): SecretsKey {
  const { name } = scope;
  const clusterName = planName(scope, "cluster");
  const key = new kms.Key(
    `${name}-kms-secrets`,
    {
      description: `Envelope encryption of Kubernetes Secrets of EKS cluster ${clusterName}`,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      // A multi-Region key could be replicated out of the cluster's region: sovereignty forbids it.
      multiRegion: false,
    },
    scope.opts,
  );
  const alias = new kms.Alias(
    `${name}-kms-alias-secrets`,
    // The alias carries fleet and cluster, so two clusters never contend for one.
    { name: planName(scope, "kmsAlias"), targetKeyId: key.keyId },
    // An alias name is unique per account and region: a replacement must free it before taking it.
    childOpts(scope, { deleteBeforeReplace: true }),
  );
  return { key, alias };
}

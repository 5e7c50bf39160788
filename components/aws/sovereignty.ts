// An EKS cluster's data sovereignty, in the cluster's region (every resource goes through the
// cluster's own AWS provider): the KMS key its gp3 volumes are encrypted with, the EBS CSI driver's
// use of that key, and the IRSA role External Secrets' reader assumes, allowed to read only
// `arn:aws:secretsmanager:<region>:<account>:secret:<fleet>/<cluster>/*`.
import * as iam from "@pulumi/aws/iam/index.js";
import * as kms from "@pulumi/aws/kms/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { SovereigntyResources } from "../cluster-contract.ts";
import { CloudSovereignty } from "../sovereignty/cloud-group.ts";
import { required } from "../provider-output.ts";
import { KEY_DELETION_WINDOW_DAYS } from "./encryption.ts";
import { irsaTrustPolicy, type RoleWithPolicies } from "./iam.ts";
import { childOpts, planName, type AwsScope } from "./scope.ts";

/** The account of an IAM ARN (`arn:aws:iam::<account>:...`), e.g. the cluster's OIDC provider. */
export const accountOfArn = (arn: string | undefined): string => required(arn, "an IAM ARN (the OIDC provider's arn)").split(":")[4] ?? "";

/** What the EBS CSI driver needs on a customer-managed key to create and attach encrypted volumes (aws-ebs-csi-driver docs/install.md). */
export function ebsKmsPolicy(keyArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: keyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
      { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: keyArn },
    ],
  });
}

/**
 * Read-only access to the cluster's own secrets in its own region: the ARN prefix names region,
 * account and `<fleet>/<cluster>/`; KMS decryption only through Secrets Manager in that region; and
 * no replication of a secret to any other region.
 */
export function secretsReaderPolicy(partition: string, region: string, account: string, prefix: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadOwnSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"],
        Resource: `arn:${partition}:secretsmanager:${region}:${account}:secret:${prefix}*`,
      },
      {
        Sid: "DecryptThroughSecretsManagerInRegion",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: `arn:${partition}:kms:${region}:${account}:key/*`,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      },
      { Sid: "NoReplicaRegions", Effect: "Deny", Action: ["secretsmanager:ReplicateSecretToRegions"], Resource: "*" },
    ],
  });
}

export function createSovereignty(
  clusterScope: AwsScope,
  oidc: { readonly arn: pulumi.Output<string>; readonly issuer: pulumi.Output<string> },
  ebsCsiRole: RoleWithPolicies | undefined,
): SovereigntyResources {
  const group = new CloudSovereignty(`${clusterScope.name}-sovereignty`, clusterScope.opts.parent!);
  const scope: AwsScope = { ...clusterScope, opts: { ...clusterScope.opts, parent: group } };
  const { name, cluster } = scope;
  const s = cluster.sovereignty;
  const dependsOn: pulumi.Resource[] = [];
  const storageParameters: Partial<Record<"volumeKey", pulumi.Input<string>>> = {};

  const userKey = s.keys.find((k) => k.purpose === "volumes" && k.managedBy === "user")?.id;
  const needsKey = s.storageClasses.some((k) => k.computedParameters?.["kmsKeyId"] === "volumeKey");
  let keyArn: pulumi.Input<string> | undefined = userKey;
  if (needsKey) {
    // Volumes outlive their claims (the -retain classes) and even the cluster: the key is kept on delete.
    const key = new kms.Key(
      `${name}-kms-volumes`,
      {
        description: `Encryption of the EBS volumes of EKS cluster ${planName(scope, "cluster")}`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
        multiRegion: false,
      },
      childOpts(scope, { retainOnDelete: true }),
    );
    const alias = new kms.Alias(`${name}-kms-alias-volumes`, { name: planName(scope, "volumeKmsAlias"), targetKeyId: key.keyId }, childOpts(scope, { deleteBeforeReplace: true }));
    storageParameters.volumeKey = key.arn;
    keyArn = key.arn;
    dependsOn.push(key, alias);
  }
  if (keyArn !== undefined && ebsCsiRole) {
    dependsOn.push(new iam.RolePolicy(`${name}-policy-ebs-csi-kms`, { role: ebsCsiRole.role.name, name: "volume-key", policy: pulumi.output(keyArn).apply(ebsKmsPolicy) }, scope.opts));
  }

  const backend = s.secretsBackend;
  if (backend?.kind !== "aws-secrets-manager") return { secretsReaderAnnotations: {}, storageParameters, dependsOn };
  const sa = backend.serviceAccount;
  const role = new iam.Role(
    `${name}-role-irsa-external-secrets`,
    {
      name: backend.roleName!,
      description: `External Secrets of ${planName(scope, "cluster")}: reads ${backend.prefix}* in ${backend.region} only`,
      assumeRolePolicy: pulumi.all([oidc.arn, oidc.issuer]).apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, sa.namespace, sa.name)),
    },
    scope.opts,
  );
  const read = new iam.RolePolicy(
    `${name}-policy-external-secrets`,
    { role: role.name, name: "own-secrets", policy: oidc.arn.apply((arn) => secretsReaderPolicy(scope.partition, backend.region, accountOfArn(arn), backend.prefix)) },
    scope.opts,
  );
  return { secretsReaderAnnotations: role.arn.apply((arn) => ({ "eks.amazonaws.com/role-arn": arn })), storageParameters, dependsOn: [...dependsOn, role, read] };
}

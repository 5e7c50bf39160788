// Where Loki keeps this cluster's logs: an S3 bucket in the cluster's own region (the cluster's
// provider), private, encrypted, kept when the cluster goes (logs are data), and an IRSA role that
// lets Loki's ServiceAccount (loki/loki) use that bucket and nothing else. Objects expire
// `bucketExpiryDays` after creation: the safety net behind Loki's compactor.
import * as iam from "@pulumi/aws/iam/index.js";
import * as s3 from "@pulumi/aws/s3/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { LogStorage } from "../cluster-contract.ts";
import { irsaTrustPolicy } from "./iam.ts";
import { planName, type AwsScope } from "./scope.ts";

export const LOKI_SERVICE_ACCOUNT = { namespace: "loki", name: "loki" } as const;

export function createLogStorage(scope: AwsScope, oidc: { readonly arn: pulumi.Output<string>; readonly issuer: pulumi.Output<string> }): LogStorage | undefined {
  const store = scope.cluster.observability.logStore;
  if (!store || store.kind !== "s3" || !scope.cluster.addons.some((a) => a.id === "loki")) return undefined;
  const { name } = scope;
  // Data-holding: the decommission job lists it as retained, and a destroy leaves it in place.
  const dataOpts = { ...scope.opts, retainOnDelete: true };
  const bucket = new s3.Bucket(`${name}-logs`, { bucket: store.bucket! }, dataOpts);
  const privateAccess = new s3.BucketPublicAccessBlock(
    `${name}-logs-private`,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    scope.opts,
  );
  const ownership = new s3.BucketOwnershipControls(`${name}-logs-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, scope.opts);
  const encryption = new s3.BucketServerSideEncryptionConfiguration(
    `${name}-logs-encryption`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }] },
    scope.opts,
  );
  // Kept with the bucket: a retired cluster's logs still expire.
  const expiry = bucketExpiry(name, bucket, store.bucketExpiryDays!, dataOpts);

  const role = new iam.Role(
    `${name}-role-irsa-loki`,
    {
      name: planName(scope, "lokiRole"),
      description: `Loki of ${planName(scope, "cluster")}: its log bucket only`,
      assumeRolePolicy: pulumi.all([oidc.arn, oidc.issuer]).apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, LOKI_SERVICE_ACCOUNT.namespace, LOKI_SERVICE_ACCOUNT.name)),
    },
    scope.opts,
  );
  const access = new iam.RolePolicy(
    `${name}-policy-loki-bucket`,
    {
      role: role.name,
      name: "log-bucket",
      policy: bucket.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["s3:ListBucket"], Resource: arn },
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${arn}/*` },
          ],
        }),
      ),
    },
    scope.opts,
  );
  return {
    serviceAccountAnnotations: role.arn.apply((arn) => ({ "eks.amazonaws.com/role-arn": arn })),
    dependsOn: [bucket, privateAccess, ownership, encryption, expiry, access],
  };
}

/**
 * The bucket's lifecycle rule: every object expires `days` after its creation. S3 lifecycle
 * expiration ("Expiring objects", docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html)
 * counts days from creation and rounds to the next midnight UTC; the bucket is unversioned, so an
 * expired object is deleted for good. The whole bucket is Loki's, so the filter is the empty prefix:
 * an empty `filter {}` or none at all warns in the AWS provider (hashicorp/terraform-provider-aws#42112, #42714).
 */
function bucketExpiry(name: string, bucket: s3.Bucket, days: number, opts: pulumi.CustomResourceOptions): s3.BucketLifecycleConfiguration {
  return new s3.BucketLifecycleConfiguration(
    `${name}-logs-lifecycle`,
    { bucket: bucket.id, rules: [{ id: "expire-logs", status: "Enabled", filter: { prefix: "" }, expiration: { days } }] },
    opts,
  );
}

// Where Loki keeps this cluster's logs: a Cloud Storage bucket in the cluster's own region, private
// (uniform access, public access prevented), kept when the cluster goes (logs are data), and a
// service account that Loki's ServiceAccount (loki/loki) acts as through Workload Identity, allowed
// on that bucket and nothing else. A lifecycle rule deletes objects `bucketExpiryDays` after creation.
import type * as container from "@pulumi/gcp/container/index.js";
import * as pulumi from "@pulumi/pulumi";
import * as serviceaccount from "@pulumi/gcp/serviceaccount/index.js";
import * as storage from "@pulumi/gcp/storage/index.js";
import type { LogStorage } from "../cluster-contract.ts";
import { workloadIdentityMember } from "./workload-identity.ts";
import { childOpts, type GkeScope } from "./scope.ts";

export function buildLogStorage(scope: GkeScope, gke: container.Cluster): LogStorage | undefined {
  const { name, cluster, settings } = scope;
  const store = cluster.observability.logStore;
  if (!store || store.kind !== "gcs" || !cluster.addons.some((a) => a.id === "loki")) return undefined;
  const bucket = new storage.Bucket(
    `${name}-logs`,
    {
      name: store.bucket!,
      project: settings.project,
      // A single region, the cluster's: never a multi-region or dual-region location. Uppercase, as
      // the API reports it, so there is no diff.
      location: store.region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      labels: { ...cluster.labels },
      // The safety net behind Loki's compactor: objects are deleted `bucketExpiryDays` after creation.
      // Object Lifecycle Management (cloud.google.com/storage/docs/lifecycle): the `age` condition
      // counts days since the object's creation, and the `Delete` action deletes it (the bucket is
      // unversioned, so for good). The whole bucket is Loki's: no prefix condition.
      lifecycleRules: [{ action: { type: "Delete" }, condition: { age: store.bucketExpiryDays! } }],
    },
    childOpts(scope, { retainOnDelete: true }),
  );
  const account = new serviceaccount.Account(
    `${name}-sa-loki`,
    { accountId: cluster.names["lokiServiceAccount"]!, project: settings.project, displayName: `Loki of ${cluster.name}: its log bucket only` },
    childOpts(scope),
  );
  const bucketAccess = new storage.BucketIAMMember(
    `${name}-logs-loki`,
    { bucket: bucket.name, role: "roles/storage.objectAdmin", member: pulumi.interpolate`serviceAccount:${account.email}` },
    childOpts(scope),
  );
  const workloadIdentity = new serviceaccount.IAMMember(
    `${name}-sa-loki-workload-identity`,
    { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(gke, "loki", "loki") },
    childOpts(scope),
  );
  return {
    serviceAccountAnnotations: account.email.apply((email) => ({ "iam.gke.io/gcp-service-account": email })),
    dependsOn: [bucket, bucketAccess, workloadIdentity],
  };
}

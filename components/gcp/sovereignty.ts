// A GKE cluster's data sovereignty: the Google service account External Secrets' reader acts as
// (Workload Identity), allowed to read only the regional secrets of its cluster's region whose IDs
// start with `<fleet>_<cluster>_` (an IAM condition on the secret's resource name, which Secret
// Manager spells with the project number), and, when the spec brings a CMEK key for volumes, the
// Compute Engine service agent's use of it.
import type * as container from "@pulumi/gcp/container/index.js";
import * as kms from "@pulumi/gcp/kms/index.js";
import * as organizations from "@pulumi/gcp/organizations/index.js";
import * as projects from "@pulumi/gcp/projects/index.js";
import * as serviceaccount from "@pulumi/gcp/serviceaccount/index.js";
import * as pulumi from "@pulumi/pulumi";
import { gkeFacts } from "../../src/catalog/gke.ts";
import { GCP_SECRET_ACCESSOR_ROLE } from "../../src/catalog/storage.ts";
import type { SovereigntyResources } from "../cluster-contract.ts";
import { CloudSovereignty } from "../sovereignty/cloud-group.ts";
import { childOpts, type GkeScope } from "./scope.ts";
import { workloadIdentityMember } from "./workload-identity.ts";

/** The IAM condition that limits a grant to the cluster's regional secrets (and their versions). */
export function regionalSecretsCondition(projectNumber: string, location: string, prefix: string): { title: string; description: string; expression: string } {
  return {
    title: "own-regional-secrets",
    description: `Only secrets in ${location} named ${prefix}*`,
    expression: `resource.name.startsWith("projects/${projectNumber}/locations/${location}/secrets/${prefix}")`,
  };
}

/** The Compute Engine service agent, which encrypts persistent disks with a CMEK key. */
const computeServiceAgent = (projectNumber: string) => `serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`;

export function buildSovereignty(clusterScope: GkeScope, gke: container.Cluster, keyRing: kms.KeyRing): SovereigntyResources {
  const scope: GkeScope = { ...clusterScope, parent: new CloudSovereignty(`${clusterScope.name}-sovereignty`, clusterScope.parent) };
  const { name, cluster, settings } = scope;
  const s = cluster.sovereignty;
  const dependsOn: pulumi.Resource[] = [];
  const numberOf = (projectId: string) => organizations.getProjectOutput({ projectId }, { provider: scope.provider, parent: scope.parent }).number;

  const storageParameters: Partial<Record<"volumeKey", pulumi.Input<string>>> = {};
  const userKey = s.keys.find((k) => k.purpose === "volumes" && k.kind === "gcp-kms" && k.managedBy === "user")?.id;
  // The plan's classes name "volumeKey" when the spec brings no key: a key of the cluster's own, in its
  // key ring (the cluster's region), kept when the cluster goes (its disks' data needs it).
  const ownKey = s.storageClasses.some((k) => Object.values(k.computedParameters ?? {}).includes("volumeKey"))
    ? new kms.CryptoKey(
        `${name}-key-volumes`,
        { name: "volumes", keyRing: keyRing.id, purpose: "ENCRYPT_DECRYPT", rotationPeriod: gkeFacts.secretsKeyRotationPeriod, labels: { ...cluster.labels } },
        childOpts(scope, { retainOnDelete: true }),
      )
    : undefined;
  if (ownKey) {
    storageParameters.volumeKey = ownKey.id;
    dependsOn.push(ownKey);
  }
  const volumeKey = userKey ?? ownKey?.id;
  if (volumeKey) {
    // The Compute Engine service agent encrypts persistent disks with a CMEK key
    // (https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek: grant it Encrypter/Decrypter on the key).
    dependsOn.push(
      new kms.CryptoKeyIAMMember(
        `${name}-key-volumes-compute-agent`,
        { cryptoKeyId: volumeKey, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: numberOf(settings.project).apply(computeServiceAgent) },
        childOpts(scope),
      ),
    );
  }

  const backend = s.secretsBackend;
  if (backend?.kind !== "gcp-secret-manager") return { secretsReaderAnnotations: {}, storageParameters, dependsOn };
  const account = new serviceaccount.Account(
    `${name}-sa-external-secrets`,
    { accountId: backend.googleServiceAccount!, project: settings.project, displayName: `External Secrets of ${cluster.name}: its regional secrets only` },
    childOpts(scope),
  );
  const access = new projects.IAMMember(
    `${name}-external-secrets-secret-accessor`,
    {
      project: backend.project!,
      role: GCP_SECRET_ACCESSOR_ROLE,
      member: pulumi.interpolate`serviceAccount:${account.email}`,
      condition: numberOf(backend.project!).apply((n) => regionalSecretsCondition(n, backend.region, backend.prefix)),
    },
    childOpts(scope),
  );
  const sa = backend.serviceAccount;
  const workloadIdentity = new serviceaccount.IAMMember(
    `${name}-sa-external-secrets-workload-identity`,
    { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(gke, sa.namespace, sa.name) },
    childOpts(scope),
  );
  return {
    secretsReaderAnnotations: account.email.apply((email) => ({ "iam.gke.io/gcp-service-account": email })),
    storageParameters,
    dependsOn: [...dependsOn, account, access, workloadIdentity],
  };
}

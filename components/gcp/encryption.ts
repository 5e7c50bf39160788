// Application-layer Secrets encryption: a Cloud KMS key ring and key in the cluster's own region
// (sovereignty: the key never lives elsewhere), and the GKE service agent allowed to use the key.
//
// Retention: GCP never deletes key rings, and deleting a CryptoKey through the provider destroys all
// its versions, which makes every Secret (and every etcd backup) encrypted with it unreadable. Both
// are therefore `retainOnDelete`: decommissioning the cluster drops them from the stack and leaves
// them, with their versions, in the project. Not `protect`, which would make the decommission job's
// destroy fail on the key until someone unprotects it by hand. Names carry fleet and cluster
// (plan.names), so no other cluster ever collides with a retained ring; re-creating the same cluster
// later means importing the retained ring and key (see the report / README).
import * as kms from "@pulumi/gcp/kms/index.js";
import * as organizations from "@pulumi/gcp/organizations/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { gkeFacts, gkeServiceAgent } from "../../src/catalog/gke.ts";
import { childOpts, type GkeScope } from "./scope.ts";

export interface GkeEncryption {
  readonly keyRing: kms.KeyRing;
  readonly key: kms.CryptoKey;
  /** The GKE service agent's use of the key: the cluster must wait for it, or creation fails. */
  readonly keyAccess: kms.CryptoKeyIAMMember;
}

export function buildEncryption(scope: GkeScope): GkeEncryption {
  const { name, cluster, settings } = scope;
  const keyRing = new kms.KeyRing(
    `${name}-keyring`,
    { name: cluster.names["kmsKeyRing"]!, project: settings.project, location: cluster.region },
    childOpts(scope, { retainOnDelete: true }),
  );

  const key = new kms.CryptoKey(
    `${name}-key-secrets`,
    {
      name: cluster.names["kmsKey"]!,
      keyRing: keyRing.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: gkeFacts.secretsKeyRotationPeriod,
      labels: { ...cluster.labels },
    },
    childOpts(scope, { retainOnDelete: true }),
  );

  const keyAccess = new kms.CryptoKeyIAMMember(
    `${name}-key-secrets-gke-agent`,
    {
      cryptoKeyId: key.id,
      role: gkeFacts.secretsKeyRole,
      member: serviceAgentMember(scope),
    },
    childOpts(scope),
  );

  return { keyRing, key, keyAccess };
}

/**
 * The GKE service agent is named after the project *number*, which the plan does not hold (only the
 * project ID). A read-only lookup through the cluster's own provider gives it (answered under mocks
 * by src/preview/mocks/gcp.ts, like every provider function this component calls).
 */
function serviceAgentMember(scope: GkeScope): pulumi.Output<string> {
  const project = organizations.getProjectOutput({ projectId: scope.settings.project }, { provider: scope.provider, parent: scope.parent });
  return project.number.apply((n) => `serviceAccount:${gkeServiceAgent(n)}`);
}

// The credentials a shard's run needs, as environment variables from Kubernetes Secrets (the
// operator's `spec.envRefs`) or CI secrets. Variable names are the tools' own:
// - AWS: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (pulumi.com/registry/packages/aws/installation-configuration/)
// - GCP: GOOGLE_CREDENTIALS, a service account key (pulumi.com/registry/packages/gcp/installation-configuration/)
// - Azure: ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID
//   (pulumi.com/registry/packages/azure-native/installation-configuration/)
// - State: PULUMI_CONFIG_PASSPHRASE for the passphrase secrets provider a self-managed backend uses by
//   default; AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY for an azblob:// backend; PULUMI_ACCESS_TOKEN for
//   Pulumi Cloud, the operator's backend when `spec.backend` is unset
//   (pulumi.com/docs/iac/concepts/state-and-backends/, operator CRD `spec.backend`).
//
// Secrets are per scope: `clusterfleet-<jurisdictions>-<cloud>` (a shard across two consenting
// jurisdictions gets its own, e.g. `clusterfleet-apac-us-aws`, so one jurisdiction's keys never run
// another's shards), and `clusterfleet-<jurisdiction>-state` for the backend a jurisdiction declares.
// A clusters' kubeconfigs come from the cloud credentials (EKS, GKE and AKS exec plugins); kubeadm and
// adopted clusters need none here (their keys are stack config secrets).
import type { ShardPlan } from "../plan/shards.ts";
import type { ClusterPlan } from "../plan/types.ts";
import { parseBackendUrl } from "./backend-url.ts";

export type Cloud = "aws" | "gcp" | "azure";

export const CLOUD_ENV: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
  gcp: ["GOOGLE_CREDENTIALS"],
  azure: ["ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "ARM_SUBSCRIPTION_ID"],
};

/** One environment variable and the Secret key it is read from (the key is named like the variable). */
export interface SecretEnv {
  readonly env: string;
  readonly secret: string;
  readonly key: string;
}

/** The clouds whose APIs a shard calls: its clusters' providers (mesh roots call none). */
export function shardClouds(shard: ShardPlan, clusters: readonly Pick<ClusterPlan, "name" | "provider">[]): Cloud[] {
  if (shard.kind === "mesh-identity") return [];
  const providers = new Set(shard.clusters.map((c) => clusters.find((x) => x.name === c)?.provider));
  return (["aws", "gcp", "azure"] as const).filter((c) => providers.has(c));
}

export function cloudSecretName(shard: ShardPlan, cloud: Cloud): string {
  return `clusterfleet-${shard.jurisdictions.length ? shard.jurisdictions.join("-") : "fleet"}-${cloud}`;
}

/** Every variable a shard's run needs and the Secret it comes from, sorted by variable. */
export function shardSecretEnv(shard: ShardPlan, clusters: readonly Pick<ClusterPlan, "name" | "provider">[]): SecretEnv[] {
  const out = new Map<string, SecretEnv>();
  const add = (env: string, secret: string) => void (out.has(env) || out.set(env, { env, secret, key: env }));
  for (const cloud of shardClouds(shard, clusters)) for (const env of CLOUD_ENV[cloud]) add(env, cloudSecretName(shard, cloud));
  const backend = shard.state.backend === undefined ? undefined : parseBackendUrl(shard.state.backend);
  if (backend && shard.state.of) {
    const state = `clusterfleet-${shard.state.of}-state`;
    add("PULUMI_CONFIG_PASSPHRASE", state);
    // The bucket's own cloud: the shard's credentials for that cloud when it has them (give them access
    // to the bucket), else the state Secret's.
    if (backend.cloud === "aws" || backend.cloud === "gcp") for (const env of CLOUD_ENV[backend.cloud]) add(env, state);
    if (backend.cloud === "azure") for (const env of ["AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"]) add(env, state);
  } else {
    add("PULUMI_ACCESS_TOKEN", "clusterfleet-pulumi");
  }
  return [...out.values()].sort((a, b) => (a.env < b.env ? -1 : 1));
}

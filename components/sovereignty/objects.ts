// The Kubernetes objects of a cluster's data sovereignty, built from its plan as plain data: the
// pinned StorageClasses (kubernetes-models), the patch that un-defaults the provider's own class,
// External Secrets' reader ServiceAccount and the one ClusterSecretStore (external-secrets.io/v1,
// typed after the CRD ESO 2.x serves; tests validate it against that CRD).
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import type { ClusterPlan, SecretsBackendPlan, StorageClassPlan } from "../../src/plan/types.ts";
import { required } from "../provider-output.ts";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
/** Labels on every sovereignty object: which cluster and region it belongs to (the policy pack reads them). */
export const REGION_LABEL = "clusterfleet.dev/region";
export const CLUSTER_LABEL = "clusterfleet.dev/cluster";

export function sovereigntyLabels(c: ClusterPlan): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "clusterfleet", [CLUSTER_LABEL]: c.name, [REGION_LABEL]: c.region };
}

/** A class's parameters with the computed ones filled in (the volume key's ARN, the disk encryption set's ID). */
export function classParameters(k: StorageClassPlan, computed: Readonly<Partial<Record<"volumeKey" | "diskEncryptionSet", string>>>): Record<string, string> {
  const out: Record<string, string> = { ...k.parameters };
  for (const [param, source] of Object.entries(k.computedParameters ?? {})) {
    // The volume key's ARN or the disk encryption set's ID: computed by the provider.
    out[param] = required(computed[source], `storage class ${k.name}: parameter ${param} (the cluster's ${source}: its ARN or ID)`);
  }
  return out;
}

export function storageClass(c: ClusterPlan, k: StorageClassPlan, parameters: Record<string, string>): StorageClass {
  return new StorageClass({
    metadata: { name: k.name, labels: sovereigntyLabels(c), annotations: { [DEFAULT_CLASS_ANNOTATION]: String(k.default) } },
    provisioner: k.driver,
    parameters,
    reclaimPolicy: k.reclaimPolicy,
    volumeBindingMode: k.volumeBindingMode,
    allowVolumeExpansion: true,
    allowedTopologies: k.allowedTopologies.length ? [{ matchLabelExpressions: k.allowedTopologies.map((t) => ({ key: t.key, values: [...t.values] })) }] : [],
  });
}

/** The provider's default class, annotated non-default (server-side apply, forced: the provider's manager owns the field). */
export function undefaultPatch(name: string): { metadata: { name: string; annotations: Record<string, string> } } {
  return { metadata: { name, annotations: { [DEFAULT_CLASS_ANNOTATION]: "false", "pulumi.com/patchForce": "true" } } };
}

export function secretsReader(c: ClusterPlan, b: SecretsBackendPlan, annotations: Record<string, string>): ServiceAccount {
  return new ServiceAccount({ metadata: { name: b.serviceAccount.name, namespace: b.serviceAccount.namespace, labels: sovereigntyLabels(c), annotations } });
}

export interface ClusterSecretStore {
  readonly apiVersion: "external-secrets.io/v1";
  readonly kind: "ClusterSecretStore";
  readonly metadata: { readonly name: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  readonly spec: { readonly provider: Record<string, unknown>; readonly refreshInterval: number };
}

/** What only exists once resources do (Azure: the vault's URL and the tenant). */
export interface StoreInputs {
  readonly vaultUrl?: string;
  readonly tenantId?: string;
}

function provider(c: ClusterPlan, b: SecretsBackendPlan, inputs: StoreInputs): Record<string, unknown> {
  const serviceAccountRef = { name: b.serviceAccount.name, namespace: b.serviceAccount.namespace };
  switch (b.kind) {
    case "aws-secrets-manager":
      return { aws: { service: "SecretsManager", region: b.region, auth: { jwt: { serviceAccountRef } } } };
    case "gcp-secret-manager":
      return {
        gcpsm: {
          projectID: b.project,
          // Regional secrets: the Secret Manager endpoint of this location, never the global one.
          location: b.region,
          auth: {
            workloadIdentity: {
              serviceAccountRef,
              clusterLocation: c.controlPlane.ha ? c.region : c.zones[0],
              clusterName: c.names["cluster"],
              clusterProjectID: String(c.settings["project"]),
            },
          },
        },
      };
    case "azure-key-vault":
      return {
        azurekv: {
          vaultUrl: required(inputs.vaultUrl, `the Azure Key Vault of cluster "${c.name}": properties.vaultUri`),
          tenantId: required(inputs.tenantId, `the Azure Key Vault of cluster "${c.name}": properties.tenantId`),
          authType: "WorkloadIdentity",
          environmentType: "PublicCloud",
          serviceAccountRef,
        },
      };
    case "vault":
      return {
        vault: {
          server: b.address,
          path: b.mount,
          version: "v2",
          ...(b.caBundle ? { caBundle: Buffer.from(b.caBundle, "utf8").toString("base64") } : {}),
          auth: { kubernetes: { mountPath: b.authMount, role: b.role, serviceAccountRef } },
        },
      };
  }
}

export function clusterSecretStore(c: ClusterPlan, b: SecretsBackendPlan, inputs: StoreInputs = {}): ClusterSecretStore {
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    // The backend's region, stated for the policy pack where the provider block has no region field (Azure Key Vault, Vault).
    metadata: { name: b.storeName, labels: sovereigntyLabels(c), annotations: { "clusterfleet.dev/backend-region": b.region } },
    spec: { provider: provider(c, b, inputs), refreshInterval: 300 },
  };
}

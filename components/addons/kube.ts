// Kubernetes objects as Pulumi resources: every add-on object goes to the cluster's own provider,
// under its component, and waits explicitly for what it needs (a CRD's release, a namespace).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Where an add-on's resources go: their parent component and the cluster's Kubernetes provider. */
export interface KubeScope {
  readonly parent: pulumi.Resource;
  readonly provider: k8s.Provider;
}

export const kubeOpts = (scope: KubeScope, dependsOn: readonly pulumi.Resource[] = [], extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
  parent: scope.parent,
  provider: scope.provider,
  ...(dependsOn.length ? { dependsOn: [...dependsOn] } : {}),
  ...extra,
});

/** A kubernetes-models object (or a plain object of the same shape): what `toJSON` gives. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string | undefined; readonly namespace?: string | undefined } | undefined;
  toJSON?(): unknown;
}

const plain = (o: KubeObject): Record<string, unknown> => (typeof o.toJSON === "function" ? (o.toJSON() as Record<string, unknown>) : { ...o });

/** For `customResource`: its CRD is installed by a shard that ran before this one (a mesh-link shard after its cluster shards). */
export const CRD_FROM_EARLIER_SHARD = "crd-from-earlier-shard";

/**
 * A custom resource. `crdOwners` are the resources that install its CRD (and the controller that
 * serves it): the CR is created only after them, never racing the CRD.
 */
export function customResource(
  name: string,
  obj: KubeObject,
  scope: KubeScope,
  crdOwners: readonly pulumi.Resource[] | typeof CRD_FROM_EARLIER_SHARD,
  dependsOn: readonly pulumi.Resource[] = [],
): k8s.apiextensions.CustomResource {
  const owners = crdOwners === CRD_FROM_EARLIER_SHARD ? [] : crdOwners;
  if (crdOwners !== CRD_FROM_EARLIER_SHARD && owners.length === 0) throw new Error(`custom resource ${name} (${obj.kind}) has no resource installing its CRD`);
  const { apiVersion, kind, ...rest } = plain(obj);
  return new k8s.apiextensions.CustomResource(name, { apiVersion: apiVersion as string, kind: kind as string, ...rest }, kubeOpts(scope, [...owners, ...dependsOn]));
}

// Charts are installed as Helm releases (helm.v3.Release): Helm itself installs each chart, with
// its hooks, its CRD handling, `lookup`, atomic rollback and release history (`helm ls` works for
// the cluster's operators). Pulumi sees one resource per chart; its values are the contract, and
// tests validate them against the chart's own schema or values.yaml.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { releaseChart } from "../../src/plan/chart-source.ts";
import type { AddonPlan } from "../../src/plan/types.ts";
import { kubeOpts, type KubeScope } from "./kube.ts";

/** Helm release names: the add-on's id (the east-west gateway keeps Istio's usual name). */
export const releaseName = (addon: AddonPlan): string => (addon.id === "istio-eastwest-gateway" ? "istio-eastwestgateway" : addon.id);

export interface ReleaseOptions {
  /** Wait for every workload to be ready (and LoadBalancers to get an address) before dependants start. @default true */
  readonly await?: boolean;
  /**
   * Resources created after this release's component that it must still wait for: the cluster's pinned
   * StorageClasses for a chart that creates PVCs (ClusterSovereignty is built after the add-ons, whose
   * External Secrets and policy engine it needs). Pulumi resolves a promised dependsOn before registering.
   */
  readonly after?: Promise<readonly pulumi.Resource[]>;
}

export function installChart(
  name: string,
  addon: AddonPlan,
  values: pulumi.Input<Record<string, unknown>>,
  scope: KubeScope,
  dependsOn: readonly pulumi.Resource[],
  options: ReleaseOptions = {},
): k8s.helm.v3.Release {
  const wait = options.await ?? true;
  return new k8s.helm.v3.Release(
    name,
    {
      name: releaseName(addon),
      // The official repository, the fleet's mirror (OCI or Helm repository) or a local .tgz, at the pinned version.
      ...releaseChart(addon),
      namespace: addon.namespace,
      // ClusterFleet creates and labels the namespace itself.
      createNamespace: false,
      values,
      // A failed install or upgrade is rolled back rather than left half-applied.
      atomic: wait,
      cleanupOnFail: true,
      skipAwait: !wait,
      timeout: 900,
      maxHistory: 10,
    },
    releaseOptions(scope, dependsOn, options.after),
  );
}

function releaseOptions(scope: KubeScope, dependsOn: readonly pulumi.Resource[], after?: Promise<readonly pulumi.Resource[]>): pulumi.CustomResourceOptions {
  const opts = kubeOpts(scope, dependsOn);
  if (!after) return opts;
  // The promise goes in as one element of the list, not as the list: Pulumi's mergeOptions (run by
  // every resource constructor) turns a promised dependsOn list into an Output, and every Output's
  // value is scanned for unknowns, which for a list of resources walks the whole resource graph
  // through parents and children: 1 s per release on a 20-cluster fleet under mocks. An element
  // that is a promise is awaited and flattened by gatherExplicitDependencies (runtime/dependsOn.js)
  // with no Output in between.
  const later = after as unknown as Promise<pulumi.Resource>;
  return { ...opts, dependsOn: [...dependsOn, later] };
}

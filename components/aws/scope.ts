// What every builder of an EKS cluster's resources shares: the component's name (prefix of every
// child's Pulumi name), the cluster's plan, its AWS partition, and the resource options that put a
// child under the component and on the cluster's own AWS provider (region and default tags).
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";

export interface AwsScope {
  /** The component's name: children are `${name}-<role>-<stableKey>`. */
  readonly name: string;
  readonly cluster: ClusterPlan;
  readonly partition: string;
  /** `{ parent, provider }`: the component and the cluster's own aws.Provider. */
  readonly opts: pulumi.CustomResourceOptions;
}

/** The scope's options plus resource-specific ones (dependsOn, ignoreChanges, ...). */
export const childOpts = (scope: AwsScope, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ ...scope.opts, ...extra });

/** The plan's physical name of a kind of resource; a missing one is a planner bug, reported as such. */
export function planName(scope: AwsScope, kind: string): string {
  const n = scope.cluster.names[kind];
  if (!n) throw new Error(`plan for cluster "${scope.cluster.name}" has no names.${kind}; the planner (src/plan/names.ts) names every AWS resource`);
  return n;
}

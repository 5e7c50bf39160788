// What every values builder reads: the fleet's name and the cluster's plan. Builders are pure
// functions of the plan (no Pulumi import): the same plan always gives the same values, and tests
// validate them against each chart's own schema or values.yaml.
import type { ClusterPlan } from "../../../src/plan/types.ts";

export interface ValuesContext {
  readonly fleet: string;
  readonly cluster: ClusterPlan;
}

/** Replicas for a highly available cluster (three zones or more), one otherwise. */
export const replicas = (c: ClusterPlan, ha: number): number => (c.controlPlane.ha ? ha : 1);

/** Labels on every namespace ClusterFleet creates, with the `team` the baseline requires. */
export const platformNamespaceLabels = (c: ClusterPlan): Record<string, string> => ({
  team: "platform",
  "app.kubernetes.io/managed-by": "clusterfleet",
  "clusterfleet.dev/fleet": c.labels["fleet"] ?? "",
  "clusterfleet.dev/cluster": c.name,
});

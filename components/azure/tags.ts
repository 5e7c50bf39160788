// Tags on every taggable Azure resource of a cluster. azure-native has no provider-level default
// tags, so each resource sets them, always through this one function.
import type { ClusterPlan } from "../../src/plan/types.ts";

/** fleet, cluster, region, jurisdiction, environment, managed-by (and the spec's extra labels), as planned. */
export function azureTags(cluster: ClusterPlan): Record<string, string> {
  // Keys sorted: the same tags always serialise the same way in the state and the preview.
  return Object.fromEntries(Object.entries(cluster.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

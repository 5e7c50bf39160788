// HA facts of a GKE cluster, read back from what the component registered: the control plane's
// `location` (a region means a regional, replicated control plane; a zone means a single one) and
// the zones the node pools actually span.
import { TOKENS } from "../../../components/tokens.ts";
import { isGcpZone } from "../../catalog/gke.ts";
import { registerHaFacts, type HaFacts } from "../ha-facts.ts";
import type { RecordedResource } from "../recording-monitor.ts";

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function gkeHaFacts(_component: RecordedResource, subtree: readonly RecordedResource[]): HaFacts {
  const cluster = subtree.find((r) => r.type === CLUSTER);
  if (!cluster) return { zones: [], controlPlane: "no GKE cluster rendered" };
  const location = typeof cluster.inputs["location"] === "string" ? cluster.inputs["location"] : "";

  // Zones in first-seen order: the control plane's own zone (zonal), the cluster's node locations,
  // then each pool's.
  const zones: string[] = [];
  const add = (z: string) => void (zones.includes(z) || zones.push(z));
  if (isGcpZone(location)) add(location);
  strings(cluster.inputs["nodeLocations"]).forEach(add);
  for (const pool of subtree.filter((r) => r.type === NODE_POOL)) strings(pool.inputs["nodeLocations"]).forEach(add);

  const controlPlane = isGcpZone(location)
    ? `GKE zonal control plane in ${location} (single zone, not HA)`
    : `GKE regional control plane in ${location} (${zones.length} zone${zones.length === 1 ? "" : "s"})`;
  return { zones, controlPlane };
}

registerHaFacts(TOKENS.gke, gkeHaFacts);

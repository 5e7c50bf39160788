// `clusterfleet/gcp`: the GkeCluster component alone (its declarations bring only this provider's SDK types).
export { GkeCluster, type GkeClusterArgs } from "./gke-cluster.ts";

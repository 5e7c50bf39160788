// `clusterfleet/existing`: the AdoptedCluster component alone (its declarations bring only this provider's SDK types).
export { AdoptedCluster, type AdoptedClusterArgs } from "./adopted-cluster.ts";

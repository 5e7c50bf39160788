// `clusterfleet/azure`: the AksCluster component alone (its declarations bring only this provider's SDK types).
export { AksCluster, type AksClusterArgs } from "./aks-cluster.ts";

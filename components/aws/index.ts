// `clusterfleet/aws`: the EksCluster component alone (its declarations bring only this provider's SDK types).
export { EksCluster, type EksClusterArgs } from "./eks-cluster.ts";

// `clusterfleet/kubeadm`: the KubeadmCluster component alone (its declarations bring only this provider's SDK types).
export { KubeadmCluster, type KubeadmClusterArgs } from "./kubeadm-cluster.ts";

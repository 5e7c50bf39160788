// Component type tokens: `clusterfleet:<module>:<Type>`. Constants, so a rename is one edit and an alias.
export const TOKENS = {
  fleet: "clusterfleet:fleet:ClusterFleet",
  plannedCluster: "clusterfleet:fleet:PlannedCluster",
  eks: "clusterfleet:aws:EksCluster",
  gke: "clusterfleet:gcp:GkeCluster",
  aks: "clusterfleet:azure:AksCluster",
  kubeadm: "clusterfleet:kubeadm:KubeadmCluster",
  adopted: "clusterfleet:existing:AdoptedCluster",
} as const;

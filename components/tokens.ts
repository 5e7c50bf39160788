// Component type tokens: `clusterfleet:<module>:<Type>`. Constants, so a rename is one edit and an alias.
export const TOKENS = {
  fleet: "clusterfleet:fleet:ClusterFleet",
  plannedCluster: "clusterfleet:fleet:PlannedCluster",
  eks: "clusterfleet:aws:EksCluster",
  gke: "clusterfleet:gcp:GkeCluster",
  aks: "clusterfleet:azure:AksCluster",
  kubeadm: "clusterfleet:kubeadm:KubeadmCluster",
  adopted: "clusterfleet:existing:AdoptedCluster",
  clusterAddons: "clusterfleet:addons:ClusterAddons",
  istio: "clusterfleet:addons:IstioMesh",
  linkerd: "clusterfleet:addons:LinkerdMesh",
  gatekeeper: "clusterfleet:addons:Gatekeeper",
  kyverno: "clusterfleet:addons:Kyverno",
  observability: "clusterfleet:addons:Observability",
  meshIdentity: "clusterfleet:addons:MeshIdentity",
  meshLinks: "clusterfleet:addons:MeshLinks",
  fabric: "clusterfleet:network:Fabric",
} as const;

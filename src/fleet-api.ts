// `clusterfleet/fleet`: ClusterFleet and the engine-free API. Its declarations name only the Pulumi
// and Kubernetes SDKs, not the AWS, GCP and Azure ones (millions of lines a type-check would read):
// a program that builds fleets from a spec needs nothing else. Per-provider components are under
// `clusterfleet/aws`, `/gcp`, `/azure`, `/kubeadm` and `/existing`; `clusterfleet` has everything.
export type { FleetCluster, FleetClusterArgs, LogStorage, SovereigntyResources } from "../components/cluster-contract.ts";
export { ClusterFleet, type ClusterAccess, type ClusterFleetArgs } from "../components/fleet/cluster-fleet.ts";
export { PlannedCluster } from "../components/fleet/planned-cluster.ts";
export { Fabric, type FabricArgs } from "../components/network/fabric.ts";
export { TOKENS } from "../components/tokens.ts";
export * from "./plan-api.ts";

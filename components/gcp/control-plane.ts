// The GKE control plane. Regional (replicated over the region's zones) when the plan asks for HA,
// zonal in the plan's first zone otherwise. Private nodes, Workload Identity, shielded nodes,
// Secrets encrypted with the cluster's own KMS key, Dataplane V2 (NetworkPolicy enforced).
//
// Endpoint: private unless `gcp.masterAuthorizedNetworks` lists CIDRs; then the public endpoint is
// on, reachable from exactly those CIDRs (Google Cloud's own public ranges excluded). Trade-off:
// with a private endpoint, whoever runs `pulumi up` for the add-ons must reach the private endpoint
// (a runner in the VPC or a peered/VPN-connected network, in the same region).
//
// Versions: `minMasterVersion` is the plan's minor ("1.35"), which GKE treats as "at least the newest
// patch policy allows of 1.35". It is a minimum, so GKE's own patch upgrades never show as a diff;
// raising the plan's minor upgrades the control plane in place, and node auto-upgrade then brings
// the pools to it (node-pools.ts). See src/catalog/gke.ts for the release channel (EXTENDED: minors
// move only when the plan moves them).
import * as container from "@pulumi/gcp/container/index.js";
import { gkeFacts, isGcpZone, workloadPool } from "../../src/catalog/gke.ts";
import type { GkeEncryption } from "./encryption.ts";
import type { GkeNetwork } from "./network.ts";
import { childOpts, type GkeScope } from "./scope.ts";
import { hardenedNodeConfig, type GkeNodeIdentity } from "./service-account.ts";

/** Where the control plane lives: the region for HA, else the plan's first zone. */
export function controlPlaneLocation(scope: Pick<GkeScope, "cluster">): string {
  const { cluster } = scope;
  return cluster.controlPlane.ha ? cluster.region : cluster.zones[0]!;
}

/**
 * Cluster-level node locations. For a zonal cluster the provider wants only the *additional* zones
 * (it adds the cluster's own zone itself and rejects a list that contains it).
 */
function clusterNodeLocations(location: string, zones: readonly string[]): string[] | undefined {
  const extra = isGcpZone(location) ? zones.filter((z) => z !== location) : [...zones];
  return extra.length ? extra : undefined;
}

export function buildControlPlane(scope: GkeScope, net: GkeNetwork, enc: GkeEncryption, nodes: GkeNodeIdentity): container.Cluster {
  const { name, cluster, settings } = scope;
  const location = controlPlaneLocation(scope);
  const nodeLocations = clusterNodeLocations(location, cluster.zones);
  const publicCidrs = settings.masterAuthorizedNetworks;
  // Authorized networks guard the private endpoint too: besides the node subnet, only these reach it
  // (https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation). The runner's route
  // over the fabric (network.apiRoute) brings its cluster's ranges, and global access when it is in
  // another region (without it the private endpoint answers only callers in the cluster's region:
  // https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation, "control plane global access").
  const route = cluster.network.apiRoute;
  const privateCidrs = [...new Set([...settings.privateEndpointAuthorizedNetworks, ...(route?.sources ?? [])])].sort();
  const globalAccess = settings.privateEndpointGlobalAccess || route?.crossRegion === true;

  return new container.Cluster(
    `${name}-cluster`,
    {
      name: cluster.names["cluster"]!,
      project: settings.project,
      location,
      ...(nodeLocations ? { nodeLocations } : {}),
      // Descriptions are immutable on GKE and Compute resources: they name only what the physical
      // name already fixes, never a field (environment, version) that may change.
      description: `ClusterFleet ${scope.fleet}/${cluster.name}`,
      resourceLabels: { ...cluster.labels },
      // Kept while the spec says the cluster lives; lifted once it is retired, so the decommission
      // job's destroy after `decommissionAfter` can go through.
      deletionProtection: cluster.lifecycle.state !== "retired",

      network: net.network.id,
      subnetwork: net.subnetwork.id,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: gkeFacts.podRangeName,
        servicesSecondaryRangeName: gkeFacts.serviceRangeName,
      },
      datapathProvider: "ADVANCED_DATAPATH",
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: publicCidrs.length === 0,
        masterGlobalAccessConfig: { enabled: globalAccess },
      },
      // GKE's DNS-based endpoint accepts callers from anywhere with IAM rights once external traffic
      // is allowed: explicitly off, so "private" means private whatever GKE's default becomes.
      controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: false } },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [
          ...publicCidrs.map((cidrBlock) => ({ cidrBlock, displayName: `clusterfleet ${cidrBlock}` })),
          ...privateCidrs.filter((c) => !publicCidrs.includes(c)).map((cidrBlock) => ({ cidrBlock, displayName: `clusterfleet private ${cidrBlock}` })),
        ],
        gcpPublicCidrsAccessEnabled: false,
      },

      releaseChannel: { channel: gkeFacts.releaseChannel },
      minMasterVersion: cluster.kubernetesVersion,

      workloadIdentityConfig: { workloadPool: workloadPool(settings.project) },
      enableShieldedNodes: true,
      databaseEncryption: { state: "ENCRYPTED", keyName: enc.key.id },

      // GKE cannot create a cluster without nodes: it makes a one-node default pool, removed right
      // after creation (the plan's pools are separate NodePool resources). The throwaway pool still
      // runs with the dedicated account and shielded VMs, never the default Compute account.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: hardenedNodeConfig(nodes, cluster.labels),
    },
    childOpts(scope, {
      // The service agent must hold the key before GKE encrypts anything with it.
      dependsOn: [enc.keyAccess],
      // After the default pool is removed, the API reports the first remaining pool's config as the
      // cluster's `nodeConfig` (a ForceNew field): without this, every run would plan a replacement.
      ignoreChanges: ["nodeConfig", "initialNodeCount"],
    }),
  );
}

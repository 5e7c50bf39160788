// The cluster's own VPC: one custom-mode network, one subnetwork in the cluster's region with the
// plan's node CIDR and secondary ranges for pods and services (a VPC-native cluster), and a Cloud
// Router with Cloud NAT so private nodes (no external IPs) can still pull images and reach APIs.
import * as compute from "@pulumi/gcp/compute/index.js";
import { gkeFacts } from "../../src/catalog/gke.ts";
import { childOpts, type GkeScope } from "./scope.ts";

export interface GkeNetwork {
  readonly network: compute.Network;
  readonly subnetwork: compute.Subnetwork;
  readonly router: compute.Router;
  readonly nat: compute.RouterNat;
}

export function buildNetwork(scope: GkeScope): GkeNetwork {
  const { name, cluster, settings } = scope;
  const network = new compute.Network(
    `${name}-network`,
    {
      name: cluster.names["network"]!,
      project: settings.project,
      description: `ClusterFleet ${scope.fleet}/${cluster.name}: cluster network`,
      // Custom mode: only the subnetwork below exists, with the plan's CIDRs (auto mode would add a
      // /20 in every region, overlapping other clusters' allocations).
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    },
    childOpts(scope),
  );

  const subnetwork = new compute.Subnetwork(
    `${name}-subnet-nodes`,
    {
      name: cluster.names["subnetwork"]!,
      project: settings.project,
      region: cluster.region,
      network: network.id,
      ipCidrRange: cluster.network.cidr,
      // Private nodes have no external IP: Private Google Access lets them reach Google APIs
      // (Artifact Registry, Logging, KMS) without going through NAT.
      privateIpGoogleAccess: true,
      // Named ranges the cluster refers to (GKE then adds none of its own), in a fixed order: the
      // API keeps the order it was given, so there is no order-only diff.
      secondaryIpRanges: [
        { rangeName: gkeFacts.podRangeName, ipCidrRange: cluster.network.podCidr },
        { rangeName: gkeFacts.serviceRangeName, ipCidrRange: cluster.network.serviceCidr },
      ],
    },
    childOpts(scope),
  );

  const router = new compute.Router(
    `${name}-router`,
    {
      name: cluster.names["router"]!,
      project: settings.project,
      region: cluster.region,
      network: network.id,
      description: `ClusterFleet ${scope.fleet}/${cluster.name}: Cloud NAT for private nodes`,
    },
    childOpts(scope),
  );

  // Cloud NAT is regional and zone-redundant by construction (no gateway per zone to place), so
  // every environment gets the same one. Only the nodes subnetwork is translated, all its ranges
  // (nodes and, when GKE does not SNAT them, pods).
  const nat = new compute.RouterNat(
    `${name}-nat`,
    {
      name: cluster.names["nat"]!,
      project: settings.project,
      region: cluster.region,
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetworks: [{ name: subnetwork.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    },
    childOpts(scope),
  );

  return { network, subnetwork, router, nat };
}

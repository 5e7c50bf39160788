// clusterfleet:gcp:GkeCluster — one planned GKE cluster: its own provider (project, region, fleet
// labels), a VPC with Cloud NAT, a KMS key for Secrets, a least-privilege node identity, the control
// plane, the plan's node pools, and an exec kubeconfig with the Kubernetes provider built from it.
import * as gcp from "@pulumi/gcp";
import type * as container from "@pulumi/gcp/container/index.js";
import * as pulumi from "@pulumi/pulumi";
import { formatMinor } from "../../src/plan/versions.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { FleetClusterArgs, LogStorage, SovereigntyResources } from "../cluster-contract.ts";
import { ClusterComponent, type ClusterParts } from "../cluster-component.ts";
import { required } from "../provider-output.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";
import { buildControlPlane, controlPlaneLocation } from "./control-plane.ts";
import { buildEncryption, type GkeEncryption } from "./encryption.ts";
import { renderGkeKubeconfig } from "./kubeconfig.ts";
import { buildLogStorage } from "./log-storage.ts";
import { buildNetwork, type GkeNetwork } from "./network.ts";
import { buildNodePools } from "./node-pools.ts";
import { readGcpSettings, type GkeScope } from "./scope.ts";
import { buildNodeIdentity, type GkeNodeIdentity } from "./service-account.ts";
import { buildSovereignty } from "./sovereignty.ts";
import { enableApis } from "./apis.ts";

export type GkeClusterArgs = FleetClusterArgs;

export class GkeCluster extends ClusterComponent<BuiltGkeCluster> {
  /** The GKE resources, for callers that extend the cluster (firewall rules, IAM). */
  readonly resources: GkeResources;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.gke, name, args, opts, (parent) => buildGkeCluster(name, args, parent));
    this.resources = this.parts.resources;
  }
}

export interface GkeResources {
  readonly provider: gcp.Provider;
  readonly network: GkeNetwork;
  readonly encryption: GkeEncryption;
  readonly nodeIdentity: GkeNodeIdentity;
  readonly cluster: container.Cluster;
  readonly nodePools: Readonly<Record<string, container.NodePool>>;
}

interface BuiltGkeCluster extends ClusterParts {
  readonly resources: GkeResources;
  readonly logStorage: LogStorage | undefined;
  readonly sovereignty: SovereigntyResources;
}

/**
 * Every GCP resource of the cluster goes through this provider: the cluster's project and region
 * are explicit (nothing from ambient gcloud config) and the fleet labels land on every labelable
 * resource, including any the builders do not label themselves. A fabric shard builds the same one
 * (same name, same inputs) for its links' GCP side.
 */
export function clusterGcpProvider(name: string, cluster: ClusterPlan, parent: pulumi.Resource): gcp.Provider {
  const settings = readGcpSettings(name, cluster);
  return new gcp.Provider(`${name}-provider`, { project: settings.project, region: cluster.region, defaultLabels: { ...cluster.labels } }, { parent });
}

function buildGkeCluster(name: string, args: GkeClusterArgs, parent: pulumi.ComponentResource): BuiltGkeCluster {
  const { cluster } = args;
  const settings = readGcpSettings(name, cluster);
  const provider = clusterGcpProvider(name, cluster, parent);
  // The project's APIs first; every other GCP resource of the cluster waits for them (childOpts).
  const apis = enableApis({ name, fleet: args.fleet, cluster, settings, parent, provider });
  const scope: GkeScope = { name, fleet: args.fleet, cluster, settings, parent, provider, apis };

  const network = buildNetwork(scope);
  const encryption = buildEncryption(scope);
  const nodeIdentity = buildNodeIdentity(scope);
  const controlPlane = buildControlPlane(scope, network, encryption, nodeIdentity);
  const nodePools = buildNodePools(scope, controlPlane, nodeIdentity);

  const endpoint = pulumi.interpolate`https://${controlPlane.endpoint}`;
  // Built from this cluster's own outputs only. It also waits for the node pools: add-ons deployed
  // through it need nodes to schedule on, so the first Helm release never waits on empty capacity.
  const kubeconfig = pulumi.secret(
    pulumi
      .all([controlPlane.endpoint, controlPlane.masterAuth.clusterCaCertificate, pulumi.all(Object.values(nodePools).map((p) => p.id))])
      .apply(([host, ca]) =>
        renderGkeKubeconfig({
          project: settings.project,
          location: controlPlaneLocation(scope),
          clusterName: cluster.names["cluster"]!,
          endpoint: host,
          caCertificate: ca ?? "",
        }),
      ),
  );
  const kubernetesProvider = kubernetesProviderFor(name, kubeconfig, parent, args.apiRouteReady);

  // What GKE reports, reduced to minors: the next run's planner starts from these.
  const kubernetesVersion = controlPlane.masterVersion.apply((v) => formatMinor(required(v, `the GKE cluster of ${name}: masterVersion`)));
  // GKE moves the pools (node auto-upgrade, see node-pools.ts): what it reports is what the next run sees.
  const poolEntries = Object.entries(nodePools).map(([pool, np]) => np.version.apply((v) => [pool, formatMinor(v ?? "")] as const));
  const nodePoolVersions = pulumi.all(poolEntries).apply((entries) => Object.fromEntries(entries.filter(([, v]) => v !== "")));

  return {
    resources: { provider, network, encryption, nodeIdentity, cluster: controlPlane, nodePools },
    logStorage: buildLogStorage(scope, controlPlane),
    sovereignty: buildSovereignty(scope, controlPlane, encryption.keyRing),
    // Add-ons that run pods wait for capacity.
    readyForAddons: Object.values(nodePools),
    endpoint,
    kubeconfig,
    kubernetesProvider,
    kubernetesVersion,
    nodePoolVersions,
  };
}

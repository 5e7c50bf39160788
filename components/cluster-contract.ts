// What every per-cluster component gives the rest of the fleet, whatever its provider: how to
// reach the cluster and a Kubernetes provider built from the cluster's own outputs, so add-ons
// in the same `pulumi up` never reach a wrong or empty endpoint.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../src/plan/types.ts";

export interface FleetClusterArgs {
  /** The fleet's name, as planned (prefix of provider names, tag `fleet`). */
  readonly fleet: string;
  /** This cluster's plan: the component renders it and decides nothing. */
  readonly cluster: ClusterPlan;
}

export interface FleetCluster extends pulumi.ComponentResource {
  readonly clusterName: string;
  /** The API server URL. */
  readonly endpoint: pulumi.Output<string>;
  /** Admin kubeconfig; always a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for add-ons, built from this cluster's outputs. */
  readonly kubernetesProvider: k8s.Provider;
  /** Control-plane minor as the provider reports it (feeds the next run's planner). */
  readonly kubernetesVersion: pulumi.Output<string>;
  /** Node pool minors by pool name, as the provider reports them. */
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
}

// What every per-cluster component shares: the contract's fields, declared once; the one builder
// call; the contract's outputs assigned once and registered together with the component's own.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { FleetCluster, FleetClusterArgs, LogStorage, SovereigntyResources } from "./cluster-contract.ts";

/** What a cluster component's builder gives back: the contract's outputs, and outputs of its own to register. */
export interface ClusterParts {
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly kubernetesProvider: k8s.Provider;
  readonly kubernetesVersion: pulumi.Output<string>;
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
  readonly readyForAddons?: readonly pulumi.Resource[];
  readonly logStorage?: LogStorage | undefined;
  readonly sovereignty?: SovereigntyResources;
  /** The component's own outputs, registered beside the contract's (resources and providers are not). */
  readonly registered?: Readonly<Record<string, unknown>>;
}

export abstract class ClusterComponent<P extends ClusterParts> extends pulumi.ComponentResource implements FleetCluster {
  readonly clusterName: string;
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly kubernetesProvider: k8s.Provider;
  readonly kubernetesVersion: pulumi.Output<string>;
  readonly nodePoolVersions: pulumi.Output<Record<string, string>>;
  readonly readyForAddons?: readonly pulumi.Resource[];
  readonly logStorage?: LogStorage;
  readonly sovereignty?: SovereigntyResources;
  /** Everything the builder made; subclasses take their own fields from it. */
  protected readonly parts: P;

  protected constructor(type: string, name: string, args: FleetClusterArgs, opts: pulumi.ComponentResourceOptions | undefined, build: (parent: pulumi.ComponentResource) => P) {
    super(type, name, {}, opts);
    const p = build(this);
    this.parts = p;
    this.clusterName = args.cluster.name;
    this.endpoint = p.endpoint;
    this.kubeconfig = p.kubeconfig;
    this.kubernetesProvider = p.kubernetesProvider;
    this.kubernetesVersion = p.kubernetesVersion;
    this.nodePoolVersions = p.nodePoolVersions;
    if (p.readyForAddons) this.readyForAddons = p.readyForAddons;
    if (p.logStorage) this.logStorage = p.logStorage;
    if (p.sovereignty) this.sovereignty = p.sovereignty;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      kubernetesVersion: this.kubernetesVersion,
      nodePoolVersions: this.nodePoolVersions,
      ...p.registered,
    });
  }
}

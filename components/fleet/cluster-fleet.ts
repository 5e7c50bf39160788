// ClusterFleet: renders a FleetPlan into one child component per cluster. It decides nothing:
// give it a plan (or a spec, which it plans with the same pure planner the CLI uses).
import * as pulumi from "@pulumi/pulumi";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import type { Catalog } from "../../src/catalog/types.ts";
import { observedMeshTrust } from "../../src/plan/mesh-trust.ts";
import { observedFabric, observedKubeadm, type ObservedFleet } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../src/plan/types.ts";
import type { FleetSpecInput } from "../../src/spec/fleet.ts";
import { formatIssue, type FleetIssue } from "../../src/spec/issue.ts";
import { EksCluster } from "../aws/eks-cluster.ts";
import { AksCluster } from "../azure/aks-cluster.ts";
import type { FleetCluster } from "../cluster-contract.ts";
import { renderFleetAddons, type FleetAddons } from "../addons/fleet-addons.ts";
import { AdoptedCluster } from "../existing/adopted-cluster.ts";
import { GkeCluster } from "../gcp/gke-cluster.ts";
import { KubeadmCluster } from "../kubeadm/kubeadm-cluster.ts";
import { Fabric } from "../network/fabric.ts";
import { TOKENS } from "../tokens.ts";
import { PlannedCluster } from "./planned-cluster.ts";

interface CommonArgs {
  /** Kubeconfigs of `existing` clusters by cluster name (made secret). Required for each of them. */
  readonly kubeconfigs?: Readonly<Record<string, pulumi.Input<string>>>;
  /** SSH private keys of `kubeadm` clusters' machines by cluster name (made secret). Required for each of them. */
  readonly sshPrivateKeys?: Readonly<Record<string, pulumi.Input<string>>>;
}

export type ClusterFleetArgs = CommonArgs &
  (
    | { readonly plan: FleetPlan }
    | {
        readonly spec: FleetSpecInput;
        /** @default the built-in catalog */
        readonly catalog?: Catalog;
        /** What the previous deployment left; keeps CIDRs and steps versions. @default none (a fresh fleet) */
        readonly observed?: ObservedFleet;
        /** For decommission dates; pass it in, the library never reads the clock. @default none (nothing is due) */
        readonly now?: Date;
      }
  );

export interface ClusterAccess {
  readonly provider: string;
  readonly region: string;
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
}

export class ClusterFleet extends pulumi.ComponentResource {
  /** The plan this fleet renders (plain data). */
  readonly plan: FleetPlan;
  /** Child components by cluster name; clusters being destroyed have none. */
  readonly clusters: Readonly<Record<string, FleetCluster | PlannedCluster>>;
  /** What this deployment leaves, for the next run's planner: export it as the `observed` stack output. */
  readonly observed: pulumi.Output<ObservedFleet>;
  /** Endpoint and kubeconfig (secret) of every cluster that has them. */
  readonly access: Readonly<Record<string, ClusterAccess>>;
  /** The add-ons: the mesh identity and links (fleet-level) and each cluster's add-ons (under its component). */
  readonly addons: FleetAddons;
  /** The network fabric: every link the plan connects (peerings, transit gateways, VPNs, firewall rules). */
  readonly fabric: Fabric;

  constructor(name: string, args: ClusterFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.fleet, name, {}, opts);
    this.plan = "plan" in args ? args.plan : planFleet(args.spec, args.catalog ?? defaultCatalog, args.observed, args.now ? { now: args.now } : {});
    const problems: FleetIssue[] = [...(this.plan.problems ?? [])];
    for (const c of this.plan.clusters) {
      if (c.provider === "existing" && c.action !== "destroy" && args.kubeconfigs?.[c.name] === undefined) {
        problems.push({ path: `kubeconfigs.${c.name}`, code: "existing/kubeconfig-missing", message: `cluster "${c.name}" is adopted by kubeconfig but none was given (stack config key clusterfleet:${String(c.settings["kubeconfigKey"])}, a secret)` });
      }
      if (c.kubeadm && c.action !== "destroy" && args.sshPrivateKeys?.[c.name] === undefined) {
        problems.push({ path: `sshPrivateKeys.${c.name}`, code: "kubeadm/ssh-key-missing", message: `cluster "${c.name}" runs on machines reached over SSH but no private key was given (stack config key clusterfleet:${c.kubeadm.sshPrivateKeyKey}, a secret)` });
      }
    }
    if (problems.length) {
      throw new pulumi.InputPropertiesError({
        message: `ClusterFleet "${name}": ${problems.length} problem(s):\n${problems.map((p) => `  - ${formatIssue(p)}`).join("\n")}`,
        errors: problems.map((p) => ({ propertyPath: p.path, reason: `${p.message} [${p.code}]` })),
      });
    }

    const live = this.plan.clusters.filter((c) => c.action !== "destroy");
    // Clusters whose private API the runner reaches over the fabric (plan network.apiRoute): their
    // Kubernetes provider waits for the fabric, which is built after the clusters (it needs their networks).
    const routeGates = new Map(live.filter((c) => c.network.apiRoute).map((c) => [c.name, pulumi.deferredOutput<unknown>()] as const));
    this.clusters = Object.fromEntries(live.map((c) => [c.name, this.renderCluster(name, c, args, routeGates.get(c.name)?.[0])]));
    this.access = Object.fromEntries(
      Object.values(this.clusters)
        .filter((c): c is FleetCluster => "kubeconfig" in c)
        .map((c) => {
          const plan = live.find((p) => p.name === c.clusterName)!;
          return [c.clusterName, { provider: plan.provider, region: plan.region, endpoint: c.endpoint, kubeconfig: c.kubeconfig }];
        }),
    );
    this.observed = observedOutput(live, this.clusters, this.plan);
    this.fabric = new Fabric(`${name}-fabric`, { plan: this.plan, clusters: this.clusters }, { parent: this });
    // Every resource of the fabric (a component dependency covers its children): links, routes, firewall rules.
    for (const [, resolve] of routeGates.values()) resolve(this.fabric.urn);
    this.addons = renderFleetAddons(name, this.plan, this.clusters, this);
    this.registerOutputs({ plan: this.plan, observed: this.observed, addons: Object.keys(this.addons.clusters) });
  }

  private renderCluster(name: string, cluster: ClusterPlan, args: CommonArgs, apiRouteReady?: pulumi.Output<unknown>): FleetCluster | PlannedCluster {
    const childName = `${name}-${cluster.name}`;
    const opts = { parent: this };
    const route = apiRouteReady ? { apiRouteReady } : {};
    switch (cluster.provider) {
      case "aws":
        return new EksCluster(childName, { fleet: this.plan.fleet, cluster, ...route }, opts);
      case "existing":
        return new AdoptedCluster(childName, { fleet: this.plan.fleet, cluster, kubeconfig: args.kubeconfigs![cluster.name]! }, opts);
      case "gcp":
        return new GkeCluster(childName, { fleet: this.plan.fleet, cluster, ...route }, opts);
      case "azure":
        return new AksCluster(childName, { fleet: this.plan.fleet, cluster, ...route }, opts);
      case "kubeadm":
        return new KubeadmCluster(childName, { fleet: this.plan.fleet, cluster, sshPrivateKey: args.sshPrivateKeys![cluster.name]! }, opts);
      default:
        return new PlannedCluster(childName, { cluster }, opts);
    }
  }
}

/** Versions as the providers report them, networks as planned: the next run starts from here. */
function observedOutput(live: readonly ClusterPlan[], components: Readonly<Record<string, FleetCluster | PlannedCluster>>, plan: FleetPlan): pulumi.Output<ObservedFleet> {
  const perCluster = live.map((c) => {
    const comp = components[c.name]!;
    const pools = "nodePoolVersions" in comp ? comp.nodePoolVersions : pulumi.output(Object.fromEntries(c.nodePools.map((p) => [p.name, p.kubernetesVersion])));
    return pulumi.all([comp.kubernetesVersion, pools]).apply(([version, poolVersions]) => [
      c.name,
      {
        kubernetesVersion: version,
        nodePools: Object.fromEntries(Object.entries(poolVersions).map(([p, v]) => [p, { kubernetesVersion: v }])),
        network: { cidr: c.network.cidr, podCidr: c.network.podCidr, serviceCidr: c.network.serviceCidr },
        lifecycle: c.lifecycle.state,
        drained: c.traffic === "drained",
        ...(c.kubeadm ? { kubeadm: observedKubeadm(c.kubeadm) } : {}),
      },
    ] as const);
  });
  // The fabric's ASNs, tunnel /30s and gateway subnets, kept by the next run's planner.
  return pulumi.all(perCluster).apply((entries) => ({
    clusters: Object.fromEntries(entries),
    ...(plan.fabric ? { fabric: observedFabric(plan.fabric) } : {}),
    ...(plan.meshTrustRoots ? { meshTrust: observedMeshTrust(plan.meshTrustRoots) } : {}),
  }));
}

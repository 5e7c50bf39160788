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
import { MeshIdentity } from "../addons/mesh/mesh-identity.ts";
import { linkEndOf, type LinkEnd } from "../network/ends.ts";
import { linkEndHandles, remoteLinkEnd, type LinkEndHandles } from "../network/remote-ends.ts";
import { meshAccessOf, remoteMeshLinks, type MeshAccess } from "./remote-mesh.ts";
import { slicePlan, type ShardSlice } from "./shard-slice.ts";

interface CommonArgs {
  /**
   * Render one shard of the plan (FleetPlan.shards) and what it reads from the shards before it.
   * @default the whole fleet (a single stack)
   */
  readonly shard?: ShardSlice;
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
  /** The network fabric: every link the plan connects (peerings, transit gateways, VPNs, firewall rules). Absent in a cluster or mesh-identity shard. */
  readonly fabric?: Fabric;
  /** A mesh-identity shard's roots (a single stack's are `addons.identity`). */
  readonly meshIdentity?: MeshIdentity;
  /** A cluster shard's link end, for the fabric shard of its island (stack output `fabricEnd`). */
  readonly fabricEnd?: pulumi.Output<LinkEndHandles>;
  /** A cluster shard's mesh tokens (a secret), for the mesh-link shards of its pairs (stack output `meshAccess`). */
  readonly meshAccess?: pulumi.Output<MeshAccess>;

  constructor(name: string, args: ClusterFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.fleet, name, {}, opts);
    this.plan = "plan" in args ? args.plan : planFleet(args.spec, args.catalog ?? defaultCatalog, args.observed, args.now ? { now: args.now } : {});
    const problems: FleetIssue[] = [...(this.plan.problems ?? [])];
    const slice = args.shard;
    if (slice && !this.plan.shards?.some((x) => x.name === slice.shard.name)) {
      problems.push({ path: "shard", code: "shard/unknown", message: `the plan has no shard "${slice.shard.name}"; its shards: ${(this.plan.shards ?? []).map((x) => x.name).join(", ") || "none"}` });
    }
    const rendered = slice ? slicePlan(this.plan, slice.shard) : this.plan;
    const renders = (c: ClusterPlan) => !slice || (slice.shard.kind === "cluster" && rendered.clusters.includes(c));
    for (const c of this.plan.clusters.filter(renders)) {
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

    if (slice && slice.shard.kind !== "cluster") {
      // Roots or links only: no cluster component here.
      this.clusters = {};
      this.access = {};
      this.addons = { clusters: {}, sovereignty: {} };
      // Every shard records the fleet-wide mesh trust decision, so whichever shards have run, the next
      // plan sees it (src/plan/mesh-trust.ts: legacy roots are decided once).
      const meshTrust = this.plan.meshTrustRoots ? { meshTrust: observedMeshTrust(this.plan.meshTrustRoots) } : {};
      const observed: ObservedFleet = slice.shard.kind === "fabric" && rendered.fabric ? { clusters: {}, fabric: observedFabric(rendered.fabric), ...meshTrust } : { clusters: {}, ...meshTrust };
      this.observed = pulumi.output(observed) as pulumi.Output<ObservedFleet>;
      if (slice.shard.kind === "mesh-identity") this.meshIdentity = new MeshIdentity(`${name}-mesh-identity`, { plan: this.plan, only: slice.shard.roots ?? [] }, { parent: this });
      if (slice.shard.kind === "fabric") this.fabric = new Fabric(`${name}-fabric`, { plan: rendered, clusters: {}, ends: this.remoteEnds(name, rendered, slice) }, { parent: this });
      if (slice.shard.kind === "mesh-link") {
        const sides = slice.meshSides;
        if (!sides) throw new pulumi.InputPropertiesError({ message: `ClusterFleet "${name}": mesh-link shard ${slice.shard.name} needs its clusters' access (outputs clusters and meshAccess of their cluster shards)`, errors: [{ propertyPath: "shard.meshSides", reason: "missing" }] });
        const links = remoteMeshLinks(name, rendered, sides, this);
        if (links) this.addons = { ...this.addons, links };
      }
      // A shard's component records its slice of the plan: the whole plan of a 1,000-cluster fleet
      // in every shard's state would make each shard's cost grow with the fleet.
      this.registerOutputs({ plan: rendered, shard: slice.shard.name });
      return;
    }

    const live = rendered.clusters.filter((c) => c.action !== "destroy");
    // Clusters whose private API the runner reaches over the fabric (plan network.apiRoute): their
    // Kubernetes provider waits for the fabric, which is built after the clusters (it needs their networks).
    // A cluster shard's runner sits in the cluster's own network (ShardPlan.runsIn): nothing to wait for.
    const routeGates = new Map(slice ? [] : live.filter((c) => c.network.apiRoute).map((c) => [c.name, pulumi.deferredOutput<unknown>()] as const));
    this.clusters = Object.fromEntries(live.map((c) => [c.name, this.renderCluster(name, c, args, routeGates.get(c.name)?.[0])]));
    this.access = Object.fromEntries(
      Object.values(this.clusters)
        .filter((c): c is FleetCluster => "kubeconfig" in c)
        .map((c) => {
          const plan = live.find((p) => p.name === c.clusterName)!;
          return [c.clusterName, { provider: plan.provider, region: plan.region, endpoint: c.endpoint, kubeconfig: c.kubeconfig }];
        }),
    );
    // A cluster shard's fabric is its fabric shard's to record.
    this.observed = observedOutput(live, this.clusters, { ...(slice || !this.plan.fabric ? {} : { fabric: this.plan.fabric }), ...(this.plan.meshTrustRoots ? { meshTrustRoots: this.plan.meshTrustRoots } : {}) });
    if (slice) {
      const c = live[0];
      const end = c ? linkEndOf(c, this.clusters[c.name]) : undefined;
      if (end) this.fabricEnd = linkEndHandles(end);
    } else {
      this.fabric = new Fabric(`${name}-fabric`, { plan: this.plan, clusters: this.clusters }, { parent: this });
      // Every resource of the fabric (a component dependency covers its children): links, routes, firewall rules.
      for (const [, resolve] of routeGates.values()) resolve(this.fabric.urn);
    }
    this.addons = renderFleetAddons(name, rendered, this.clusters, this, slice?.meshRoots);
    // A cluster shard's mesh tokens, for the mesh-link shards of its pairs.
    const access = slice && live[0] ? meshAccessOf(this.addons.clusters[live[0].name]) : undefined;
    if (access) this.meshAccess = access;
    this.registerOutputs({ plan: slice ? rendered : this.plan, observed: this.observed, addons: Object.keys(this.addons.clusters), ...(slice ? { shard: slice.shard.name } : {}) });
  }

  /** A fabric shard's link ends: each island cluster's provider, rebuilt, and its cluster shard's handles. */
  private remoteEnds(name: string, plan: FleetPlan, slice: ShardSlice): Map<string, LinkEnd> {
    const ends = new Map<string, LinkEnd>();
    for (const c of plan.clusters.filter((x) => x.action !== "destroy")) {
      const handles = slice.fabricEnds?.[c.name];
      if (!handles) {
        if (c.provider === "existing") continue;
        throw new pulumi.InputPropertiesError({ message: `ClusterFleet "${name}": fabric shard ${slice.shard.name} needs the link end of cluster "${c.name}" (output fabricEnd of shard cluster-${c.name})`, errors: [{ propertyPath: `shard.fabricEnds.${c.name}`, reason: "missing" }] });
      }
      const end = remoteLinkEnd(`${name}-${c.name}`, c, handles, this);
      if (end) ends.set(c.name, end);
    }
    return ends;
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
function observedOutput(live: readonly ClusterPlan[], components: Readonly<Record<string, FleetCluster | PlannedCluster>>, plan: Partial<Pick<FleetPlan, "fabric" | "meshTrustRoots">>): pulumi.Output<ObservedFleet> {
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

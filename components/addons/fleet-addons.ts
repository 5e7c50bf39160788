// The fleet's add-ons, rendered after its clusters: the mesh identity (fleet-level), each cluster's
// add-ons (under that cluster's component, on its own provider), and the links that join the pairs
// the plan connects (fleet-level). Clusters whose component does not give a Kubernetes provider yet
// get none; a cluster whose plan needs more of its component than it gives is refused, named.
import * as pulumi from "@pulumi/pulumi";
import type { FleetPlan } from "../../src/plan/types.ts";
import type { FleetCluster } from "../cluster-contract.ts";
import { ClusterAddons, missingForAddons } from "./cluster-addons.ts";
import { MeshIdentity, type MeshTrustSource } from "./mesh/mesh-identity.ts";
import { meshLinkSides, MeshLinks } from "./mesh/mesh-links.ts";
import { ClusterSovereignty, missingForSovereignty } from "../sovereignty/cluster-sovereignty.ts";

export interface FleetAddons {
  readonly identity?: MeshIdentity;
  /** By cluster name: only clusters whose component implements the contract. */
  readonly clusters: Readonly<Record<string, ClusterAddons>>;
  readonly links?: MeshLinks;
  /** Each cluster's storage classes, secret store and admission policies (under its component). */
  readonly sovereignty: Readonly<Record<string, ClusterSovereignty>>;
}

const isFleetCluster = (c: pulumi.ComponentResource): c is FleetCluster => "kubernetesProvider" in c;

/** `roots`: a cluster shard's mesh trust, read from the mesh-identity shards (no root is created then). */
export function renderFleetAddons(name: string, plan: FleetPlan, components: Readonly<Record<string, pulumi.ComponentResource>>, parent: pulumi.ComponentResource, roots?: MeshTrustSource): FleetAddons {
  const live = plan.clusters.filter((c) => c.action !== "destroy");
  const hosts: Record<string, FleetCluster> = {};
  for (const c of live) {
    const comp = components[c.name];
    if (comp && isFleetCluster(comp)) hosts[c.name] = comp;
  }
  const problems = live.flatMap((c) => {
    const host = hosts[c.name];
    if (!host) return [];
    const why = missingForAddons(c, host);
    const data = missingForSovereignty(c, host);
    return [...(why ? [{ propertyPath: `clusters.${c.name}.logStorage`, reason: why }] : []), ...(data ? [{ propertyPath: `clusters.${c.name}.sovereignty`, reason: data }] : [])];
  });
  if (problems.length) {
    throw new pulumi.InputPropertiesError({ message: `ClusterFleet "${name}": ${problems.length} cluster(s) cannot get their add-ons:\n${problems.map((p) => `  - ${p.reason}`).join("\n")}`, errors: problems });
  }

  const created = !roots && live.some((c) => c.mesh !== "none") ? new MeshIdentity(`${name}-mesh-identity`, { plan }, { parent }) : undefined;
  const identity: MeshTrustSource | undefined = roots ?? created;
  const clusters: Record<string, ClusterAddons> = {};
  const sovereignty: Record<string, ClusterSovereignty> = {};
  for (const c of live) {
    const host = hosts[c.name];
    if (!host) continue;
    // The add-ons come first (the sovereignty component needs External Secrets and the policy engine), yet
    // Prometheus and Loki claim volumes that must bind to the pinned classes: they wait on a promise of them.
    const volumes = deferred<readonly pulumi.Resource[]>();
    try {
      if (c.addons.length) clusters[c.name] = new ClusterAddons(`${name}-${c.name}-addons`, { fleet: plan.fleet, cluster: c, host, volumesReady: volumes.promise, ...(identity ? { identity } : {}) }, { parent: host });
      const addons = clusters[c.name];
      sovereignty[c.name] = new ClusterSovereignty(`${name}-${c.name}-sovereignty`, { cluster: c, host, ...(addons ? { addons } : {}) }, { parent: host });
    } finally {
      volumes.resolve(sovereignty[c.name]?.volumesReady ?? []);
    }
  }
  // Only pairs whose two clusters are rendered can be joined (the others join once their components exist).
  const joinable = plan.meshLinks.some((l) => clusters[l.from] && clusters[l.to]);
  const links = joinable ? new MeshLinks(`${name}-mesh-links`, { plan, sides: meshLinkSides(hosts, clusters) }, { parent }) : undefined;
  return { ...(created ? { identity: created } : {}), clusters, ...(links ? { links } : {}), sovereignty };
}

/** A promise and its resolver, for a dependency on resources created later in the same program. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

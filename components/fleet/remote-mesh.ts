// Mesh links across shards. A cluster shard exports what its mesh peers read it with (stack output
// `meshAccess`, secret: the token Secrets' data); a mesh-link shard rebuilds both clusters'
// Kubernetes providers (same names, same inputs as in a single stack) from the cluster shards'
// `clusters` outputs and renders the pair's MeshLinks under the single stack's names.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddons } from "../addons/cluster-addons.ts";
import { MeshLinks, type MeshLinkSide } from "../addons/mesh/mesh-links.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import type { ClusterPlan, FleetPlan } from "../../src/plan/types.ts";

/** What a cluster shard exports for the mesh-link shards of its pairs (stack output `meshAccess`, a secret). */
export interface MeshAccess {
  readonly istioReaderToken?: Record<string, string>;
  readonly linkerdRemoteAccessToken?: Record<string, string>;
}

/** A linked cluster as a mesh-link shard reads it from its cluster shard. */
export interface RemoteMeshSide {
  readonly kubeconfig: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly access: pulumi.Output<MeshAccess>;
}

/** The cluster shard's `meshAccess`: undefined when its cluster has no mesh peers (nothing reads it). */
export function meshAccessOf(addons: ClusterAddons | undefined): pulumi.Output<MeshAccess> | undefined {
  const istio = addons?.istio?.readerToken;
  const linkerd = addons?.linkerd?.remoteAccessToken;
  if (!istio && !linkerd) return undefined;
  return pulumi.secret(
    pulumi.all([istio?.data, linkerd?.data]).apply(([i, l]) => ({ ...(i ? { istioReaderToken: i } : {}), ...(l ? { linkerdRemoteAccessToken: l } : {}) })),
  );
}

/**
 * What a cluster's mesh components hold, from its plan alone, as ClusterAddons, IstioMesh and
 * LinkerdMesh decide it from the same plan: the mesh's component exists when one of its add-ons is
 * enabled, the reader token when its peers need one (and, for Istio, its base chart's CRDs and
 * service account are there; for Linkerd, its multicluster extension). A mesh-link shard joins a
 * pair exactly where a single stack would (with add-ons disabled, nowhere).
 */
export function meshSideOf(c: ClusterPlan): { istio: boolean; istioToken: boolean; linkerd: boolean; linkerdToken: boolean } {
  const ids = new Set(c.addons.map((a) => a.id));
  const istio = c.mesh === "istio" && ["istio-base", "istiod", "istio-eastwest-gateway"].some((id) => ids.has(id as never));
  const linkerd = c.mesh === "linkerd" && ids.has("linkerd-multicluster") && ids.has("linkerd-control-plane");
  const peered = c.meshPeers.length > 0;
  return { istio, istioToken: istio && ids.has("istio-base") && peered, linkerd, linkerdToken: linkerd && peered };
}

/**
 * The pair's links in a mesh-link shard: `name` is the ClusterFleet's, so the providers are
 * `<fleet>-<cluster>-k8s` and the links `<fleet>-mesh-links-…` as in a single stack.
 */
export function remoteMeshLinks(name: string, plan: FleetPlan, sides: Readonly<Record<string, RemoteMeshSide>>, parent: pulumi.ComponentResource): MeshLinks | undefined {
  // As a single stack: no MeshLinks component (nor providers for it) when no direction of a pair can join.
  const facts = new Map(plan.clusters.map((c) => [c.name, meshSideOf(c)]));
  const joins = (from: string, to: string, mesh: string) => {
    const [a, b] = [facts.get(from), facts.get(to)];
    return mesh === "istio" ? !!a?.istio && !!b?.istioToken : !!a?.linkerd && !!b?.linkerd && !!b?.linkerdToken;
  };
  if (!plan.meshLinks.some((l) => joins(l.from, l.to, l.mesh) || joins(l.to, l.from, l.mesh))) return undefined;
  const built: Record<string, MeshLinkSide> = {};
  for (const [cluster, side] of Object.entries(sides)) {
    const c = plan.clusters.find((x) => x.name === cluster)!;
    const token = (key: keyof MeshAccess, shard: string) =>
      side.access.apply((a) => {
        const data = a[key];
        if (!data) throw new Error(`shard ${shard} exports no ${key} for cluster "${cluster}" (output meshAccess): run it first, with the same spec`);
        return data;
      });
    const has = meshSideOf(c);
    built[cluster] = {
      kubernetesProvider: kubernetesProviderFor(`${name}-${cluster}`, side.kubeconfig, parent),
      endpoint: side.endpoint,
      ...(has.istio ? { istio: has.istioToken ? { readerTokenData: token("istioReaderToken", `cluster-${cluster}`) } : {} } : {}),
      ...(has.linkerd ? { linkerd: has.linkerdToken ? { remoteAccessTokenData: token("linkerdRemoteAccessToken", `cluster-${cluster}`) } : {} } : {}),
    };
  }
  return new MeshLinks(`${name}-mesh-links`, { plan, sides: built }, { parent });
}

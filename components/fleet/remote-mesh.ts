// Mesh links across shards. A cluster shard exports what its mesh peers read it with (stack output
// `meshAccess`, secret: the token Secrets' data); a mesh-link shard rebuilds both clusters'
// Kubernetes providers (same names, same inputs as in a single stack) from the cluster shards'
// `clusters` outputs and renders the pair's MeshLinks under the single stack's names.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterAddons } from "../addons/cluster-addons.ts";
import { MeshLinks, type MeshLinkSide } from "../addons/mesh/mesh-links.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import type { FleetPlan } from "../../src/plan/types.ts";

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
 * The pair's links in a mesh-link shard: `name` is the ClusterFleet's, so the providers are
 * `<fleet>-<cluster>-k8s` and the links `<fleet>-mesh-links-…` as in a single stack.
 */
export function remoteMeshLinks(name: string, plan: FleetPlan, sides: Readonly<Record<string, RemoteMeshSide>>, parent: pulumi.ComponentResource): MeshLinks {
  const built: Record<string, MeshLinkSide> = {};
  for (const [cluster, side] of Object.entries(sides)) {
    const c = plan.clusters.find((x) => x.name === cluster)!;
    const token = (key: keyof MeshAccess, shard: string) =>
      side.access.apply((a) => {
        const data = a[key];
        if (!data) throw new Error(`shard ${shard} exports no ${key} for cluster "${cluster}" (output meshAccess): run it first, with the same spec`);
        return data;
      });
    built[cluster] = {
      kubernetesProvider: kubernetesProviderFor(`${name}-${cluster}`, side.kubeconfig, parent),
      endpoint: side.endpoint,
      ...(c.mesh === "istio" ? { istio: { readerTokenData: token("istioReaderToken", `cluster-${cluster}`) } } : {}),
      ...(c.mesh === "linkerd" ? { linkerd: { remoteAccessTokenData: token("linkerdRemoteAccessToken", `cluster-${cluster}`) } } : {}),
    };
  }
  return new MeshLinks(`${name}-mesh-links`, { plan, sides: built }, { parent });
}

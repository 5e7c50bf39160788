// clusterfleet:addons:MeshLinks — what joins two clusters of a mesh, for exactly the pairs the plan
// connects (FleetPlan.meshLinks), both ways. Istio: in each cluster, a remote secret with the other's
// endpoint and reader token (endpoint discovery). Linkerd: in each cluster, the other's credentials
// and a Link to its gateway. It lives under ClusterFleet: a cluster's own resources never wait on
// another cluster's; only these, which belong to the pair, do.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { FleetPlan } from "../../../src/plan/types.ts";
import type { FleetCluster } from "../../cluster-contract.ts";
import { TOKENS } from "../../tokens.ts";
import type { ClusterAddons } from "../cluster-addons.ts";
import { CRD_FROM_EARLIER_SHARD, customResource, kubeOpts, type KubeScope } from "../kube.ts";
import { LINKERD_GATEWAY, LINKERD_MULTICLUSTER_NAMESPACE, linkerdTrustDomain } from "../values/linkerd.ts";
import { remoteSecret } from "./istio-objects.ts";
import { remoteKubeconfig, tokenAccess } from "./kubeconfig.ts";
import { clusterCredentials, link } from "./linkerd-objects.ts";

/**
 * One cluster of a mesh link, as the links need it: its API (provider, endpoint) and the token Secret
 * data its peers read it with. In a single stack these come from the cluster's components (with the
 * resources to wait for); in a mesh-link shard from the cluster shard's outputs (which ran before).
 */
export interface MeshLinkSide {
  readonly kubernetesProvider: k8s.Provider;
  readonly endpoint: pulumi.Output<string>;
  readonly istio?: {
    /** Data of the reader token Secret its peers' istiod read it with; absent when it has no peers. */
    readonly readerTokenData?: pulumi.Output<Record<string, string>>;
    /** Resources to wait for, in a single stack: its istio-system namespace, its reader token Secret. */
    readonly namespace?: pulumi.Resource;
    readonly readerToken?: pulumi.Resource;
  };
  readonly linkerd?: {
    /** Data of the remote access token Secret its peers' service mirrors read it with; absent when it has no peers. */
    readonly remoteAccessTokenData?: pulumi.Output<Record<string, string>>;
    /** Resources to wait for, in a single stack: its multicluster and control plane releases, its token Secret. */
    readonly multicluster?: pulumi.Resource;
    readonly controlPlane?: pulumi.Resource;
    readonly remoteAccessToken?: pulumi.Resource;
  };
}

export interface MeshLinksArgs {
  readonly plan: FleetPlan;
  /** The linked clusters, by cluster name. */
  readonly sides: Readonly<Record<string, MeshLinkSide>>;
}

/** A single stack's sides: from the cluster components and their add-ons. */
export function meshLinkSides(clusters: Readonly<Record<string, FleetCluster>>, addons: Readonly<Record<string, ClusterAddons>>): Record<string, MeshLinkSide> {
  const sides: Record<string, MeshLinkSide> = {};
  for (const [name, c] of Object.entries(clusters)) {
    const a = addons[name];
    const istio = a?.istio;
    const linkerd = a?.linkerd;
    const mc = linkerd?.releases["linkerd-multicluster"];
    const cp = linkerd?.releases["linkerd-control-plane"];
    sides[name] = {
      kubernetesProvider: c.kubernetesProvider,
      endpoint: c.endpoint,
      ...(istio ? { istio: { namespace: istio.namespace, ...(istio.readerToken ? { readerToken: istio.readerToken, readerTokenData: istio.readerToken.data } : {}) } } : {}),
      // A Linkerd side joins only with its multicluster extension and control plane installed.
      ...(linkerd && mc && cp
        ? { linkerd: { multicluster: mc, controlPlane: cp, ...(linkerd.remoteAccessToken ? { remoteAccessToken: linkerd.remoteAccessToken, remoteAccessTokenData: linkerd.remoteAccessToken.data } : {}) } }
        : {}),
    };
  }
  return sides;
}

const present = (rs: readonly (pulumi.Resource | undefined)[]): pulumi.Resource[] => rs.filter((r): r is pulumi.Resource => r !== undefined);

export class MeshLinks extends pulumi.ComponentResource {
  /** Directed joins rendered, "from->to" (from reads to's endpoints). */
  readonly joined: readonly string[];

  constructor(name: string, args: MeshLinksArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.meshLinks, name, {}, opts);
    const joined: string[] = [];
    for (const l of args.plan.meshLinks) {
      for (const [from, to] of [[l.from, l.to], [l.to, l.from]] as const) {
        const ok = l.mesh === "istio" ? this.istio(name, args, from, to) : this.linkerd(name, args, from, to);
        if (ok) joined.push(`${from}->${to}`);
      }
    }
    this.joined = joined;
    this.registerOutputs({ joined });
  }

  /** The kubeconfig (secret) `from` reads `to` with, from `to`'s endpoint and token Secret data. */
  private kubeconfig(to: string, endpoint: pulumi.Output<string>, tokenData: pulumi.Output<Record<string, string>>): pulumi.Output<string> {
    return pulumi.secret(pulumi.all([endpoint, tokenData]).apply(([server, data]) => remoteKubeconfig(tokenAccess(to, server, data))));
  }

  private istio(name: string, args: MeshLinksArgs, from: string, to: string): boolean {
    const here = args.sides[from];
    const there = args.sides[to];
    const token = there?.istio?.readerTokenData;
    if (!here?.istio || !there || !token) return false;
    const scope: KubeScope = { parent: this, provider: here.kubernetesProvider };
    const secret = remoteSecret(to, this.kubeconfig(to, there.endpoint, token));
    new k8s.core.v1.Secret(
      `${name}-istio-remote-secret-${from}-${to}`,
      { ...secret, stringData: pulumi.secret(pulumi.all(secret.stringData)) },
      kubeOpts(scope, present([here.istio.namespace, there.istio!.readerToken])),
    );
    return true;
  }

  private linkerd(name: string, args: MeshLinksArgs, from: string, to: string): boolean {
    const here = args.sides[from];
    const there = args.sides[to];
    const token = there?.linkerd?.remoteAccessTokenData;
    if (!here?.linkerd || !there?.linkerd || !token) return false;
    const [hereL, thereL] = [here.linkerd, there.linkerd];
    const scope: KubeScope = { parent: this, provider: here.kubernetesProvider };
    const kubeconfig = this.kubeconfig(to, there.endpoint, token);
    // The target's identities (its gateway's included) are under its own jurisdiction's trust domain.
    const targetTrustDomain = linkerdTrustDomain(args.plan.clusters.find((c) => c.name === to)!);
    const [mirror, discovery] = clusterCredentials(to, kubeconfig, targetTrustDomain);
    const secret = (role: string, s: typeof mirror, deps: (pulumi.Resource | undefined)[]) =>
      new k8s.core.v1.Secret(`${name}-linkerd-${role}-${from}-${to}`, { ...s, stringData: pulumi.secret(pulumi.all(s.stringData)) }, kubeOpts(scope, present([...deps, thereL.remoteAccessToken])));
    const credentials = secret("credentials", mirror, [hereL.multicluster]);
    secret("discovery-credentials", discovery, [hereL.controlPlane]);
    // The target's gateway address, once its LoadBalancer has one (the target's release waits for it).
    const gateway = k8s.core.v1.Service.get(`${name}-linkerd-gateway-${from}-${to}`, `${LINKERD_MULTICLUSTER_NAMESPACE}/${LINKERD_GATEWAY.name}`, {
      parent: this,
      provider: there.kubernetesProvider,
      dependsOn: present([thereL.multicluster]),
    });
    const address = gateway.status.apply((s) => {
      const addrs = (s?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname).filter((a): a is string => !!a);
      if (!addrs.length) throw new Error(`the Linkerd gateway of cluster "${to}" has no LoadBalancer address yet`);
      return addrs.join(",");
    });
    // The Link is built from the plan once the address is known; the resource itself is not created in an apply.
    const built = address.apply((a) => link(to, a, targetTrustDomain));
    const cr = { apiVersion: "multicluster.linkerd.io/v1alpha3", kind: "Link", metadata: { name: to, namespace: LINKERD_MULTICLUSTER_NAMESPACE }, spec: built.apply((o) => o.spec) };
    customResource(`${name}-linkerd-link-${from}-${to}`, cr, scope, hereL.multicluster ? [hereL.multicluster] : CRD_FROM_EARLIER_SHARD, [credentials]);
    return true;
  }
}

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
import { customResource, kubeOpts, type KubeScope } from "../kube.ts";
import { LINKERD_GATEWAY, LINKERD_MULTICLUSTER_NAMESPACE, linkerdTrustDomain } from "../values/linkerd.ts";
import { remoteSecret } from "./istio-objects.ts";
import { remoteKubeconfig, tokenAccess } from "./kubeconfig.ts";
import { clusterCredentials, link } from "./linkerd-objects.ts";

export interface MeshLinksArgs {
  readonly plan: FleetPlan;
  /** Cluster components that implement the contract, by cluster name. */
  readonly clusters: Readonly<Record<string, FleetCluster>>;
  /** Their add-ons, by cluster name. */
  readonly addons: Readonly<Record<string, ClusterAddons>>;
}

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

  /** The kubeconfig (secret) `from` reads `to` with, from `to`'s endpoint and token Secret. */
  private kubeconfig(to: string, endpoint: pulumi.Output<string>, token: k8s.core.v1.Secret): pulumi.Output<string> {
    return pulumi.secret(pulumi.all([endpoint, token.data]).apply(([server, data]) => remoteKubeconfig(tokenAccess(to, server, data))));
  }

  private istio(name: string, args: MeshLinksArgs, from: string, to: string): boolean {
    const here = args.addons[from]?.istio;
    const there = args.addons[to]?.istio;
    const target = args.clusters[to];
    if (!here || !there?.readerToken || !target) return false;
    const scope: KubeScope = { parent: this, provider: args.clusters[from]!.kubernetesProvider };
    const secret = remoteSecret(to, this.kubeconfig(to, target.endpoint, there.readerToken));
    new k8s.core.v1.Secret(
      `${name}-istio-remote-secret-${from}-${to}`,
      { ...secret, stringData: pulumi.secret(pulumi.all(secret.stringData)) },
      kubeOpts(scope, [here.namespace, there.readerToken]),
    );
    return true;
  }

  private linkerd(name: string, args: MeshLinksArgs, from: string, to: string): boolean {
    const here = args.addons[from]?.linkerd;
    const there = args.addons[to]?.linkerd;
    const target = args.clusters[to];
    const hereMc = here?.releases["linkerd-multicluster"];
    const thereMc = there?.releases["linkerd-multicluster"];
    const hereCp = here?.releases["linkerd-control-plane"];
    if (!here || !there?.remoteAccessToken || !target || !hereMc || !thereMc || !hereCp) return false;
    const scope: KubeScope = { parent: this, provider: args.clusters[from]!.kubernetesProvider };
    const kubeconfig = this.kubeconfig(to, target.endpoint, there.remoteAccessToken);
    // The target's identities (its gateway's included) are under its own jurisdiction's trust domain.
    const targetTrustDomain = linkerdTrustDomain(args.plan.clusters.find((c) => c.name === to)!);
    const [mirror, discovery] = clusterCredentials(to, kubeconfig, targetTrustDomain);
    const secret = (role: string, s: typeof mirror, deps: pulumi.Resource[]) =>
      new k8s.core.v1.Secret(`${name}-linkerd-${role}-${from}-${to}`, { ...s, stringData: pulumi.secret(pulumi.all(s.stringData)) }, kubeOpts(scope, [...deps, there.remoteAccessToken!]));
    const credentials = secret("credentials", mirror, [hereMc]);
    secret("discovery-credentials", discovery, [hereCp]);
    // The target's gateway address, once its LoadBalancer has one (the target's release waits for it).
    const gateway = k8s.core.v1.Service.get(`${name}-linkerd-gateway-${from}-${to}`, `${LINKERD_MULTICLUSTER_NAMESPACE}/${LINKERD_GATEWAY.name}`, {
      parent: this,
      provider: target.kubernetesProvider,
      dependsOn: [thereMc],
    });
    const address = gateway.status.apply((s) => {
      const addrs = (s?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname).filter((a): a is string => !!a);
      if (!addrs.length) throw new Error(`the Linkerd gateway of cluster "${to}" has no LoadBalancer address yet`);
      return addrs.join(",");
    });
    // The Link is built from the plan once the address is known; the resource itself is not created in an apply.
    const built = address.apply((a) => link(to, a, targetTrustDomain));
    const cr = { apiVersion: "multicluster.linkerd.io/v1alpha3", kind: "Link", metadata: { name: to, namespace: LINKERD_MULTICLUSTER_NAMESPACE }, spec: built.apply((o) => o.spec) };
    customResource(`${name}-linkerd-link-${from}-${to}`, cr, scope, [hereMc], [credentials]);
    return true;
  }
}

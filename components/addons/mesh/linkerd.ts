// clusterfleet:addons:LinkerdMesh — one cluster of the fleet's Linkerd multicluster mesh: its
// identity issuer (signed by its jurisdiction's trust anchor), the linkerd-crds, control-plane and
// multicluster charts, and the remote-access token its linked peers use.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddonPlan } from "../../../src/plan/types.ts";
import { TOKENS } from "../../tokens.ts";
import { installChart } from "../helm.ts";
import { kubeOpts, type KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { ValuesContext } from "../values/context.ts";
import { linkerdTrustDomain } from "../values/linkerd.ts";
import { intermediateCa, LINKERD_CA, pemBundle, type Signer, type TrustedRoot } from "./ca.ts";
import { issuerSecret, remoteAccessTokenSecret } from "./linkerd-objects.ts";

export interface LinkerdMeshArgs {
  readonly values: ValuesContext;
  readonly addons: readonly AddonPlan[];
  readonly provider: k8s.Provider;
  /** `linkerd` and `linkerd-multicluster`, labelled as Linkerd needs. */
  readonly namespaces: { readonly controlPlane: k8s.core.v1.Namespace; readonly multicluster?: k8s.core.v1.Namespace };
  /** The trust anchor of the cluster's jurisdiction: it signs the cluster's identity issuer. */
  readonly trustAnchor: Signer;
  /** Trust anchors of the other jurisdictions the cluster is meshed with: trusted, never signing. */
  readonly peerTrustAnchors?: readonly TrustedRoot[];
}

export class LinkerdMesh extends pulumi.ComponentResource {
  readonly releases: Readonly<Partial<Record<AddonPlan["id"], k8s.helm.v3.Release>>>;
  /** The token linked peers read this cluster with; only when the plan joins it to peers. */
  readonly remoteAccessToken?: k8s.core.v1.Secret;

  constructor(name: string, args: LinkerdMeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.linkerd, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    const { fleet, cluster } = args.values;
    const { controlPlane: ns, multicluster: mcNs } = args.namespaces;
    const addon = (id: AddonPlan["id"]) => args.addons.find((a) => a.id === id);
    // identityTrustAnchorsPEM may hold several anchors, as in Linkerd's trust anchor rotation
    // (linkerd.io/2/tasks/manually-rotating-control-plane-tls-credentials/: a bundle of the old and new
    // anchors): the cluster's own first, then its peers', so proxies verify identities from both.
    const peers = args.peerTrustAnchors ?? [];
    const anchors = peers.length ? pemBundle([args.trustAnchor.certPem, ...peers.map((p) => p.certPem)]) : args.trustAnchor.certPem;
    const chart = (a: AddonPlan, deps: (pulumi.Resource | undefined)[]) =>
      installChart(
        `${name}-chart-${a.id}`,
        a,
        chartValues(a, args.values, { linkerdTrustAnchorPem: anchors }),
        scope,
        deps.filter((d): d is pulumi.Resource => d !== undefined),
      );

    const issuer = intermediateCa(`${name}-ca-issuer`, args.trustAnchor, LINKERD_CA.intermediate(fleet, cluster.name, linkerdTrustDomain(cluster)), this);
    const secret = issuerSecret({ issuerCert: issuer.certPem, issuerKey: pulumi.secret(issuer.keyPem), trustAnchor: args.trustAnchor.certPem });
    const issuerResource = new k8s.core.v1.Secret(`${name}-secret-identity-issuer`, { ...secret, stringData: pulumi.secret(pulumi.all(secret.stringData)) }, kubeOpts(scope, [ns]));

    const crdsAddon = addon("linkerd-crds");
    const cpAddon = addon("linkerd-control-plane");
    const mcAddon = addon("linkerd-multicluster");
    const crds = crdsAddon && chart(crdsAddon, [ns]);
    const controlPlane = cpAddon && chart(cpAddon, [ns, crds, issuerResource]);
    // The multicluster extension's pods are meshed: the control plane (identity, injector) first.
    const multicluster = mcAddon && mcNs && chart(mcAddon, [mcNs, controlPlane]);
    this.releases = Object.fromEntries(
      ([["linkerd-crds", crds], ["linkerd-control-plane", controlPlane], ["linkerd-multicluster", multicluster]] as const).filter(([, r]) => r !== undefined),
    );
    if (multicluster && mcNs && cluster.meshPeers.length > 0) {
      this.remoteAccessToken = new k8s.core.v1.Secret(`${name}-secret-remote-access-token`, remoteAccessTokenSecret(), kubeOpts(scope, [mcNs, multicluster]));
    }
    this.registerOutputs({ releases: Object.keys(this.releases), trustAnchorPem: args.trustAnchor.certPem, trustAnchorsPem: anchors });
  }
}

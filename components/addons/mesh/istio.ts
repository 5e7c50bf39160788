// clusterfleet:addons:IstioMesh — one cluster of a multi-primary, multi-network Istio mesh: its
// intermediate CA (signed by its jurisdiction's root) in `cacerts` with the roots it trusts, the base,
// istiod and east-west gateway charts, the cross-network Gateway, mesh-wide STRICT mTLS, and the
// reader token its peers use.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddonPlan } from "../../../src/plan/types.ts";
import { TOKENS } from "../../tokens.ts";
import { required } from "../../provider-output.ts";
import { installChart } from "../helm.ts";
import { customResource, kubeOpts, type KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { ValuesContext } from "../values/context.ts";
import { intermediateCa, ISTIO_CA, pemBundle, type Signer, type TrustedRoot } from "./ca.ts";
import { cacertsSecret, crossNetworkGateway, meshMtlsStrict, readerTokenSecret } from "./istio-objects.ts";

export interface IstioMeshArgs {
  readonly values: ValuesContext;
  /** The cluster's Istio add-ons (some may be disabled by an override). */
  readonly addons: readonly AddonPlan[];
  readonly provider: k8s.Provider;
  /** istio-system, labelled with the cluster's network. */
  readonly namespace: k8s.core.v1.Namespace;
  /** The root CA of the cluster's jurisdiction: it signs the cluster's intermediate. */
  readonly root: Signer;
  /** Roots of the other jurisdictions the cluster is meshed with: trusted (root-cert.pem), never signing. */
  readonly peerRoots?: readonly TrustedRoot[];
}

export class IstioMesh extends pulumi.ComponentResource {
  readonly releases: Readonly<Partial<Record<AddonPlan["id"], k8s.helm.v3.Release>>>;
  /** The reader token peers discover this cluster's endpoints with; only when the plan joins it to peers. */
  readonly readerToken?: k8s.core.v1.Secret;
  /** What a remote secret in another cluster for this one waits on: the token and the reader RBAC. */
  readonly namespace: k8s.core.v1.Namespace;

  constructor(name: string, args: IstioMeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.istio, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    const { fleet, cluster } = args.values;
    const ns = args.namespace;
    const addon = (id: AddonPlan["id"]) => args.addons.find((a) => a.id === id);
    const chart = (a: AddonPlan, deps: (pulumi.Resource | undefined)[]) =>
      installChart(`${name}-chart-${a.id}`, a, chartValues(a, args.values), scope, deps.filter((d): d is pulumi.Resource => d !== undefined));

    // istiod reads cacerts once at start: the Secret exists before istiod does.
    const ca = intermediateCa(`${name}-ca-intermediate`, args.root, ISTIO_CA.intermediate(fleet, cluster.name), this);
    // root-cert.pem may hold several roots: the cluster's own first, then its peers' (Istio's
    // "Plug in CA Certificates" rotation task puts a combined root bundle there the same way).
    const peers = args.peerRoots ?? [];
    const certs = cacertsSecret({
      caCert: ca.certPem,
      caKey: pulumi.secret(ca.keyPem),
      rootCert: peers.length ? pemBundle([args.root.certPem, ...peers.map((p) => p.certPem)]) : args.root.certPem,
      certChain: pulumi
        .all([ca.certPem, args.root.certPem])
        .apply(([i, r]) => `${required(i, `the intermediate CA of ${cluster.name}: certPem`).trimEnd()}\n${required(r, "the jurisdiction's root CA: certPem").trimEnd()}\n`),
    });
    const cacerts = new k8s.core.v1.Secret(`${name}-secret-cacerts`, { ...certs, stringData: pulumi.secret(pulumi.all(certs.stringData)) }, kubeOpts(scope, [ns]));

    const baseAddon = addon("istio-base");
    const istiodAddon = addon("istiod");
    const gatewayAddon = addon("istio-eastwest-gateway");
    const base = baseAddon && chart(baseAddon, [ns]);
    const istiod = istiodAddon && chart(istiodAddon, [ns, cacerts, base]);
    // Gateway pods are injected by istiod's webhook: istiod first.
    const eastwest = gatewayAddon && chart(gatewayAddon, [ns, istiod]);
    this.releases = Object.fromEntries(
      ([["istio-base", base], ["istiod", istiod], ["istio-eastwest-gateway", eastwest]] as const).filter(([, r]) => r !== undefined),
    );

    // Custom resources wait for base (their CRDs) and istiod (the webhook that validates them).
    if (base && istiod) {
      customResource(`${name}-peerauthentication-default`, meshMtlsStrict(), scope, [base], [istiod]);
      if (eastwest) customResource(`${name}-gateway-cross-network`, crossNetworkGateway(), scope, [base], [istiod, eastwest]);
    }
    if (base && cluster.meshPeers.length > 0) {
      this.readerToken = new k8s.core.v1.Secret(`${name}-secret-reader-token`, readerTokenSecret(), kubeOpts(scope, [ns, base]));
    }
    this.namespace = ns;
    this.registerOutputs({ releases: Object.keys(this.releases), rootCertPem: args.root.certPem });
  }
}

// clusterfleet:addons:MeshIdentity — the fleet's mesh trust: Istio's root CA and Linkerd's trust
// anchor, one each for the fleet (only for meshes the plan uses). It lives under ClusterFleet, not
// under a cluster: every cluster's intermediate is signed by it, no cluster owns it.
import * as pulumi from "@pulumi/pulumi";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { TOKENS } from "../../tokens.ts";
import { ISTIO_CA, LINKERD_CA, rootCa, type Signer } from "./ca.ts";

export interface MeshIdentityArgs {
  readonly plan: FleetPlan;
}

export class MeshIdentity extends pulumi.ComponentResource {
  /** Signs every Istio cluster's intermediate (cacerts). */
  readonly istio?: Signer;
  /** Signs every Linkerd cluster's identity issuer. */
  readonly linkerd?: Signer;

  constructor(name: string, args: MeshIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.meshIdentity, name, {}, opts);
    const live = args.plan.clusters.filter((c) => c.action !== "destroy");
    const uses = (mesh: "istio" | "linkerd") => live.some((c) => c.mesh === mesh);
    if (uses("istio")) this.istio = rootCa(`${name}-istio-root`, ISTIO_CA.root(args.plan.fleet), this);
    if (uses("linkerd")) this.linkerd = rootCa(`${name}-linkerd-trust-anchor`, LINKERD_CA.root(args.plan.fleet), this);
    // Certificates only: keys never leave the state, and are secret there.
    this.registerOutputs({
      ...(this.istio ? { istioRootCertPem: this.istio.certPem } : {}),
      ...(this.linkerd ? { linkerdTrustAnchorPem: this.linkerd.certPem } : {}),
    });
  }
}

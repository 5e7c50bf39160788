// clusterfleet:addons:MeshIdentity — the fleet's mesh trust: one Istio root CA or Linkerd trust anchor
// per jurisdiction and mesh, as the plan lists them (FleetPlan.meshTrustRoots). It lives under
// ClusterFleet, not under a cluster: each root signs the intermediates of its jurisdiction's clusters,
// and is trusted by the clusters of the jurisdictions meshed with it; no cluster owns it.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { TOKENS } from "../../tokens.ts";
import { ISTIO_CA, LINKERD_CA, rootCa, type Signer, type TrustedRoot } from "./ca.ts";

export interface MeshIdentityArgs {
  readonly plan: FleetPlan;
  /**
   * Only these roots (plan `meshTrustRoots[].key`): a mesh-identity shard creates its jurisdiction's.
   * @default every root of the plan
   */
  readonly only?: readonly string[];
}

/** What one cluster's mesh is built with: the root that signs its CA, and the other roots it trusts. */
export interface ClusterTrust {
  readonly root: Signer;
  /** Roots of the other jurisdictions the cluster is meshed with, in plan order (never the cluster's own). */
  readonly peerRoots: readonly TrustedRoot[];
}

/** Where a cluster's add-ons get its mesh trust: the fleet's MeshIdentity, or in a cluster shard the mesh-identity shards' outputs. */
export interface MeshTrustSource {
  trustFor(c: ClusterPlan): ClusterTrust | undefined;
}

export class MeshIdentity extends pulumi.ComponentResource implements MeshTrustSource {
  /** Every root, by plan key (`<mesh>/<jurisdiction>`). */
  readonly roots: Readonly<Record<string, Signer>>;
  /** The Istio root when one jurisdiction runs Istio (the whole fleet's root in releases before per-jurisdiction trust). */
  readonly istio?: Signer;
  /** The Linkerd trust anchor when one jurisdiction runs Linkerd (as `istio`). */
  readonly linkerd?: Signer;

  constructor(name: string, args: MeshIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.meshIdentity, name, {}, opts);
    const { plan } = args;
    const untrusted = plan.clusters.filter((c) => c.action !== "destroy" && c.mesh !== "none" && !c.meshTrust);
    if (untrusted.length || (plan.clusters.some((c) => c.meshTrust) && !plan.meshTrustRoots)) {
      throw new pulumi.InputPropertiesError({
        message: `MeshIdentity "${name}": the plan has no mesh trust for ${untrusted.map((c) => `"${c.name}"`).join(", ") || "its roots"}: it was made by an older release; plan the fleet again`,
        errors: untrusted.length ? untrusted.map((c) => ({ propertyPath: `plan.clusters.${c.name}.meshTrust`, reason: "missing" })) : [{ propertyPath: "plan.meshTrustRoots", reason: "missing" }],
      });
    }
    const roots: Record<string, Signer> = {};
    for (const r of (plan.meshTrustRoots ?? []).filter((x) => !args.only || args.only.includes(x.key))) {
      roots[r.key] = rootCa(`${name}-${r.role}`, r.mesh === "istio" ? ISTIO_CA.root(plan.fleet, r) : LINKERD_CA.root(plan.fleet, r), this);
    }
    this.roots = roots;
    const only = (mesh: "istio" | "linkerd") => {
      const of = (plan.meshTrustRoots ?? []).filter((r) => r.mesh === mesh);
      return of.length === 1 ? roots[of[0]!.key] : undefined;
    };
    const istio = only("istio");
    const linkerd = only("linkerd");
    if (istio) this.istio = istio;
    if (linkerd) this.linkerd = linkerd;
    // Certificates only: keys never leave the state, and are secret there.
    this.registerOutputs({
      rootCertPems: Object.fromEntries(Object.entries(roots).map(([k, s]) => [k, s.certPem])),
      ...(istio ? { istioRootCertPem: istio.certPem } : {}),
      ...(linkerd ? { linkerdTrustAnchorPem: linkerd.certPem } : {}),
    });
  }

  /** The roots a cluster's mesh is built with; undefined when the cluster runs no mesh. */
  trustFor(c: ClusterPlan): ClusterTrust | undefined {
    const t = c.meshTrust;
    if (!t) return undefined;
    const signer = (key: string) => {
      const s = this.roots[key];
      if (!s) throw new Error(`cluster "${c.name}": meshTrust names root "${key}", which the plan's meshTrustRoots do not list`);
      return s;
    };
    return { root: signer(t.root), peerRoots: t.trustedRoots.filter((k) => k !== t.root).map(signer) };
  }
}

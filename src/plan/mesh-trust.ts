// Mesh trust per jurisdiction: each jurisdiction whose live clusters run a mesh gets its own root
// (Istio) or trust anchor (Linkerd) and its own SPIFFE trust domain, so an EU and a US workload's
// identities differ by more than their cluster. A cluster trusts its own jurisdiction's root plus the
// roots of the jurisdictions it is meshed with (the plan's mesh links, already limited to what both
// jurisdictions' mayPeerWith allow), and no other.
//
// Migration: a fleet deployed before this had ONE root per mesh, under the role `istio-root` /
// `linkerd-trust-anchor`, and the trust domain `cluster.local`. One jurisdiction keeps both (its
// clusters' certificates and identities do not change); the others get new roots. Which one is
// decided once, from the previous deployment, and kept in the observed state from then on.
import type { MeshKind } from "../spec/addons.ts";
import type { ObservedFleet } from "./observed.ts";
import type { ClusterMeshTrustPlan, MeshLinkPlan, MeshTrustRootPlan } from "./types.ts";

export type Mesh = Exclude<MeshKind, "none">;
type Node = { readonly name: string; readonly jurisdiction: string; readonly mesh: MeshKind; readonly action: string };

/** The trust domain every cluster had before trust was per jurisdiction (Istio's and Linkerd's default). */
export const LEGACY_TRUST_DOMAIN = "cluster.local";
/** The role (resource name part under MeshIdentity) of the fleet's single root of earlier releases. */
export const LEGACY_ROOT_ROLE: Readonly<Record<Mesh, string>> = { istio: "istio-root", linkerd: "linkerd-trust-anchor" };

/**
 * A jurisdiction's trust domain: `<jurisdiction>.<fleet>`. Both are lowercase DNS labels (the spec
 * refuses anything else), so the result is a valid SPIFFE trust domain (lowercase letters, digits,
 * dots and dashes: SPIFFE ID spec, section 2.1) and a valid DNS suffix, which Linkerd needs (its
 * identities are `<sa>.<ns>.serviceaccount.identity.<linkerd namespace>.<trust domain>`).
 */
export const trustDomainOf = (fleet: string, jurisdiction: string): string => `${jurisdiction}.${fleet}`;

export const rootKey = (mesh: Mesh, jurisdiction: string): string => `${mesh}/${jurisdiction}`;

export interface MeshTrust {
  readonly roots: readonly MeshTrustRootPlan[];
  readonly byCluster: ReadonlyMap<string, ClusterMeshTrustPlan>;
  /** Set when the root of the earlier single-root release would share its trust domain with a jurisdiction's. */
  readonly collision?: { readonly jurisdiction: string; readonly mesh: Mesh };
}

export function planMeshTrust(fleet: string, clusters: readonly Node[], links: readonly MeshLinkPlan[], observed: ObservedFleet | undefined): MeshTrust {
  const live = clusters.filter((c): c is Node & { mesh: Mesh } => c.action !== "destroy" && c.mesh !== "none");
  const legacy = legacyJurisdictions(live, observed);
  const roots: MeshTrustRootPlan[] = [];
  let collision: MeshTrust["collision"];
  for (const mesh of ["istio", "linkerd"] as const) {
    const jurisdictions = [...new Set(live.filter((c) => c.mesh === mesh).map((c) => c.jurisdiction))].sort();
    for (const j of jurisdictions) {
      const isLegacy = legacy[mesh] === j;
      const trustDomain = isLegacy ? LEGACY_TRUST_DOMAIN : trustDomainOf(fleet, j);
      if (!isLegacy && trustDomain === LEGACY_TRUST_DOMAIN && legacy[mesh] !== undefined) collision ??= { jurisdiction: j, mesh };
      roots.push({ key: rootKey(mesh, j), mesh, jurisdiction: j, trustDomain, role: isLegacy ? LEGACY_ROOT_ROLE[mesh] : `${LEGACY_ROOT_ROLE[mesh]}-${j}`, legacy: isLegacy });
    }
  }
  const rootOf = new Map(roots.map((r) => [r.key, r]));
  const jurisdictionOf = new Map(clusters.map((c) => [c.name, c.jurisdiction]));
  // Each cluster's links, indexed once: scanning every link per cluster made a 1,000-cluster plan
  // spend a tenth of its time here.
  const linksOf = new Map<string, MeshLinkPlan[]>();
  for (const l of links) for (const end of [l.from, l.to]) (linksOf.get(end) ?? linksOf.set(end, []).get(end)!).push(l);
  const byCluster = new Map<string, ClusterMeshTrustPlan>();
  for (const c of live) {
    const own = rootOf.get(rootKey(c.mesh, c.jurisdiction))!;
    const peerJurisdictions = [
      ...new Set(
        (linksOf.get(c.name) ?? [])
          .filter((l) => l.mesh === c.mesh)
          .map((l) => jurisdictionOf.get(l.from === c.name ? l.to : l.from)!)
          .filter((j) => j !== c.jurisdiction),
      ),
    ].sort();
    const peers = peerJurisdictions.map((j) => rootOf.get(rootKey(c.mesh, j))!);
    byCluster.set(c.name, {
      trustDomain: own.trustDomain,
      root: own.key,
      trustedRoots: [own.key, ...peers.map((p) => p.key)],
      peerTrustDomains: peers.map((p) => p.trustDomain),
    });
  }
  return { roots, byCluster, ...(collision ? { collision } : {}) };
}

/**
 * Which jurisdiction keeps the fleet's original root, per mesh. Recorded by an earlier run
 * (observed.meshTrust): kept while that jurisdiction still runs the mesh. Not recorded, but clusters
 * were deployed (a release with one root): the jurisdiction with the most of those clusters running
 * the mesh now (ties: name order), so the fewest clusters change identity. A fresh fleet: none.
 */
export function legacyJurisdictions(live: readonly (Node & { mesh: Mesh })[], observed: ObservedFleet | undefined): Partial<Record<Mesh, string>> {
  const out: Partial<Record<Mesh, string>> = {};
  for (const mesh of ["istio", "linkerd"] as const) {
    const running = live.filter((c) => c.mesh === mesh);
    if (observed?.meshTrust) {
      const kept = observed.meshTrust.legacyRoots?.[mesh];
      if (kept !== undefined && running.some((c) => c.jurisdiction === kept)) out[mesh] = kept;
      continue;
    }
    const deployed = running.filter((c) => observed?.clusters[c.name] !== undefined);
    const counts = new Map<string, number>();
    for (const c of deployed) counts.set(c.jurisdiction, (counts.get(c.jurisdiction) ?? 0) + 1);
    const [first] = [...counts].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1));
    if (first) out[mesh] = first[0];
  }
  return out;
}

/** What a deployment of these roots pins for the next run: which jurisdiction kept the original root. */
export function observedMeshTrust(roots: readonly MeshTrustRootPlan[]): NonNullable<ObservedFleet["meshTrust"]> {
  return { legacyRoots: Object.fromEntries(roots.filter((r) => r.legacy).map((r) => [r.mesh, r.jurisdiction])) };
}

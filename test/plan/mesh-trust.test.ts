// Mesh trust per jurisdiction (src/plan/mesh-trust.ts): each jurisdiction running a mesh gets its own
// root and trust domain; a cluster trusts exactly its own root and those of the jurisdictions it is
// meshed with; a fleet deployed with the single root of earlier releases keeps it for one jurisdiction.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { observedFromPlan, parseObserved, type ObservedFleet } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { NOW } from "../fixtures/fleets.ts";

const NETWORK = (i: number) => ({ cidr: `192.168.${i * 16}.0/20`, podCidr: `10.${100 + i}.0.0/16`, serviceCidr: `172.${20 + i}.0.0/22` });

/** Adopted clusters: eu-1, eu-2 (eu), us-1 (us), ap-1 (ap). eu and us may peer; ap peers with nobody. */
function fleet(o: { name?: string; mesh?: Record<string, string>; extra?: { name: string; jurisdiction: string }[]; retire?: string } = {}) {
  const site: Record<string, string> = { eu: "fra-dc1", us: "nyc-dc1", ap: "sin-dc1", aa: "ams-dc1", cluster: "bos-dc1" };
  const has = (j: string) => o.extra?.some((e) => e.jurisdiction === j) ?? false;
  const members = [
    { name: "eu-1", jurisdiction: "eu" },
    { name: "eu-2", jurisdiction: "eu" },
    { name: "us-1", jurisdiction: "us" },
    { name: "ap-1", jurisdiction: "ap" },
    ...(o.extra ?? []),
  ];
  return {
    name: o.name ?? "acme",
    jurisdictions: {
      eu: { sites: ["fra-dc1"], mayPeerWith: ["us"] },
      us: { sites: ["nyc-dc1"], mayPeerWith: has("cluster") ? ["eu", "cluster"] : ["eu"] },
      ap: { sites: ["sin-dc1"] },
      ...(has("aa") ? { aa: { sites: ["ams-dc1"] } } : {}),
      ...(has("cluster") ? { cluster: { sites: ["bos-dc1"], mayPeerWith: ["us"] } } : {}),
    },
    sites: {
      "fra-dc1": { country: "DE", zones: ["a", "b", "c"] },
      "nyc-dc1": { country: "US", zones: ["a", "b", "c"] },
      "sin-dc1": { country: "SG", zones: ["a", "b", "c"] },
      "ams-dc1": { country: "NL", zones: ["a", "b", "c"] },
      "bos-dc1": { country: "US", zones: ["a", "b", "c"] },
    },
    defaults: { kubernetesVersion: "1.35", mesh: "istio", observability: { metrics: false, logs: false } },
    peering: { topology: "mesh" },
    clusters: members.map((m, i) => ({
      name: m.name,
      provider: "existing",
      region: site[m.jurisdiction]!,
      jurisdiction: m.jurisdiction,
      environment: "staging",
      network: NETWORK(i),
      ...(o.mesh?.[m.name] ? { addons: { mesh: o.mesh[m.name] } } : {}),
      ...(o.retire === m.name ? { lifecycle: { state: "retired", decommissionAfter: "2026-01-01" } } : {}),
    })),
  };
}

function plan(spec: unknown, observed?: ObservedFleet, decommission?: string[]): FleetPlan {
  const p = planFleet(spec, defaultCatalog, observed, { now: NOW, ...(decommission ? { decommission } : {}) });
  if (p.problems) throw new Error(JSON.stringify(p.problems));
  return p;
}
const trustOf = (p: FleetPlan, cluster: string) => p.clusters.find((c) => c.name === cluster)!.meshTrust;
/** The SPIFFE ID spec (github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md, 2.1): lowercase letters, digits, dots, dashes, underscores. */
const SPIFFE_TRUST_DOMAIN = /^[a-z0-9._-]{1,255}$/;

describe("mesh trust per jurisdiction", () => {
  it("gives each jurisdiction running a mesh its own root and trust domain", () => {
    const p = plan(fleet());
    expect(p.meshTrustRoots).toEqual([
      { key: "istio/ap", mesh: "istio", jurisdiction: "ap", trustDomain: "ap.acme", role: "istio-root-ap", legacy: false },
      { key: "istio/eu", mesh: "istio", jurisdiction: "eu", trustDomain: "eu.acme", role: "istio-root-eu", legacy: false },
      { key: "istio/us", mesh: "istio", jurisdiction: "us", trustDomain: "us.acme", role: "istio-root-us", legacy: false },
    ]);
    for (const r of p.meshTrustRoots!) {
      expect(r.trustDomain).toMatch(SPIFFE_TRUST_DOMAIN);
      // A DNS name too: Linkerd's identities end with it.
      expect(r.trustDomain.split(".").every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))).toBe(true);
    }
  });

  it("has a cluster trust exactly its own root and the roots of the jurisdictions it is meshed with", () => {
    const p = plan(fleet());
    expect(p.meshLinks.map((l) => `${l.from}-${l.to}`).sort()).toEqual(["eu-1-eu-2", "eu-1-us-1", "eu-2-us-1"]);
    expect(trustOf(p, "eu-1")).toEqual({ trustDomain: "eu.acme", root: "istio/eu", trustedRoots: ["istio/eu", "istio/us"], peerTrustDomains: ["us.acme"] });
    expect(trustOf(p, "eu-2")).toEqual(trustOf(p, "eu-1"));
    expect(trustOf(p, "us-1")).toEqual({ trustDomain: "us.acme", root: "istio/us", trustedRoots: ["istio/us", "istio/eu"], peerTrustDomains: ["eu.acme"] });
    // ap may peer with nobody: its own root only, and no other jurisdiction trusts it.
    expect(trustOf(p, "ap-1")).toEqual({ trustDomain: "ap.acme", root: "istio/ap", trustedRoots: ["istio/ap"], peerTrustDomains: [] });
    for (const c of p.clusters.filter((x) => x.name !== "ap-1")) expect(c.meshTrust!.trustedRoots).not.toContain("istio/ap");
  });

  it("keeps meshes apart: a Linkerd cluster trusts no Istio root, and a jurisdiction gets one root per mesh it runs", () => {
    const p = plan(fleet({ mesh: { "eu-2": "linkerd", "us-1": "linkerd" } }));
    expect(p.meshTrustRoots!.map((r) => r.key)).toEqual(["istio/ap", "istio/eu", "linkerd/eu", "linkerd/us"]);
    expect(trustOf(p, "eu-2")).toEqual({ trustDomain: "eu.acme", root: "linkerd/eu", trustedRoots: ["linkerd/eu", "linkerd/us"], peerTrustDomains: ["us.acme"] });
    // eu-1 (Istio) is meshed with nobody now: eu-2 and us-1 run Linkerd.
    expect(trustOf(p, "eu-1")).toEqual({ trustDomain: "eu.acme", root: "istio/eu", trustedRoots: ["istio/eu"], peerTrustDomains: [] });
  });

  it("gives no root to a jurisdiction whose only cluster is destroyed in this run, and no trust to that cluster", () => {
    const p = plan(fleet({ retire: "ap-1" }), undefined, ["ap-1"]);
    expect(p.clusters.find((c) => c.name === "ap-1")!.action).toBe("destroy");
    expect(trustOf(p, "ap-1")).toBeUndefined();
    expect(p.meshTrustRoots!.map((r) => r.key)).toEqual(["istio/eu", "istio/us"]);
  });

  it("gives no trust to a cluster without a mesh, and no roots to a fleet without one", () => {
    const spec = fleet();
    spec.defaults.mesh = "none";
    const p = plan(spec);
    expect(p.meshTrustRoots).toEqual([]);
    expect(p.clusters.map((c) => c.meshTrust)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("refuses overrides of the trust domain or its aliases, naming the value", () => {
    const spec = fleet({ mesh: { "us-1": "linkerd" } });
    const clusters = spec.clusters as unknown as Record<string, unknown>[];
    clusters[0]!["addons"] = { overrides: { istiod: { values: { meshConfig: { trustDomain: "cluster.local", trustDomainAliases: ["ap.acme"], accessLogFile: "" } } } } };
    clusters[2]!["addons"] = { mesh: "linkerd", overrides: { "linkerd-control-plane": { values: { identityTrustDomain: "cluster.local" } }, "linkerd-multicluster": { values: { identityTrustDomain: "x" } } } };
    const p = planFleet(spec, defaultCatalog, undefined, { now: NOW });
    expect(p.problems?.map((i) => [i.path, i.code])).toEqual([
      ["clusters[0].addons.overrides.istiod.values.meshConfig.trustDomain", "addons/fleet-owned-value"],
      ["clusters[0].addons.overrides.istiod.values.meshConfig.trustDomainAliases", "addons/fleet-owned-value"],
      ["clusters[2].addons.overrides.linkerd-control-plane.values.identityTrustDomain", "addons/fleet-owned-value"],
      ["clusters[2].addons.overrides.linkerd-multicluster.values.identityTrustDomain", "addons/fleet-owned-value"],
    ]);
  });

  it("is the same plan for the same spec, in any cluster order", () => {
    const spec = fleet();
    const reversed = { ...spec, clusters: [...spec.clusters].reverse() };
    expect(JSON.stringify(plan(reversed).meshTrustRoots)).toBe(JSON.stringify(plan(spec).meshTrustRoots));
    expect(plan(reversed).clusters.map((c) => c.meshTrust)).toEqual(plan(spec).clusters.map((c) => c.meshTrust));
  });
});

describe("a fleet deployed with one root (releases before per-jurisdiction trust)", () => {
  // What such a deployment left: its clusters, and no meshTrust.
  const deployedBefore = (): ObservedFleet => {
    const o = observedFromPlan(plan(fleet())) as { clusters: ObservedFleet["clusters"] };
    return { clusters: o.clusters };
  };

  it("keeps the original root (role istio-root, trust domain cluster.local) for the jurisdiction with most deployed clusters", () => {
    const p = plan(fleet(), deployedBefore());
    expect(p.meshTrustRoots).toEqual([
      { key: "istio/ap", mesh: "istio", jurisdiction: "ap", trustDomain: "ap.acme", role: "istio-root-ap", legacy: false },
      { key: "istio/eu", mesh: "istio", jurisdiction: "eu", trustDomain: "cluster.local", role: "istio-root", legacy: true },
      { key: "istio/us", mesh: "istio", jurisdiction: "us", trustDomain: "us.acme", role: "istio-root-us", legacy: false },
    ]);
    expect(trustOf(p, "us-1")!.peerTrustDomains).toEqual(["cluster.local"]);
    expect(observedFromPlan(p).meshTrust).toEqual({ legacyRoots: { istio: "eu" } });
  });

  it("keeps that choice from then on: a jurisdiction added later never takes the original root", () => {
    const first = plan(fleet(), deployedBefore());
    const spec = fleet({ extra: [{ name: "aa-1", jurisdiction: "aa" }, { name: "aa-2", jurisdiction: "aa" }, { name: "aa-3", jurisdiction: "aa" }] });
    const next = plan(spec, observedFromPlan(first));
    expect(next.meshTrustRoots!.filter((r) => r.legacy).map((r) => r.key)).toEqual(["istio/eu"]);
    expect(next.meshTrustRoots!.find((r) => r.key === "istio/aa")).toMatchObject({ trustDomain: "aa.acme", role: "istio-root-aa" });
  });

  it("does not bring the original root back once recorded as gone, and a fresh fleet never has it", () => {
    expect(plan(fleet(), { clusters: deployedBefore().clusters, meshTrust: { legacyRoots: {} } }).meshTrustRoots!.some((r) => r.legacy)).toBe(false);
    expect(plan(fleet(), { clusters: {} }).meshTrustRoots!.some((r) => r.legacy)).toBe(false);
    expect(observedFromPlan(plan(fleet())).meshTrust).toEqual({ legacyRoots: {} });
  });

  it("refuses a jurisdiction whose trust domain would be the original root's, naming it", () => {
    const spec = fleet({ name: "local", extra: [{ name: "c-1", jurisdiction: "cluster" }] });
    const p = planFleet(spec, defaultCatalog, { clusters: { "eu-1": {}, "eu-2": {} } }, { now: NOW });
    expect(p.problems?.map((i) => [i.path, i.code])).toEqual([["jurisdictions.cluster", "mesh/trust-domain-taken"]]);
  });

  it("reads the recorded choice back, and names the field when it is not readable", () => {
    expect(parseObserved({ clusters: {}, meshTrust: { legacyRoots: { linkerd: "us" } } }).meshTrust).toEqual({ legacyRoots: { linkerd: "us" } });
    expect(() => parseObserved({ clusters: {}, meshTrust: { legacyRoots: { istio: 5 } } })).toThrow(/meshTrust\.legacyRoots\.istio/);
  });
});

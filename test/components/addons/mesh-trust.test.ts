// Mesh trust per jurisdiction, rendered: one root (Istio) or trust anchor (Linkerd) per jurisdiction;
// each cluster's CA signed by its own jurisdiction's root; its trust bundle (cacerts root-cert.pem,
// identityTrustAnchorsPEM) holding exactly its own root and those of the jurisdictions it is meshed
// with; the trust domains in the charts' values and in Linkerd's Links. The mocks' certificates name
// the resource they come from, so a bundle's content says which roots it holds.
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { ObservedFleet } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { renderAddons } from "../../fixtures/addon-fleet.ts";
import { kubeObjects, releases } from "../../fixtures/addons-run.ts";
import { chartValuesProblems } from "../../fixtures/charts.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ofType } from "../../fixtures/graph.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";

const CERT = "tls:index/selfSignedCert:SelfSignedCert";
const SIGNED = "tls:index/locallySignedCert:LocallySignedCert";
const CSR = "tls:index/certRequest:CertRequest";

/** Adopted clusters eu-1, eu-2 (eu), us-1 (us), ap-1 (ap); eu and us may peer, ap with nobody. */
function spec(mesh: "istio" | "linkerd") {
  const site = { eu: "fra-dc1", us: "nyc-dc1", ap: "sin-dc1" } as const;
  const members = [["eu-1", "eu"], ["eu-2", "eu"], ["us-1", "us"], ["ap-1", "ap"]] as const;
  return {
    name: "acme",
    jurisdictions: { eu: { sites: ["fra-dc1"], mayPeerWith: ["us"] }, us: { sites: ["nyc-dc1"], mayPeerWith: ["eu"] }, ap: { sites: ["sin-dc1"] } },
    sites: { "fra-dc1": { country: "DE", zones: ["a", "b", "c"] }, "nyc-dc1": { country: "US", zones: ["a", "b", "c"] }, "sin-dc1": { country: "SG", zones: ["a", "b", "c"] } },
    defaults: { kubernetesVersion: "1.35", mesh, observability: { metrics: false, logs: false } },
    peering: { topology: "mesh" },
    clusters: members.map(([name, j], i) => ({
      name,
      provider: "existing",
      region: site[j],
      jurisdiction: j,
      environment: "staging",
      network: { cidr: `192.168.${i * 16}.0/20`, podCidr: `10.${100 + i}.0.0/16`, serviceCidr: `172.${20 + i}.0.0/22` },
    })),
  };
}

function planOf(s: unknown, observed?: ObservedFleet): FleetPlan {
  const p = planFleet(s, defaultCatalog, observed, { now: NOW });
  if (p.problems) throw new Error(JSON.stringify(p.problems));
  return p;
}

/** Which roots a PEM bundle holds, by the jurisdiction in the root certificate's resource name. */
const rootsIn = (pem: string, role: string): string[] => [...pem.matchAll(new RegExp(`for acme-mesh-identity-${role}(?:-([a-z]+))?-cert\\n`, "g"))].map((m) => m[1] ?? "(original)");
const values = (run: MockRun, cluster: string, chart: string) => releases(run).find((r) => r.cluster === `acme-${cluster}` && r.chart === chart)!.values;

describe("Istio trust per jurisdiction", () => {
  let run: MockRun;
  beforeAll(async () => {
    run = await renderAddons(planOf(spec("istio")));
  });

  it("makes one root per jurisdiction, under the fleet's MeshIdentity, each with its own subject", () => {
    const identity = ofType(run, TOKENS.meshIdentity)[0]!;
    const roots = ofType(run, CERT);
    expect(roots.map((r) => r.name).sort()).toEqual(["acme-mesh-identity-istio-root-ap-cert", "acme-mesh-identity-istio-root-eu-cert", "acme-mesh-identity-istio-root-us-cert"]);
    for (const r of roots) expect(r.parentUrn).toBe(identity.urn);
    expect(roots.map((r) => (r.inputs["subject"] as { commonName: string }).commonName).sort()).toEqual(["acme ap mesh root CA", "acme eu mesh root CA", "acme us mesh root CA"]);
  });

  it("signs each cluster's intermediate with its own jurisdiction's root, and chains to that root only", () => {
    for (const [cluster, j] of [["eu-1", "eu"], ["eu-2", "eu"], ["us-1", "us"], ["ap-1", "ap"]] as const) {
      const intermediate = ofType(run, SIGNED).find((r) => r.name === `acme-${cluster}-addons-istio-ca-intermediate-cert`)!;
      expect(rootsIn(String(intermediate.inputs["caCertPem"]), "istio-root")).toEqual([j]);
      const cacerts = kubeObjects(run).find((o) => o.cluster === `acme-${cluster}` && o.object["metadata"]?.name === "cacerts")!;
      expect(rootsIn(cacerts.object["stringData"]["cert-chain.pem"], "istio-root")).toEqual([j]);
    }
  });

  it("puts in root-cert.pem exactly the cluster's own root and the roots of the jurisdictions it is meshed with", () => {
    const bundle = (cluster: string) => rootsIn(kubeObjects(run).find((o) => o.cluster === `acme-${cluster}` && o.object["metadata"]?.name === "cacerts")!.object["stringData"]["root-cert.pem"], "istio-root");
    expect(bundle("eu-1")).toEqual(["eu", "us"]);
    expect(bundle("eu-2")).toEqual(["eu", "us"]);
    expect(bundle("us-1")).toEqual(["us", "eu"]);
    expect(bundle("ap-1")).toEqual(["ap"]);
  });

  it("sets the jurisdiction's trust domain, and the meshed jurisdictions' as aliases, in istiod's values", () => {
    expect((values(run, "eu-1", "istiod")["meshConfig"] as Record<string, unknown>)).toMatchObject({ trustDomain: "eu.acme", trustDomainAliases: ["us.acme"] });
    expect((values(run, "us-1", "istiod")["meshConfig"] as Record<string, unknown>)).toMatchObject({ trustDomain: "us.acme", trustDomainAliases: ["eu.acme"] });
    expect((values(run, "ap-1", "istiod")["meshConfig"] as Record<string, unknown>)).toMatchObject({ trustDomain: "ap.acme", trustDomainAliases: [] });
    for (const c of ["eu-1", "us-1", "ap-1"]) expect(chartValuesProblems("istiod", values(run, c, "istiod"))).toEqual([]);
  });
});

describe("Linkerd trust per jurisdiction", () => {
  let run: MockRun;
  beforeAll(async () => {
    run = await renderAddons(planOf(spec("linkerd")));
  });

  it("makes one trust anchor per jurisdiction, named after its trust domain, and issuers named after theirs", () => {
    expect(ofType(run, CERT).map((r) => [r.name, (r.inputs["subject"] as { commonName: string }).commonName]).sort()).toEqual([
      ["acme-mesh-identity-linkerd-trust-anchor-ap-cert", "root.linkerd.ap.acme"],
      ["acme-mesh-identity-linkerd-trust-anchor-eu-cert", "root.linkerd.eu.acme"],
      ["acme-mesh-identity-linkerd-trust-anchor-us-cert", "root.linkerd.us.acme"],
    ]);
    const csr = ofType(run, CSR).find((r) => r.name === "acme-us-1-addons-linkerd-ca-issuer-csr")!;
    expect((csr.inputs["subject"] as { commonName: string }).commonName).toBe("identity.linkerd.us.acme");
    const issuer = ofType(run, SIGNED).find((r) => r.name === "acme-us-1-addons-linkerd-ca-issuer-cert")!;
    expect(rootsIn(String(issuer.inputs["caCertPem"]), "linkerd-trust-anchor")).toEqual(["us"]);
  });

  it("holds in identityTrustAnchorsPEM exactly the own anchor and the meshed jurisdictions', with the own trust domain", () => {
    const cp = (c: string) => values(run, c, "linkerd-control-plane");
    expect(rootsIn(String(cp("eu-1")["identityTrustAnchorsPEM"]), "linkerd-trust-anchor")).toEqual(["eu", "us"]);
    expect(rootsIn(String(cp("us-1")["identityTrustAnchorsPEM"]), "linkerd-trust-anchor")).toEqual(["us", "eu"]);
    expect(rootsIn(String(cp("ap-1")["identityTrustAnchorsPEM"]), "linkerd-trust-anchor")).toEqual(["ap"]);
    expect(cp("eu-1")["identityTrustDomain"]).toBe("eu.acme");
    expect(values(run, "us-1", "linkerd-multicluster")["identityTrustDomain"]).toBe("us.acme");
    for (const c of ["eu-1", "us-1", "ap-1"]) expect(chartValuesProblems("linkerd-control-plane", cp(c))).toEqual([]);
  });

  it("links a cluster to a peer of another jurisdiction under the peer's trust domain", () => {
    const objects = kubeObjects(run);
    const link = objects.find((o) => o.cluster === "acme-eu-1" && o.object["kind"] === "Link" && o.object["metadata"].name === "us-1")!;
    expect(link.object["spec"].gatewayIdentity).toBe("linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.us.acme");
    expect(objectProblems(link.object)).toEqual([]);
    const sameJurisdiction = objects.find((o) => o.cluster === "acme-eu-1" && o.object["kind"] === "Link" && o.object["metadata"].name === "eu-2")!;
    expect(sameJurisdiction.object["spec"].gatewayIdentity).toBe("linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.eu.acme");
    const discovery = objects.find((o) => o.cluster === "acme-us-1" && o.object["metadata"]?.name === "cluster-credentials-eu-1" && o.object["metadata"].namespace === "linkerd")!;
    expect(discovery.object["metadata"].annotations["multicluster.linkerd.io/trust-domain"]).toBe("eu.acme");
  });
});

describe("a fleet deployed with one root, after the upgrade", () => {
  it("keeps the original root's resources and subject for one jurisdiction, and trust domain cluster.local there", async () => {
    const before = planOf(spec("istio"));
    // What a release with one root left: every cluster, and no record of mesh trust.
    const observed: ObservedFleet = { clusters: Object.fromEntries(before.clusters.map((c) => [c.name, {}])) };
    const run = await renderAddons(planOf(spec("istio"), observed));
    const roots = ofType(run, CERT);
    // The name the single root always had: Pulumi keeps the resource (same key, same certificate).
    const original = roots.find((r) => r.name === "acme-mesh-identity-istio-root-cert")!;
    expect((original.inputs["subject"] as { commonName: string }).commonName).toBe("acme mesh root CA");
    expect(ofType(run, "tls:index/privateKey:PrivateKey").map((r) => r.name)).toContain("acme-mesh-identity-istio-root-key");
    expect(roots.map((r) => r.name).sort()).toEqual(["acme-mesh-identity-istio-root-ap-cert", "acme-mesh-identity-istio-root-cert", "acme-mesh-identity-istio-root-us-cert"]);
    expect((values(run, "eu-1", "istiod")["meshConfig"] as Record<string, unknown>)).toMatchObject({ trustDomain: "cluster.local", trustDomainAliases: ["us.acme"] });
    const cacerts = kubeObjects(run).find((o) => o.cluster === "acme-us-1" && o.object["metadata"]?.name === "cacerts")!;
    expect(rootsIn(cacerts.object["stringData"]["root-cert.pem"], "istio-root")).toEqual(["us", "(original)"]);
  });
});

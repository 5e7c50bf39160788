// The shipped stacks' add-ons, rendered by the real program under mocks, on the real EKS, GKE, AKS
// and kubeadm components (no stand-ins): exactly the charts
// the plan names at their pinned versions, remote secrets only for connected pairs, secrets kept
// secret, CRDs before every custom resource, every object and every values set valid.
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { computedState } from "../../../src/preview/mock-state.ts";
import { plainStringsIn } from "../../../src/preview/wire-values.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import type { AddonId } from "../../../src/spec/addons.ts";
import { planStack } from "../../fixtures/addon-fleet.ts";
import { runStack } from "../../fixtures/run-stack.ts";
import { isCustomResource, isPatch, kubeObjects, releases, RELEASE, type ObjectView } from "../../fixtures/addons-run.ts";
import { chartValuesProblems } from "../../fixtures/charts.ts";
import { byUrn, clusterOf, crossClusterDependencies, exposedKubeconfigs, ofType } from "../../fixtures/graph.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";

/** Which chart installs the CRD of each API group ClusterFleet creates objects in. */
const CRD_CHART: Record<string, string> = {
  "networking.istio.io": "base",
  "security.istio.io": "base",
  "templates.gatekeeper.sh": "gatekeeper",
  "constraints.gatekeeper.sh": "gatekeeper",
  "policies.kyverno.io": "kyverno",
  "multicluster.linkerd.io": "linkerd-multicluster",
  "external-secrets.io": "external-secrets",
};

describe.each(["prod-eu", "global"] as const)("stack %s, every cluster with a provider", (stack) => {
  let plan: FleetPlan;
  let run: MockRun;
  const fleetOf = (c: string) => `${plan.fleet}-${c}`;
  beforeAll(async () => {
    plan = planStack(stack);
    run = await runStack(stack);
  });

  it("installs on each cluster exactly the add-ons its plan names, at the pinned chart versions, on its own provider", () => {
    const got = releases(run);
    for (const c of plan.clusters.filter((x) => x.action !== "destroy")) {
      const mine = got.filter((r) => r.cluster === fleetOf(c.name));
      expect(mine.map((r) => [r.chart, r.version, r.repository, r.namespace]).sort(), c.name).toEqual(c.addons.map((a) => [a.chart, a.version, a.repository, a.namespace]).sort());
      for (const r of mine) expect(clusterOf(run, r.resource)?.name, `${r.name} is under its own cluster`).toBe(fleetOf(c.name));
    }
    expect(got.every((r) => r.cluster !== "?")).toBe(true);
    expect(plan.clusters.filter((c) => c.action === "destroy").every((c) => !got.some((r) => r.cluster === fleetOf(c.name)))).toBe(true);
  });

  it("creates Istio remote secrets for the connected pairs only, both ways (EU clusters never for a non-EU one)", () => {
    const remote = kubeObjects(run).filter((o) => o.object["metadata"]?.labels?.["istio/multiCluster"] === "true");
    const got = remote.map((o) => `${o.cluster} reads ${o.object["metadata"].annotations["networking.istio.io/cluster"]}`).sort();
    const want = plan.meshLinks.flatMap((l) => [`${fleetOf(l.from)} reads ${l.to}`, `${fleetOf(l.to)} reads ${l.from}`]).sort();
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(0);
    const jurisdiction = new Map(plan.clusters.map((c) => [fleetOf(c.name), c.jurisdiction]));
    const named = new Map(plan.clusters.map((c) => [c.name, c.jurisdiction]));
    for (const o of remote) {
      const target = o.object["metadata"].annotations["networking.istio.io/cluster"] as string;
      if (jurisdiction.get(o.cluster) === "eu" || named.get(target) === "eu") expect([jurisdiction.get(o.cluster), named.get(target)]).toEqual(["eu", "eu"]);
      // The remote secret belongs to the pair: under the fleet's MeshLinks, not under either cluster.
      expect(clusterOf(run, o.resource)).toBeUndefined();
      expect(byUrn(run).get(o.resource.parentUrn!)?.type).toBe(TOKENS.meshLinks);
    }
  });

  it("keeps every CA key, token and kubeconfig secret, in every input and output", () => {
    const everywhere = [...run.resources.map((r) => r.inputs), run.outputs, ...run.componentOutputs.values()];
    const plain = everywhere.flatMap((v) => plainStringsIn(v));
    expect(plain.filter((s) => /PRIVATE KEY/.test(s))).toEqual([]);
    expect(plain.filter((s) => /placeholder-token-for|cGxhY2Vob2xkZXItdG9rZW4tZm9y|admin-token-of/.test(s))).toEqual([]);
    const passwords = generatedPasswords(run);
    expect(passwords.length).toBeGreaterThan(0);
    expect(plain.filter((s) => passwords.some((p) => s.includes(p)))).toEqual([]);
    expect(exposedKubeconfigs(run)).toEqual([]);
    // And the keys are there, as secrets: one root per jurisdiction running Istio, one intermediate per Istio cluster.
    const keys = ofType(run, "tls:index/privateKey:PrivateKey");
    const istio = plan.clusters.filter((c) => c.action !== "destroy" && c.mesh === "istio");
    expect(plan.meshTrustRoots!.map((r) => r.key)).toEqual([...new Set(istio.map((c) => `istio/${c.jurisdiction}`))].sort());
    expect(keys).toHaveLength(plan.meshTrustRoots!.length + istio.length);
    for (const cert of ofType(run, "tls:index/locallySignedCert:LocallySignedCert")) expect(plainStringsIn(cert.inputs["caPrivateKeyPem"])).toEqual([]);
  });

  it("creates no custom resource without a dependency on the release that installs its CRD, in the same cluster", () => {
    const rels = releases(run);
    const crs = kubeObjects(run).filter(isCustomResource);
    expect(crs.length).toBeGreaterThan(0);
    for (const cr of crs) {
      const group = String(cr.object["apiVersion"]).split("/")[0]!;
      const chart = CRD_CHART[group];
      expect(chart, `${group} has a known CRD chart`).toBeDefined();
      const owner = rels.find((r) => r.chart === chart && r.cluster === cr.cluster);
      expect(owner, `${cr.resource.name}: ${chart} release in ${cr.cluster}`).toBeDefined();
      expect(cr.resource.dependsOnUrns, cr.resource.name).toContain(owner!.resource.urn);
    }
  });

  it("constrains with a template only once the template exists", () => {
    const objects = kubeObjects(run);
    for (const c of objects.filter((o) => o.object["apiVersion"] === "constraints.gatekeeper.sh/v1beta1")) {
      const template = objects.find((t) => t.cluster === c.cluster && t.object["kind"] === "ConstraintTemplate" && t.object["spec"].crd.spec.names.kind === c.object["kind"]);
      expect(c.resource.dependsOnUrns).toContain(template!.resource.urn);
    }
  });

  it("emits only objects that pass their schemas", () => {
    const objects = kubeObjects(run);
    const templatesIn = (cluster: string) => objects.filter((t) => t.cluster === cluster && t.object["kind"] === "ConstraintTemplate").map((t) => t.object);
    const problems = objects.filter((o) => !isPatch(o)).flatMap((o: ObjectView) => objectProblems(o.object, templatesIn(o.cluster)).map((p) => `${o.resource.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("installs every chart with values that pass the chart's own schema or values.yaml", () => {
    const byChart = new Map(plan.clusters.flatMap((c) => c.addons.map((a) => [a.chart, a.id] as const)));
    const problems = releases(run).flatMap((r) => chartValuesProblems(byChart.get(r.chart) as AddonId, r.values).map((p) => `${r.cluster} ${r.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("enforces the baseline with deny in prod and warn elsewhere", () => {
    const env = new Map(plan.clusters.map((c) => [fleetOf(c.name), c.environment]));
    const objects = kubeObjects(run);
    // The baseline's five rules; the sovereignty rules are checked in test/components/sovereignty.
    const sovereignty = ["clusterfleet-pinned-storage-classes", "clusterfleet-fleet-secret-store-only", "clusterfleet-in-cluster-generators-only"];
    const policies = objects.filter((o) => (o.object["kind"] === "ValidatingPolicy" || o.object["apiVersion"] === "constraints.gatekeeper.sh/v1beta1") && !sovereignty.includes(o.object["metadata"].name));
    expect(policies).toHaveLength(5 * plan.clusters.filter((c) => c.action !== "destroy" && c.policy !== "none").length);
    for (const p of policies) {
      const prod = env.get(p.cluster) === "prod";
      if (p.object["kind"] === "ValidatingPolicy") expect(p.object["spec"].validationActions, p.resource.name).toEqual(prod ? ["Deny"] : ["Warn", "Audit"]);
      else expect(p.object["spec"].enforcementAction, p.resource.name).toBe(prod ? "deny" : "warn");
    }
  });

  it("gives the hub's Grafana, and only it, a generated admin password, kept secret", () => {
    const admin = kubeObjects(run).filter((o) => o.object["metadata"]?.name === "grafana-admin");
    expect(admin.map((o) => o.cluster)).toEqual([`${plan.fleet}-${plan.clusters.find((c) => c.observability.grafana)!.name}`]);
    expect(admin[0]!.object["stringData"]).toEqual({ "admin-user": "admin", "admin-password": expect.any(String) });
    expect(generatedPasswords(run)).toContain(admin[0]!.object["stringData"]["admin-password"]);
    expect(plainStringsIn(admin[0]!.resource.inputs["stringData"])).toEqual([]);
    const hubRelease = releases(run).find((r) => r.chart === "kube-prometheus-stack" && r.cluster === admin[0]!.cluster)!;
    expect(hubRelease.resource.dependsOnUrns).toContain(admin[0]!.resource.urn);
    expect(hubRelease.values["grafana"]).toEqual({ enabled: true, admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } });
  });

  it("never makes one cluster's resources wait on another's", () => {
    expect(crossClusterDependencies(run)).toEqual([]);
  });

  it("installs independent add-ons in parallel: observability, policy and platform charts wait only for their namespace (and their own secret or bucket)", () => {
    const parallel = ["kube-prometheus-stack", "loki", "opentelemetry-collector", "gatekeeper", "kyverno", "external-secrets"];
    const urns = byUrn(run);
    const hub = `${plan.fleet}-${plan.clusters.find((c) => c.observability.grafana)!.name}`;
    for (const r of releases(run).filter((x) => parallel.includes(x.chart))) {
      const deps = r.resource.dependsOnUrns.map((u) => urns.get(u)!);
      const own = (d: (typeof deps)[number]) =>
        // Loki's own log store and identity, in its own cluster: bucket (or container), role or service account.
        (r.chart === "loki" && !d.type.startsWith("kubernetes:") && clusterOf(run, d)?.name === r.cluster && /-(logs|loki)(-|$)/.test(d.name)) ||
        (r.chart === "kube-prometheus-stack" && r.cluster === hub && d.type === "kubernetes:core/v1:Secret" && d.inputs["metadata"] !== undefined) ||
        // Charts that claim volumes wait for the pinned classes (volume-ordering.test.ts).
        (["kube-prometheus-stack", "loki"].includes(r.chart) && d.type.startsWith("kubernetes:storage.k8s.io/v1:StorageClass"));
      expect(deps.filter((d) => !own(d)).map((d) => d.type), `${r.cluster} ${r.name}`).toEqual(["kubernetes:core/v1:Namespace"]);
    }
    const rel = ofType(run, RELEASE);
    expect(rel.length).toBe(releases(run).length);
  });
});

/** What the mocked random provider generated for each RandomPassword of the run. */
function generatedPasswords(run: MockRun): string[] {
  const generate = computedState["random:index/randomPassword:RandomPassword"]!;
  return ofType(run, "random:index/randomPassword:RandomPassword").map((r) => String(generate(r.name, r.inputs)["result"]));
}

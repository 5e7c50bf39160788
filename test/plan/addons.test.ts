// What the planner decides about add-ons, as data: which charts, enforcement per environment,
// registries, exemptions, where logs are stored, which clusters share a mesh, and how values merge.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { fleetOwnedValuesIn, mergeValues } from "../../src/plan/values.ts";
import { baseFleet, NOW, stackFile } from "../fixtures/fleets.ts";

const plan = (spec: unknown) => planFleet(spec, defaultCatalog, undefined, { now: NOW });
const cluster = (p: ReturnType<typeof plan>, name: string) => p.clusters.find((c) => c.name === name)!;

describe("add-on choice", () => {
  it("names the mesh, policy and observability charts with the catalog's pinned versions", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, mesh: "istio", policy: "gatekeeper", observability: { metrics: true, logs: true, traces: true } };
    const c = cluster(plan(spec), "eu-aws");
    expect(c.addons.map((a) => [a.id, a.chart, a.version])).toEqual([
      ["istio-base", "base", "1.30.3"],
      ["istiod", "istiod", "1.30.3"],
      ["istio-eastwest-gateway", "gateway", "1.30.3"],
      ["gatekeeper", "gatekeeper", "3.23.0"],
      ["kube-prometheus-stack", "kube-prometheus-stack", "88.5.3"],
      ["loki", "loki", "18.11.0"],
      ["opentelemetry-collector", "opentelemetry-collector", "0.170.0"],
      ["external-secrets", "external-secrets", "2.9.0"],
    ]);
  });

  it("applies per-cluster overrides: disable, version pin, extra values", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, mesh: "linkerd", policy: "kyverno" };
    spec.clusters[0].addons = {
      overrides: {
        loki: { enabled: false },
        kyverno: { version: "3.8.2", values: { admissionController: { replicas: 5 } } },
        velero: { enabled: true },
      },
    };
    const c = cluster(plan(spec), "eu-aws");
    expect(c.addons.map((a) => a.id)).not.toContain("loki");
    expect(c.addons.find((a) => a.id === "kyverno")).toMatchObject({ version: "3.8.2", values: { admissionController: { replicas: 5 } } });
    expect(c.addons.map((a) => a.id)).toContain("velero");
    expect(cluster(plan(spec), "eu-gcp").addons.find((a) => a.id === "kyverno")?.version).toBe("3.9.0");
  });

  it("refuses an override of a value that joins the cluster to the fleet or keeps its data in region", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, mesh: "istio" };
    spec.clusters[0].addons = {
      overrides: {
        istiod: { values: { global: { meshID: "other", logAsJson: true } } },
        "kube-prometheus-stack": { values: { prometheus: { prometheusSpec: { remoteWrite: [{ url: "https://elsewhere.example/write" }] } } } },
        loki: { values: { loki: { storage: { s3: { region: "us-east-1" } } } } },
      },
    };
    const p = plan(spec);
    expect(p.problems?.map((i) => [i.path, i.code])).toEqual([
      ["clusters[0].addons.overrides.istiod.values.global.meshID", "addons/fleet-owned-value"],
      ["clusters[0].addons.overrides.kube-prometheus-stack.values.prometheus.prometheusSpec.remoteWrite", "addons/fleet-owned-value"],
      ["clusters[0].addons.overrides.loki.values.loki.storage", "addons/fleet-owned-value"],
    ]);
    expect(p.problems![0]!.message).toMatch(/mesh ID/);
  });
});

describe("baseline policy", () => {
  const spec = () => {
    const s = baseFleet();
    s.defaults = { ...s.defaults, mesh: "istio", policy: "kyverno", allowedRegistries: ["registry.acme.example/", "ghcr.io/acme/"] };
    s.clusters[1].environment = "staging";
    s.clusters[1].addons = { policy: "gatekeeper", allowedRegistries: ["registry.eu.acme.example/"] };
    return s;
  };

  it.each([
    ["eu-aws", "prod", "deny"],
    ["eu-gcp", "staging", "warn"],
  ])("%s (%s) enforces with %s", (name, _env, enforcement) => {
    expect(cluster(plan(spec()), name).policyBaseline?.enforcement).toBe(enforcement);
  });

  it("allows the spec's registries plus the mesh's proxy registry, per cluster when the cluster says so", () => {
    const p = plan(spec());
    expect(cluster(p, "eu-aws").policyBaseline).toMatchObject({ engine: "kyverno", allowedRegistries: ["registry.acme.example/", "ghcr.io/acme/", "docker.io/istio/"] });
    expect(cluster(p, "eu-gcp").policyBaseline).toMatchObject({ engine: "gatekeeper", allowedRegistries: ["registry.eu.acme.example/", "docker.io/istio/"] });
  });

  it("defaults to registry.k8s.io only, requires a team label, and exempts Kubernetes' and the add-ons' namespaces", () => {
    const s = baseFleet();
    s.defaults = { ...s.defaults, policy: "gatekeeper" };
    const b = cluster(plan(s), "eu-aws").policyBaseline!;
    expect(b.allowedRegistries).toEqual(["registry.k8s.io/"]);
    expect(b.requiredNamespaceLabels).toEqual(["team"]);
    expect(b.exemptNamespaces).toEqual(["kube-system", "kube-public", "kube-node-lease", "amazon-cloudwatch", "amazon-guardduty", "gatekeeper-system", "monitoring", "loki", "external-secrets"]);
  });

  // GKE turns on Managed Service for Prometheus by default from 1.27: its gmp-system namespace (no team
  // label) and collectors (gke.gcr.io images) would be denied by a prod baseline on every new node.
  it("exempts the namespaces the provider creates for its own agents, from the pod rules and the label rule", () => {
    const s = baseFleet();
    s.defaults = { ...s.defaults, policy: "kyverno" };
    const p = plan(s);
    const gke = cluster(p, "eu-gcp").policyBaseline!;
    expect(gke.providerNamespaces).toEqual(["gmp-public", "gmp-system"]);
    expect(gke.exemptNamespaces).toEqual(expect.arrayContaining(["gmp-public", "gmp-system"]));
    expect(cluster(p, "eu-dc").policyBaseline!.providerNamespaces).toEqual([]);
  });

  it("is absent without a policy engine", () => {
    expect(cluster(plan(baseFleet()), "eu-aws").policyBaseline).toBeUndefined();
  });

  it.each([["registry.example.com"], ["nginx"], ["https://registry.example.com/"], ["Registry.Example.com/"]])("refuses the registry %j", (registry) => {
    const s = baseFleet();
    s.defaults = { ...s.defaults, allowedRegistries: [registry] };
    expect(plan(s).problems?.[0]).toMatchObject({ path: "defaults.allowedRegistries[0]" });
  });
});

describe("observability facts", () => {
  it("labels metrics with fleet, cluster, region, jurisdiction and provider, and stores logs in the cluster's own region", () => {
    const p = plan(baseFleet());
    const rows = p.clusters.map((c) => [c.name, c.observability.externalLabels, c.observability.logStore]);
    expect(rows).toEqual([
      ["eu-aws", { fleet: "acme", cluster: "eu-aws", region: "eu-central-1", jurisdiction: "eu", provider: "aws" }, { kind: "s3", region: "eu-central-1", bucket: expect.stringMatching(/^acme-eu-aws-logs-[a-z0-9]{6}$/), retentionDays: 30, bucketExpiryDays: 37 }],
      ["eu-dc", { fleet: "acme", cluster: "eu-dc", region: "fra-dc1", jurisdiction: "eu", provider: "kubeadm" }, { kind: "filesystem", region: "fra-dc1", retentionDays: 30 }],
      ["eu-gcp", { fleet: "acme", cluster: "eu-gcp", region: "europe-west3", jurisdiction: "eu", provider: "gcp" }, { kind: "gcs", region: "europe-west3", bucket: expect.stringMatching(/^acme-eu-gcp-logs-[a-z0-9]{6}$/), retentionDays: 30, bucketExpiryDays: 37 }],
      ["us-aws", { fleet: "acme", cluster: "us-aws", region: "us-east-1", jurisdiction: "us", provider: "aws" }, { kind: "s3", region: "us-east-1", bucket: expect.stringMatching(/^acme-us-aws-logs-/), retentionDays: 30, bucketExpiryDays: 37 }],
    ]);
  });

  it("fits Azure storage account names to 24 lowercase letters and digits, the same on every run", () => {
    const p = plan(stackFile("global").spec);
    const azure = p.clusters.filter((c) => c.provider === "azure").map((c) => c.observability.logStore!);
    for (const s of azure) expect(s).toMatchObject({ kind: "azure-blob", bucket: "loki", account: expect.stringMatching(/^[a-z][a-z0-9]{2,23}$/) });
    expect(new Set(azure.map((s) => s.account)).size).toBe(azure.length);
    expect(plan(stackFile("global").spec).clusters.map((c) => c.observability.logStore)).toEqual(p.clusters.map((c) => c.observability.logStore));
  });

  it("plans no log store without logs, and remote write only where the spec names an endpoint", () => {
    const s = baseFleet();
    s.clusters[0].addons = { observability: { logs: false } };
    const p = plan(s);
    expect(cluster(p, "eu-aws").observability.logStore).toBeUndefined();
    expect(cluster(p, "eu-aws").observability.remoteWriteUrl).toBeUndefined();
    expect(cluster(plan(stackFile("prod-eu").spec), "eu-aws-fra").observability.remoteWriteUrl).toBe("https://metrics.eu.acme.example/api/v1/write");
  });
});

describe("mesh links", () => {
  it("join exactly the connected pairs whose clusters run the same mesh (global: the EU only among itself)", () => {
    const p = plan(stackFile("global").spec);
    const byName = new Map(p.clusters.map((c) => [c.name, c]));
    // Every link with discovery; the drained (retired) cluster's link carries none.
    expect(p.meshLinks.map((l) => [l.from, l.to])).toEqual(p.peerings.filter((x) => x.discovery).map((x) => [x.from, x.to]));
    expect(p.peerings.filter((x) => !x.discovery).map((x) => [x.from, x.to])).toEqual([["us-aws-iad", "us-aws-pdx-legacy"]]);
    for (const l of p.meshLinks) {
      const ja = byName.get(l.from)!.jurisdiction;
      const jb = byName.get(l.to)!.jurisdiction;
      if (ja === "eu" || jb === "eu") expect([ja, jb]).toEqual(["eu", "eu"]);
    }
    expect(byName.get("eu-aws-fra")!.meshPeers).toEqual(["eu-aws-dub-dev", "eu-azure-ams", "eu-gcp-bru"]);
    expect(byName.get("us-aws-pdx-legacy")!.meshPeers).toEqual([]);
    expect(byName.get("us-aws-iad")!.meshPeers).not.toContain("us-aws-pdx-legacy");
  });

  it("leave out a pair whose clusters run different meshes or none", () => {
    const s = baseFleet();
    s.defaults = { ...s.defaults, mesh: "istio" };
    s.clusters[1].addons = { mesh: "linkerd" };
    s.clusters[2].addons = { mesh: "none" };
    const p = plan(s);
    expect(p.peerings.map((x) => `${x.from}-${x.to}`)).toEqual(["eu-aws-eu-dc", "eu-aws-eu-gcp", "eu-dc-eu-gcp"]);
    expect(p.meshLinks).toEqual([]);
  });
});

describe("values", () => {
  it.each([
    [{ a: 1, m: { x: 1, y: 2 } }, { m: { y: 3, z: 4 } }, { a: 1, m: { x: 1, y: 3, z: 4 } }],
    [{ list: [1, 2] }, { list: [3] }, { list: [3] }],
    [{ a: 1, m: { x: 1 } }, { m: null }, { a: 1 }],
    [{ m: { x: 1 } }, { m: "scalar" }, { m: "scalar" }],
    [{ a: 1 }, undefined, { a: 1 }],
  ])("merge %j with %j → %j", (base, override, want) => {
    expect(mergeValues(base, override as Record<string, unknown> | undefined)).toEqual(want);
    expect(base).toEqual(JSON.parse(JSON.stringify(base))); // untouched
  });

  it("find fleet-owned paths set under a map, not siblings of them", () => {
    expect(fleetOwnedValuesIn("istiod", { global: { logAsJson: true } })).toEqual([]);
    expect(fleetOwnedValuesIn("istiod", { global: { multiCluster: { clusterName: "x" } } }).map((o) => o.path)).toEqual(["global.multiCluster.clusterName"]);
  });
});


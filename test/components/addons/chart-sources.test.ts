// Where charts come from: the official repositories by default, or the fleet's mirror (an OCI
// registry, a Helm repository, a folder of packaged charts) with a per-add-on source over it, at
// the same pinned versions; and the Helm release names the chart the way Helm resolves each form
// (helm.sh/docs/topics/registries/: oci://<registry>/<path>/<chart> with --version; a local
// <chart>-<version>.tgz by its path, pulumi-kubernetes helm_release.go locateChart).
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { releaseChart } from "../../../src/plan/chart-source.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";
import { renderAddons } from "../../fixtures/addon-fleet.ts";
import { RELEASE } from "../../fixtures/addons-run.ts";

const plan = (spec: unknown) => planFleet(spec, defaultCatalog, undefined, { now: NOW });
const withCharts = (charts: unknown) => {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, mesh: "istio", policy: "kyverno", charts } as never;
  return plan(spec);
};

describe("chart sources", () => {
  it("default to each chart's official repository (unchanged)", () => {
    const c = withCharts(undefined).clusters.find((x) => x.name === "eu-aws")!;
    for (const a of c.addons) expect([a.repository, a.source], a.id).toEqual([defaultCatalog.charts[a.id].repository, "helm-repository"]);
    const loki = c.addons.find((a) => a.id === "loki")!;
    expect(releaseChart(loki)).toEqual({ chart: "loki", version: "18.11.0", repositoryOpts: { repo: "https://grafana-community.github.io/helm-charts" } });
  });

  it("take every chart from the fleet's OCI mirror, at the pinned version, with a per-add-on source over it", () => {
    const p = withCharts({ mirror: "oci://registry.acme.example/helm/", addons: { loki: "/srv/charts" } });
    expect(p.problems ?? []).toEqual([]);
    const c = p.clusters.find((x) => x.name === "eu-aws")!;
    const by = (id: string) => c.addons.find((a) => a.id === id)!;
    expect(releaseChart(by("istiod"))).toEqual({ chart: "oci://registry.acme.example/helm/istiod", version: "1.30.3" });
    expect(releaseChart(by("istio-eastwest-gateway"))).toEqual({ chart: "oci://registry.acme.example/helm/gateway", version: "1.30.3" });
    expect(releaseChart(by("loki"))).toEqual({ chart: "/srv/charts/loki-18.11.0.tgz", version: "18.11.0" });
    expect(by("loki").source).toBe("local");
  });

  it("keep a cluster's version pin with a mirror", () => {
    const spec = baseFleet();
    spec.defaults = { ...spec.defaults, charts: { mirror: "./charts" } } as never;
    spec.clusters[0].addons = { overrides: { loki: { version: "18.10.2" } } };
    const loki = plan(spec).clusters.find((x) => x.name === "eu-aws")!.addons.find((a) => a.id === "loki")!;
    expect(releaseChart(loki)).toEqual({ chart: "./charts/loki-18.10.2.tgz", version: "18.10.2" });
  });

  it("accept a Helm repository mirror", () => {
    const c = withCharts({ mirror: "https://charts.acme.example/stable" }).clusters.find((x) => x.name === "eu-aws")!;
    expect(releaseChart(c.addons.find((a) => a.id === "kyverno")!)).toEqual({ chart: "kyverno", version: "3.9.0", repositoryOpts: { repo: "https://charts.acme.example/stable" } });
  });

  it.each([["registry.acme.example/helm"], ["http://charts.acme.example"], ["charts"], ["oci://"]])("refuse source %j, naming the field", (mirror) => {
    const p = withCharts({ mirror });
    expect(p.problems?.map((i) => i.path)).toEqual(["defaults.charts.mirror"]);
    expect(p.problems![0]!.message).toMatch(/OCI registry path.*https.*local folder/);
  });

  it("refuse a source for an add-on ClusterFleet does not know", () => {
    expect(withCharts({ addons: { grafana: "oci://r.example/x" } }).problems?.map((i) => i.path)[0]).toMatch(/^defaults\.charts\.addons/);
  });

  it("reach the Helm releases as rendered", async () => {
    const run = await renderAddons(withCharts({ mirror: "oci://registry.acme.example/helm" }));
    const rs = run.resources.filter((r) => r.type === RELEASE);
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) {
      expect(String(r.inputs["chart"])).toMatch(/^oci:\/\/registry\.acme\.example\/helm\/[a-z-]+$/);
      expect(r.inputs["repositoryOpts"]).toBeUndefined();
      expect(r.inputs["version"]).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

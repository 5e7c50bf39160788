// ClusterFleet's Helm values, built from the shipped stacks' plans (and a Linkerd variant), checked
// against each chart's own schema or values.yaml, and for what they promise: labels, remote write
// of metrics only, Grafana on the hub alone, logs in the cluster's own region.
import { Alertmanager } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager";
import { Prometheus } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus";
import { describe, expect, it } from "vitest";
import { chartValues, fleetValues } from "../../../components/addons/values/by-addon.ts";
import type { ValuesContext } from "../../../components/addons/values/context.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { chartValuesProblems } from "../../fixtures/charts.ts";
import { baseFleet, NOW, stackFile } from "../../fixtures/fleets.ts";

const PLACEHOLDERS = { linkerdTrustAnchorPem: "-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----\n", logServiceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/loki" } };

function linkerdFleet(): FleetPlan {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, mesh: "linkerd", policy: "kyverno", observability: { metrics: true, logs: true, traces: true } };
  spec.clusters[0].addons = { overrides: { velero: { enabled: true } } };
  return planFleet(spec, defaultCatalog, undefined, { now: NOW });
}

const plans: [string, FleetPlan][] = [
  ["prod-eu", planFleet(stackFile("prod-eu").spec, defaultCatalog, undefined, { now: NOW })],
  ["global", planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW })],
  ["linkerd", linkerdFleet()],
];
const rows = plans.flatMap(([stack, plan]) =>
  plan.clusters.flatMap((cluster) => cluster.addons.map((addon) => ({ stack, fleet: plan.fleet, cluster, addon, label: `${stack} ${cluster.name} ${addon.id}` }))),
);
const ctx = (fleet: string, cluster: ClusterPlan): ValuesContext => ({ fleet, cluster });

describe("values for every add-on of every planned cluster", () => {
  it("cover every add-on ClusterFleet can install", () => {
    expect(new Set(rows.map((r) => r.addon.id))).toEqual(new Set(Object.keys(defaultCatalog.charts)));
  });

  it.each(rows)("$label: pass the chart's schema / values.yaml", ({ fleet, cluster, addon }) => {
    expect(chartValuesProblems(addon.id, chartValues(addon, ctx(fleet, cluster), PLACEHOLDERS))).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const c = plans[0]![1].clusters[0]!;
  it.each([
    ["istiod", { global: { meshId: "typo" } }, /values.yaml has no key global.meshId/],
    ["gatekeeper", { emitAdmissionEvents: true }, /values.yaml has no key emitAdmissionEvents/],
    ["istio-eastwest-gateway", { networkGateways: "x" }, /schema: .*additionalProperty/],
    ["opentelemetry-collector", { mode: "sidecar" }, /schema: \/mode/],
    ["loki", { singleBinary: { replicas: "three" } }, /schema: \/singleBinary\/replicas/],
  ] as const)("refuse %s values %j", (id, values, want) => {
    const addon = { ...c.addons.find((a) => a.id === "istiod")!, id };
    expect(chartValuesProblems(addon.id, chartValues({ ...addon, values }, ctx("acme-eu", c), PLACEHOLDERS)).join("\n")).toMatch(want);
  });
});

describe("Istio values", () => {
  const [, plan] = plans[0]!;
  it("set meshID to the fleet, clusterName and network to the cluster", () => {
    for (const c of plan.clusters) {
      expect(fleetValues("istiod", ctx(plan.fleet, c))).toMatchObject({ global: { meshID: "acme-eu", multiCluster: { clusterName: c.name }, network: c.name } });
      const gateway = fleetValues("istio-eastwest-gateway", ctx(plan.fleet, c));
      expect(gateway).toMatchObject({ networkGateway: c.name, labels: { istio: "eastwestgateway" } });
      // The chart labels the pods with the network from networkGateway; repeating it in labels duplicates the key.
      expect(gateway["labels"]).not.toHaveProperty(["topology.istio.io/network"]);
      // Peers reach the gateway over the planned peering: an internal load balancer of the cluster's provider.
      const annotations = (gateway["service"] as { annotations: Record<string, string> }).annotations;
      expect(annotations).toEqual(
        { aws: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-internal": "true", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" }, gcp: { "networking.gke.io/load-balancer-type": "Internal", "networking.gke.io/internal-load-balancer-allow-global-access": "true" }, azure: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" }, kubeadm: {}, existing: {} }[c.provider],
      );
    }
  });
});

describe("observability values", () => {
  const [, prodEu] = plans[0]!;
  const [, global] = plans[1]!;

  it("label every series with fleet, cluster, region, jurisdiction and provider", () => {
    for (const c of global.clusters.filter((x) => x.action !== "destroy")) {
      const v = fleetValues("kube-prometheus-stack", ctx(global.fleet, c)) as { prometheus: { prometheusSpec: { externalLabels: object } } };
      expect(v.prometheus.prometheusSpec.externalLabels).toEqual({ fleet: "acme", cluster: c.name, region: c.region, jurisdiction: c.jurisdiction, provider: c.provider });
    }
  });

  it("remote-write metrics, without exemplars, to the fleet's endpoint, and send that endpoint nothing else", () => {
    const url = "https://metrics.eu.acme.example/api/v1/write";
    for (const c of prodEu.clusters) {
      const kps = fleetValues("kube-prometheus-stack", ctx(prodEu.fleet, c)) as { prometheus: { prometheusSpec: { remoteWrite: unknown[] } } };
      expect(kps.prometheus.prometheusSpec.remoteWrite).toEqual([{ name: "fleet-central", url, sendExemplars: false, sendNativeHistograms: false, metadataConfig: { send: true } }]);
      for (const a of c.addons.filter((x) => x.id !== "kube-prometheus-stack")) {
        expect(JSON.stringify(chartValues(a, ctx(prodEu.fleet, c), PLACEHOLDERS)), `${c.name} ${a.id}`).not.toContain("metrics.eu.acme.example");
      }
    }
  });

  it("give the Prometheus and Alertmanager fields the operator's own CRDs accept", () => {
    // kube-prometheus-stack ships no values schema; these blocks are passed to the operator's custom resources.
    for (const c of [...prodEu.clusters, ...global.clusters.filter((x) => x.action !== "destroy")]) {
      const v = fleetValues("kube-prometheus-stack", ctx("f", c)) as { prometheus: { prometheusSpec: Record<string, unknown> }; alertmanager: { alertmanagerSpec: Record<string, unknown> } };
      const { externalLabels, remoteWrite, replicas, retention } = v.prometheus.prometheusSpec;
      expect(() => new Prometheus({ metadata: { name: "p" }, spec: { externalLabels, remoteWrite, replicas, retention } as never }).validate()).not.toThrow();
      expect(() => new Alertmanager({ metadata: { name: "a" }, spec: v.alertmanager.alertmanagerSpec as never }).validate()).not.toThrow();
    }
    expect(() => new Prometheus({ metadata: { name: "p" }, spec: { remoteWrite: [{ url: 42 }] } as never }).validate()).toThrow();
  });

  it("run Grafana only on the hub", () => {
    const grafana = (p: FleetPlan) =>
      p.clusters.filter((c) => c.addons.some((a) => a.id === "kube-prometheus-stack") && (fleetValues("kube-prometheus-stack", ctx(p.fleet, c)) as { grafana: { enabled: boolean } }).grafana.enabled).map((c) => c.name);
    expect(grafana(prodEu)).toEqual(["eu-aws-fra"]);
    expect(grafana(global)).toEqual(["us-aws-iad"]);
  });

  it("store each cluster's logs in its own region: the planned bucket of its provider, or its own volumes on-prem", () => {
    const loki = (p: FleetPlan, name: string) => {
      const c = p.clusters.find((x) => x.name === name)!;
      return fleetValues("loki", ctx(p.fleet, c), PLACEHOLDERS) as { loki: { storage: Record<string, unknown> }; singleBinary: { replicas: number } };
    };
    const fra = prodEu.clusters.find((c) => c.name === "eu-aws-fra")!;
    expect(loki(prodEu, "eu-aws-fra").loki.storage).toEqual({ type: "s3", bucketNames: { chunks: fra.observability.logStore!.bucket, ruler: fra.observability.logStore!.bucket }, s3: { region: "eu-central-1" } });
    expect(loki(prodEu, "eu-gcp-fra").loki.storage).toMatchObject({ type: "gcs" });
    expect(loki(prodEu, "eu-azure-fra").loki.storage).toMatchObject({ type: "azure", azure: { accountName: expect.stringMatching(/^logs/), useFederatedToken: true } });
    expect(loki(prodEu, "eu-onprem-fra")).toMatchObject({ loki: { storage: { type: "filesystem" } }, singleBinary: { replicas: 1, persistence: { enabled: true } } });
    expect(loki(prodEu, "eu-aws-fra").singleBinary.replicas).toBe(3);
  });

  it("keep traces in the cluster: the collector has no exporter to another place, and its debug exporter logs counts, not spans", () => {
    for (const c of prodEu.clusters) {
      const v = fleetValues("opentelemetry-collector", ctx(prodEu.fleet, c));
      expect(v["config"]).toEqual({ exporters: { debug: { verbosity: "basic" } } });
      expect(v).toMatchObject({ mode: "deployment", resources: { limits: { memory: "512Mi" } } });
    }
  });
});

describe("override values", () => {
  it("merge over ClusterFleet's and still pass the chart's checks", () => {
    const spec = stackFile("prod-eu").spec as { clusters: { addons?: unknown }[] };
    spec.clusters[0]!.addons = {
      overrides: {
        istiod: { values: { pilot: undefined, global: { logAsJson: false }, resources: { requests: { cpu: "1" } } } },
        "kube-prometheus-stack": { version: "88.4.0", values: { prometheus: { prometheusSpec: { retention: "30d" } } } },
      },
    };
    const plan = planFleet(JSON.parse(JSON.stringify(spec)), defaultCatalog, undefined, { now: NOW });
    const c = plan.clusters.find((x) => x.name === "eu-aws-fra")!;
    const istiod = chartValues(c.addons.find((a) => a.id === "istiod")!, ctx(plan.fleet, c));
    expect(istiod).toMatchObject({ global: { meshID: "acme-eu", logAsJson: false }, resources: { requests: { cpu: "1" } } });
    expect(chartValuesProblems("istiod", istiod)).toEqual([]);
    const kps = c.addons.find((a) => a.id === "kube-prometheus-stack")!;
    expect(kps.version).toBe("88.4.0");
    expect(chartValues(kps, ctx(plan.fleet, c))).toMatchObject({ prometheus: { prometheusSpec: { retention: "30d", externalLabels: { cluster: "eu-aws-fra" } } } });
  });
});

describe("kube-prometheus-stack CRD upgrades", () => {
  // helm.sh/docs/chart_best_practices/custom_resource_definitions/: Helm never upgrades a chart's CRDs.
  it("run the chart's CRD upgrade job, with a pinned image, on every cluster", () => {
    const [, plan] = plans[0]!;
    for (const c of plan.clusters) {
      const v = fleetValues("kube-prometheus-stack", ctx(plan.fleet, c)) as { crds: { upgradeJob: { enabled: boolean; image: { busybox: { tag: string } } } } };
      expect(v.crds.upgradeJob.enabled).toBe(true);
      expect(v.crds.upgradeJob.image.busybox.tag).not.toBe("latest");
    }
  });
});

// Official Helm charts ClusterFleet installs, pinned. Versions match the values schemas kept in
// ../shared/charts (see its README: upstream repository, tag and commit of each chart).
import type { AddonId } from "../spec/addons.ts";
import type { ChartFact } from "./types.ts";

const ISTIO = "https://istio-release.storage.googleapis.com/charts";
const LINKERD = "https://helm.linkerd.io/edge";
const chart = (chart: string, repository: string, version: string, namespace: string, source: string): ChartFact => ({
  chart,
  repository,
  version,
  namespace,
  source,
});

export const charts: Record<AddonId, ChartFact> = {
  "istio-base": chart("base", ISTIO, "1.30.3", "istio-system", "istio/istio@1.30.3 manifests/charts/base"),
  istiod: chart("istiod", ISTIO, "1.30.3", "istio-system", "istio/istio@1.30.3 manifests/charts/istio-control/istio-discovery"),
  "istio-eastwest-gateway": chart("gateway", ISTIO, "1.30.3", "istio-system", "istio/istio@1.30.3 manifests/charts/gateway"),
  "linkerd-crds": chart("linkerd-crds", LINKERD, "2026.8.3", "linkerd", "linkerd/linkerd2@edge-26.8.3 charts/linkerd-crds"),
  "linkerd-control-plane": chart("linkerd-control-plane", LINKERD, "2026.8.3", "linkerd", "linkerd/linkerd2@edge-26.8.3 charts/linkerd-control-plane"),
  "linkerd-multicluster": chart("linkerd-multicluster", LINKERD, "2026.8.3", "linkerd-multicluster", "linkerd/linkerd2@edge-26.8.3 multicluster/charts/linkerd-multicluster"),
  gatekeeper: chart("gatekeeper", "https://open-policy-agent.github.io/gatekeeper/charts", "3.23.0", "gatekeeper-system", "open-policy-agent/gatekeeper@v3.23.0 charts/gatekeeper"),
  kyverno: chart("kyverno", "https://kyverno.github.io/kyverno/", "3.9.0", "kyverno", "kyverno/kyverno@v1.19.0 charts/kyverno"),
  "kube-prometheus-stack": chart("kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "88.5.3", "monitoring", "prometheus-community/helm-charts@kube-prometheus-stack-88.5.3"),
  loki: chart("loki", "https://grafana-community.github.io/helm-charts", "18.11.0", "loki", "grafana-community/helm-charts@loki-18.11.0"),
  "opentelemetry-collector": chart("opentelemetry-collector", "https://open-telemetry.github.io/opentelemetry-helm-charts", "0.170.0", "opentelemetry", "open-telemetry/opentelemetry-helm-charts@opentelemetry-collector-0.170.0"),
  "external-secrets": chart("external-secrets", "https://charts.external-secrets.io", "2.9.0", "external-secrets", "external-secrets/external-secrets@helm-chart-2.9.0"),
  velero: chart("velero", "https://vmware-tanzu.github.io/helm-charts", "12.1.0", "velero", "vmware-tanzu/helm-charts@velero-12.1.0"),
};

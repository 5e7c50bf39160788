// Values for the observability charts. Metrics carry the fleet's labels and may go to the fleet's
// central endpoint (metrics only); logs stay in the cluster's own region; traces stay in the cluster.
import type { ClusterPlan, LogStorePlan, ObservabilityPlan } from "../../../src/plan/types.ts";
import { replicas, type ValuesContext } from "./context.ts";

/** The Secret Grafana's admin credentials are read from (ClusterFleet generates the password). */
export const GRAFANA_ADMIN_SECRET = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } as const;

/** The remote_write entry for the fleet's central endpoint: samples only, no exemplars (they carry trace IDs). */
export const centralRemoteWrite = (url: string, auth?: ObservabilityPlan["remoteWriteAuth"]) => ({
  name: "fleet-central",
  url,
  sendExemplars: false,
  sendNativeHistograms: false,
  metadataConfig: { send: true },
  ...(auth ? remoteWriteAuth(auth) : {}),
});

/**
 * The prometheus-operator RemoteWriteSpec fields for each form of authentication (monitoring.coreos.com/v1
 * Prometheus spec.remoteWrite[]: basicAuth, authorization, sigv4, oauth2), reading Secrets of the
 * Prometheus' namespace by name and key: credentials stay in Secrets, never in values or state.
 */
function remoteWriteAuth(auth: NonNullable<ObservabilityPlan["remoteWriteAuth"]>): Record<string, unknown> {
  const ref = (r: { name: string; key: string }) => ({ name: r.name, key: r.key });
  if ("basicAuth" in auth) return { basicAuth: { username: ref(auth.basicAuth.username), password: ref(auth.basicAuth.password) } };
  if ("bearer" in auth) return { authorization: { type: "Bearer", credentials: ref(auth.bearer) } };
  if ("sigv4" in auth) return { sigv4: { region: auth.sigv4.region, ...(auth.sigv4.roleArn ? { roleArn: auth.sigv4.roleArn } : {}) } };
  const o = auth.oauth2;
  return { oauth2: { clientId: { secret: ref(o.clientId) }, clientSecret: ref(o.clientSecret), tokenUrl: o.tokenUrl, ...(o.scopes.length ? { scopes: [...o.scopes] } : {}) } };
}

export function kubePrometheusStackValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  const o = c.observability;
  return {
    // Helm installs a chart's CRDs once and never upgrades them ("There is no support at this time for
    // upgrading or deleting CRDs using Helm", helm.sh/docs/chart_best_practices/custom_resource_definitions/),
    // so a chart upgrade would run a newer operator against old prometheus-operator CRDs. The chart's
    // upgrade job applies them (server-side, forced) in a pre-upgrade hook; its busybox is pinned, not "latest".
    crds: { enabled: true, upgradeJob: { enabled: true, forceConflicts: true, image: { busybox: { tag: "1.37.0" } } } },
    prometheus: {
      prometheusSpec: {
        externalLabels: { ...o.externalLabels },
        remoteWrite: o.remoteWriteUrl ? [centralRemoteWrite(o.remoteWriteUrl, o.remoteWriteAuth)] : [],
        replicas: replicas(c, 2),
        retention: "15d",
        // Pick up every ServiceMonitor, PodMonitor, Probe and rule in the cluster, not only this release's.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        storageSpec: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "50Gi" } } } } },
      },
    },
    alertmanager: { alertmanagerSpec: { replicas: replicas(c, 2) } },
    // Grafana on the fleet's hub only, with a generated admin password instead of the chart's default one.
    grafana: o.grafana ? { enabled: true, admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey } } : { enabled: false },
  };
}

/** Loki's TSDB schema from the date ClusterFleet first installs it; a later schema is added, never edited. */
const schemaConfig = (objectStore: string) => ({
  configs: [{ from: "2026-01-01", store: "tsdb", object_store: objectStore, schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
});

/**
 * Memcached sizes (MB) of Loki's two caches. The chart requests floor(1.2 × allocatedMemory) MiB per
 * cache pod (values.yaml chunksCache.resources: "a safe memory limit will be requested based on
 * allocatedMemory"), and its default chunks cache (8192 MB, ~9.6 GiB requested) fits on no 8 GiB
 * node, the size of every provider's default node type: the pod stays Pending and the release never
 * becomes ready. Sized to the cluster instead: a small fraction of one default node.
 */
export const lokiCacheMemoryMb = (c: ClusterPlan): { chunks: number; results: number } => (c.controlPlane.ha ? { chunks: 1024, results: 256 } : { chunks: 512, results: 128 });

/** Loki's name for the object store a schema period and the compactor's delete requests use. */
const objectStoreName = (store: LogStorePlan): string => (store.kind === "azure-blob" ? "azure" : store.kind);

/**
 * Loki in monolithic mode (the single binary). Cloud clusters: `replicas` instances over the object
 * store the plan names in the cluster's region (the cluster component creates it and grants Loki's
 * ServiceAccount access through `serviceAccountAnnotations`). On-prem: one instance on a persistent
 * volume of the cluster. Logs are deleted after the plan's retention.
 */
export function lokiValues<T>({ cluster: c }: ValuesContext, store: LogStorePlan, serviceAccountAnnotations?: T): Record<string, unknown> {
  const cache = lokiCacheMemoryMb(c);
  const common = {
    deploymentMode: "Monolithic",
    // The chart's read, write and backend targets default to 3 replicas each; its templates/validate.yaml
    // fails any release with both monolithic and simple-scalable replicas ("You have more than zero
    // replicas configured for both the monolithic and simple scalable targets"), so they are set to 0.
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    chunksCache: { allocatedMemory: cache.chunks },
    resultsCache: { allocatedMemory: cache.results },
    loki: {
      auth_enabled: false,
      // Rules come from ConfigMaps (the chart's sidecar), so the ruler never lists the chunks bucket.
      rulerConfig: { storage: { type: "local", local: { directory: "/etc/loki/rules" } } },
      // Without retention_enabled Loki keeps logs forever; with it, the compactor needs a
      // delete_request_store (grafana.com/docs/loki/latest/operations/storage/retention/ and
      // .../logs-deletion/: "delete_request_store also needs to be configured when retention is enabled").
      limits_config: { retention_period: `${store.retentionDays * 24}h` },
      compactor: { retention_enabled: true, delete_request_store: objectStoreName(store) },
    },
  };
  if (store.kind === "filesystem") {
    return {
      ...common,
      // validate.yaml: "Cannot run more than 1 Monolithic replica without an object storage backend".
      loki: { ...common.loki, commonConfig: { replication_factor: 1 }, storage: { type: "filesystem" }, schemaConfig: schemaConfig("filesystem") },
      singleBinary: { replicas: 1, persistence: { enabled: true, size: "100Gi" } },
    };
  }
  const bucket = store.bucket!;
  const n = replicas(c, 3);
  const storage =
    store.kind === "s3"
      ? { type: "s3", bucketNames: { chunks: bucket, ruler: bucket }, s3: { region: store.region } }
      : store.kind === "gcs"
        ? { type: "gcs", bucketNames: { chunks: bucket, ruler: bucket } }
        : { type: "azure", bucketNames: { chunks: bucket, ruler: bucket }, azure: { accountName: store.account!, useFederatedToken: true } };
  return {
    ...common,
    loki: {
      ...common.loki,
      commonConfig: { replication_factor: Math.min(n, 3) },
      storage,
      schemaConfig: schemaConfig(objectStoreName(store)),
      ...(store.kind === "azure-blob" ? { podLabels: { "azure.workload.identity/use": "true" } } : {}),
    },
    singleBinary: { replicas: n, persistence: { enabled: true, size: "50Gi" } },
    ...(serviceAccountAnnotations === undefined ? {} : { serviceAccount: { annotations: serviceAccountAnnotations } }),
  };
}

/**
 * The OpenTelemetry collector receives the cluster's traces (OTLP) and enriches them with
 * Kubernetes attributes. Traces are data: they go to no endpoint outside the cluster unless a
 * cluster override names one (an in-region backend). Until then the chart's only exporter is
 * `debug`, which drops what it receives: ClusterFleet pins its verbosity to `basic` (a count per
 * batch, never the spans: at `detailed` every span, attributes and all, would be copied into the
 * cluster's logs) and the plan warns that traces are dropped (src/plan/addons.ts).
 */
export function openTelemetryCollectorValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  return {
    mode: "deployment",
    image: { repository: "otel/opentelemetry-collector-k8s" },
    replicaCount: replicas(c, 2),
    presets: { kubernetesAttributes: { enabled: true } },
    config: { exporters: { debug: { verbosity: "basic" } } },
    // The chart's memory_limiter works from the memory limit (80%); without one it has nothing to work from.
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    ...(c.controlPlane.ha ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
  };
}

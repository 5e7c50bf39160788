// Add-on choices: fleet defaults and per-cluster overrides.
import * as z from "zod";

export const meshKinds = ["istio", "linkerd", "none"] as const;
export const policyEngines = ["gatekeeper", "kyverno", "none"] as const;
export type MeshKind = (typeof meshKinds)[number];
export type PolicyEngine = (typeof policyEngines)[number];

/** Every add-on ClusterFleet can install; keys of the chart catalog and of per-cluster overrides. */
export const addonIds = [
  "istio-base",
  "istiod",
  "istio-eastwest-gateway",
  "linkerd-crds",
  "linkerd-control-plane",
  "linkerd-multicluster",
  "gatekeeper",
  "kyverno",
  "kube-prometheus-stack",
  "loki",
  "opentelemetry-collector",
  "external-secrets",
  "velero",
] as const;
export type AddonId = (typeof addonIds)[number];

/**
 * Image registries pods may pull from (the baseline policy `allowed-registries`), as prefixes of the
 * image reference. Each ends with "/" so that `registry.example.com/` never admits
 * `registry.example.com.evil.net/...`. Images must be fully qualified (`docker.io/library/nginx`, not `nginx`).
 * The mesh's sidecar registry is always added (Istio and Linkerd inject their proxy into every meshed pod).
 */
export const DEFAULT_ALLOWED_REGISTRIES = ["registry.k8s.io/"] as const;

const registryList = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9._-]+)*\/$/, {
        error: 'must be a registry host or host/path prefix ending with "/", e.g. "registry.example.com/" or "ghcr.io/acme/"',
      }),
  )
  .min(1, { error: "must allow at least one registry (an empty list would deny every pod)" });

export const allowedRegistriesSchema = registryList
  .default([...DEFAULT_ALLOWED_REGISTRIES])
  .describe(
    'Registries pods may pull images from, as prefixes ending with "/" (the baseline policy; enforced with deny in prod, warn elsewhere). Images must be fully qualified. The mesh\'s proxy registry is always added. Set this to your organisation\'s registries. @default ["registry.k8s.io/"]',
  );

/** A key of a Secret in the `monitoring` namespace, which you provide (e.g. through External Secrets from the cluster's store). */
const secretKeyRef = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "must be a Secret name (lowercase letters, digits, '-' and '.')" }).describe("Secret in the monitoring namespace."),
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, { error: "must be a Secret key" }).describe("Key within the Secret."),
  })
  .describe("A key of a Secret in the monitoring namespace: credentials never appear in the spec or the plan.");

const remoteWriteAuthSchema = z
  .union([
    z.strictObject({ basicAuth: z.strictObject({ username: secretKeyRef, password: secretKeyRef }).describe("HTTP basic authentication.") }),
    z.strictObject({ bearer: secretKeyRef.describe("A bearer token (Authorization: Bearer).") }),
    z.strictObject({
      sigv4: z
        .strictObject({
          region: z.string().min(1).describe("AWS region of the endpoint (Amazon Managed Service for Prometheus)."),
          roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: "must be an IAM role ARN" }).optional().describe("Role to assume. @default Prometheus' own credentials"),
        })
        .describe("AWS Signature Version 4 (Amazon Managed Service for Prometheus)."),
    }),
    z.strictObject({
      oauth2: z
        .strictObject({
          clientId: secretKeyRef,
          clientSecret: secretKeyRef,
          tokenUrl: z.url({ protocol: /^https$/, error: "must be an https URL" }),
          scopes: z.array(z.string().min(1)).default([]),
        })
        .describe("OAuth 2.0 client credentials."),
    }),
  ])
  .describe("How Prometheus authenticates to the endpoint, from Secrets (basicAuth, bearer, oauth2) or AWS credentials (sigv4).");

const remoteWriteSchema = z.strictObject({
  url: z.url({ protocol: /^https$/, error: "must be an https URL" }).describe("Prometheus remote-write URL (https)."),
  jurisdiction: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The jurisdiction the endpoint stores metrics in. Every cluster that sends to it must be in it, or in one that may peer with it (mayPeerWith on both sides); the plan refuses the others. @default unset: not checked",
    ),
  auth: remoteWriteAuthSchema.optional(),
});

export type RemoteWriteSpec = z.output<typeof remoteWriteSchema>;

/** Logs are personal data more often than not: kept for a bounded time by default, never forever. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
const logRetentionDays = z.int({ error: "must be a whole number of days" }).min(1, { error: "must keep logs at least 1 day" }).max(3650, { error: "must be at most 3650 days (10 years)" });

export const observabilitySchema = z
  .strictObject({
    metrics: z.boolean().default(true).describe("kube-prometheus-stack on every cluster. @default true"),
    logs: z.boolean().default(true).describe("Loki, storing logs in the cluster's own region. @default true"),
    traces: z
      .boolean()
      .default(false)
      .describe(
        "OpenTelemetry collector for traces. It has no trace backend until a cluster override names one in region (addons.overrides.opentelemetry-collector.values.config.exporters and service.pipelines.traces): until then spans are received and dropped (the debug exporter logs counts only). @default false",
      ),
    logRetentionDays: logRetentionDays
      .default(DEFAULT_LOG_RETENTION_DAYS)
      .describe(
        "Days Loki keeps a cluster's logs before its compactor deletes them (storage limitation, GDPR art. 5(1)(e)); the log bucket's lifecycle rule expires objects 7 days later as a safety net. @default 30",
      ),
    remoteWrite: remoteWriteSchema.optional().describe("Central endpoint that receives metrics (metadata only: logs never leave the region)."),
    grafanaHub: z.string().optional().describe("Cluster that runs Grafana for the fleet; none if unset."),
  })
  .describe("Observability stack.");

/**
 * Where a chart is pulled from: an OCI registry path, a classic Helm repository (an index.yaml over
 * https), or a folder of packaged charts on the machine that runs Pulumi. The chart's name and its
 * pinned version are ClusterFleet's either way.
 */
const chartSource = z
  .string()
  .refine((s) => /^oci:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[A-Za-z0-9._-]+)*\/?$/.test(s) || /^https:\/\/[^\s]+$/.test(s) || /^(\/|\.\.?\/)[^\s]*$/.test(s), {
    error: 'must be an OCI registry path (oci://registry.example.com/helm-charts), an https Helm repository URL, or a local folder ("/srv/charts" or "./charts")',
  });

export const chartSourcesSchema = z
  .strictObject({
    mirror: chartSource
      .optional()
      .describe(
        "Where every chart is pulled from instead of its official repository (air-gapped and sovereign fleets). oci://host/path: each chart is pulled as oci://host/path/<chart> at its pinned version (what `helm push <chart>-<version>.tgz oci://host/path` publishes). https://…: a Helm repository mirror (its index.yaml lists the charts). /folder or ./folder: packaged charts named <chart>-<version>.tgz (what `helm pull` writes), on the machine that runs Pulumi; a relative folder is resolved from the Pulumi program's directory. @default the charts' official repositories",
      ),
    addons: z
      .partialRecord(z.enum(addonIds), chartSource)
      .default({})
      .describe("Per add-on source, in the same forms as `mirror`, replacing it (or the official repository) for that chart. @default {}"),
  })
  .default({ addons: {} })
  .describe("Where the add-ons' Helm charts come from; versions stay pinned by the catalog (or a cluster's override). @default the official repositories");

export type ChartSourcesSpec = z.output<typeof chartSourcesSchema>;

export const observabilityOverrideSchema = z
  .strictObject({
    metrics: z.boolean().optional(),
    logs: z.boolean().optional(),
    traces: z.boolean().optional(),
    logRetentionDays: logRetentionDays.optional().describe("Replaces `defaults.observability.logRetentionDays` for this cluster."),
  })
  .describe("Per-cluster observability switches; unset fields follow the fleet defaults.");

export const addonOverrideSchema = z
  .strictObject({
    enabled: z.boolean().optional().describe("false removes the add-on from this cluster."),
    version: z.string().min(1).optional().describe("Chart version pin instead of the catalog's."),
    values: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Extra Helm values, merged over ClusterFleet's: maps merge, lists and scalars replace, null drops ClusterFleet's value (the chart's default applies). Values that join the cluster to the fleet or keep its data in region are refused (istiod global.meshID/network/multiCluster.clusterName and meshConfig.trustDomain/trustDomainAliases, the east-west gateway's networkGateway, Linkerd's trust anchors, issuer and identityTrustDomain, kube-prometheus-stack prometheusSpec.externalLabels/remoteWrite, Loki's storage).",
      ),
  })
  .describe("Per-cluster override of one add-on.");

export const clusterAddonsSchema = z
  .strictObject({
    mesh: z.enum(meshKinds).optional(),
    policy: z.enum(policyEngines).optional(),
    observability: observabilityOverrideSchema.optional(),
    allowedRegistries: registryList.optional().describe("Replaces `defaults.allowedRegistries` for this cluster; the mesh's proxy registry is still added."),
    overrides: z.partialRecord(z.enum(addonIds), addonOverrideSchema).default({}),
  })
  .default({ overrides: {} })
  .describe("Per-cluster add-on choices; unset fields follow `defaults`.");

export type ObservabilitySpec = z.output<typeof observabilitySchema>;
export type ClusterAddonsSpec = z.output<typeof clusterAddonsSchema>;
export type AddonOverrideSpec = z.output<typeof addonOverrideSchema>;

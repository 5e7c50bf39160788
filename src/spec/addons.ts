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

export const observabilitySchema = z
  .strictObject({
    metrics: z.boolean().default(true).describe("kube-prometheus-stack on every cluster. @default true"),
    logs: z.boolean().default(true).describe("Loki, storing logs in the cluster's own region. @default true"),
    traces: z.boolean().default(false).describe("OpenTelemetry collector for traces. @default false"),
    remoteWrite: z
      .strictObject({ url: z.url({ protocol: /^https$/, error: "must be an https URL" }).describe("Prometheus remote-write URL (https).") })
      .optional()
      .describe("Central endpoint that receives metrics (metadata only: logs never leave the region)."),
    grafanaHub: z.string().optional().describe("Cluster that runs Grafana for the fleet; none if unset."),
  })
  .describe("Observability stack.");

export const observabilityOverrideSchema = z
  .strictObject({
    metrics: z.boolean().optional(),
    logs: z.boolean().optional(),
    traces: z.boolean().optional(),
  })
  .describe("Per-cluster observability switches; unset fields follow the fleet defaults.");

export const addonOverrideSchema = z
  .strictObject({
    enabled: z.boolean().optional().describe("false removes the add-on from this cluster."),
    version: z.string().min(1).optional().describe("Chart version pin instead of the catalog's."),
    values: z.record(z.string(), z.unknown()).optional().describe("Extra Helm values, merged over ClusterFleet's."),
  })
  .describe("Per-cluster override of one add-on.");

export const clusterAddonsSchema = z
  .strictObject({
    mesh: z.enum(meshKinds).optional(),
    policy: z.enum(policyEngines).optional(),
    observability: observabilityOverrideSchema.optional(),
    overrides: z.partialRecord(z.enum(addonIds), addonOverrideSchema).default({}),
  })
  .default({ overrides: {} })
  .describe("Per-cluster add-on choices; unset fields follow `defaults`.");

export type ObservabilitySpec = z.output<typeof observabilitySchema>;
export type ClusterAddonsSpec = z.output<typeof clusterAddonsSchema>;
export type AddonOverrideSpec = z.output<typeof addonOverrideSchema>;

// The FleetSpec: one document that declares a whole fleet. Stack files carry it under
// the config key `clusterfleet:fleet`; TypeScript programs pass it as an object.
import * as z from "zod";
import { allowedRegistriesSchema, chartSourcesSchema, DEFAULT_LOG_RETENTION_DAYS, meshKinds, observabilitySchema, policyEngines } from "./addons.ts";
import { clusterSchema } from "./cluster.ts";
import { jurisdictionSchema, siteSchema } from "./jurisdiction.ts";
import { ipamSchema } from "./network.ts";
import { nodePoolDefaultsSchema } from "./node-pool.ts";
import { dnsLabel, fleetName, kubernetesMinor } from "./primitives.ts";

export const peeringTopologies = ["mesh", "hub-spoke", "none"] as const;
export type PeeringTopology = (typeof peeringTopologies)[number];

export const peeringSchema = z
  .strictObject({
    topology: z
      .enum(peeringTopologies)
      .default("mesh")
      .describe("mesh: every pair the jurisdictions allow (at most 12 clusters). hub-spoke: spokes link to a hub. none. @default mesh"),
    hub: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .describe("Hub cluster(s) for hub-spoke; a spoke links to a hub in its own jurisdiction, else to one its jurisdiction may reach."),
    links: z
      .array(z.strictObject({ from: z.string(), to: z.string() }))
      .default([])
      .describe("Extra links beyond the topology (still subject to jurisdictions). @default []"),
    kubernetesApi: z
      .boolean()
      .default(false)
      .describe("Open each cluster's Kubernetes API to its peers (for multi-cluster controllers). @default false"),
  })
  .default({ topology: "mesh", links: [], kubernetesApi: false });

const waveSchema = z.union([
  dnsLabel(30),
  z.strictObject({
    name: dnsLabel(30).describe("Wave name, as clusters' `wave` names it."),
    gate: z
      .enum(["healthy"])
      .optional()
      .describe("healthy: the next wave waits until every cluster of this wave is reported healthy."),
  }),
]);

export const rolloutSchema = z
  .strictObject({
    multiMinorUpgrades: z
      .enum(["step", "refuse"])
      .default("step")
      .describe(
        "A target more than one minor ahead of what is deployed: step (one minor per `pulumi up`, the next run continues) " +
          "or refuse (the spec must move one minor at a time). @default step",
      ),
    waves: z
      .array(waveSchema)
      .min(1)
      .default(["default"])
      .describe('Ordered waves, e.g. ["dev", "canary", "prod"]. A wave starts when the earlier ones are done. @default ["default"]'),
  })
  .default({ multiMinorUpgrades: "step", waves: ["default"] });

export const defaultsSchema = z
  .strictObject({
  kubernetesVersion: kubernetesMinor.describe("Kubernetes minor for every cluster that does not set its own."),
  mesh: z.enum(meshKinds).default("none").describe("Service mesh: istio | linkerd | none. @default none"),
  policy: z.enum(policyEngines).default("none").describe("Policy engine: gatekeeper | kyverno | none. @default none"),
  allowedRegistries: allowedRegistriesSchema,
  observability: observabilitySchema.default({ metrics: true, logs: true, traces: false, logRetentionDays: DEFAULT_LOG_RETENTION_DAYS }),
  nodePool: nodePoolDefaultsSchema,
  charts: chartSourcesSchema,
  })
  .describe("Fleet-wide defaults; each cluster may override them.");

const versionsByProvider = z
  .strictObject({
    aws: z.array(kubernetesMinor).optional(),
    gcp: z.array(kubernetesMinor).optional(),
    azure: z.array(kubernetesMinor).optional(),
    kubeadm: z.array(kubernetesMinor).optional(),
    existing: z.array(kubernetesMinor).optional(),
  })
  .describe("Replaces the catalog's supported minors for a provider.");

const regionOverride = z.strictObject({
  zones: z.array(z.string().min(1)).describe("Zone names as the provider spells them."),
  country: z.string().regex(/^[A-Z]{2}$/),
});

export const catalogOverrideSchema = z
  .strictObject({
    kubernetesVersions: versionsByProvider.optional(),
    regions: z
      .strictObject({
        aws: z.record(z.string(), regionOverride).optional(),
        gcp: z.record(z.string(), regionOverride).optional(),
        azure: z.record(z.string(), regionOverride).optional(),
      })
      .optional()
      .describe("Adds or replaces regions (new regions, zones the catalog does not know yet)."),
  })
  .describe("Overrides of the built-in catalog, for facts newer than this release.");

export const fleetSpecSchema = z
  .strictObject({
    name: fleetName,
    ipam: ipamSchema,
    jurisdictions: z
      .record(dnsLabel(30), jurisdictionSchema)
      .refine((j) => Object.keys(j).length > 0, { error: "must declare at least one jurisdiction" })
      .describe("Named jurisdictions; every cluster belongs to one."),
    sites: z.record(dnsLabel(40), siteSchema).default({}).describe("On-prem sites for kubeadm and existing clusters. @default {}"),
    defaults: defaultsSchema,
    clusters: z.array(clusterSchema).min(1, { error: "must list at least one cluster" }).describe("The clusters, one entry each; the list order does not matter."),
    peering: peeringSchema,
    rollout: rolloutSchema,
    catalog: catalogOverrideSchema.optional(),
  })
  .describe("A ClusterFleet fleet: clusters across providers and regions, planned together.");

export type FleetSpec = z.output<typeof fleetSpecSchema>;
/** What users write: defaults may be left out. */
export type FleetSpecInput = z.input<typeof fleetSpecSchema>;
export type PeeringSpec = z.output<typeof peeringSchema>;
export type RolloutSpec = z.output<typeof rolloutSchema>;
export type CatalogOverrideSpec = z.output<typeof catalogOverrideSchema>;

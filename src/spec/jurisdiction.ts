// Jurisdictions (where data may live and which others a cluster may talk to) and on-prem sites.
import * as z from "zod";
import { dnsLabel } from "./primitives.ts";

const regionList = z.array(z.string().min(1)).default([]);

export const jurisdictionSchema = z
  .strictObject({
    description: z.string().optional().describe("Free text for readers of the spec."),
    regions: z
      .strictObject({
        aws: regionList.describe("AWS regions in this jurisdiction."),
        gcp: regionList.describe("GCP regions in this jurisdiction."),
        azure: regionList.describe("Azure regions (locations) in this jurisdiction."),
      })
      .default({ aws: [], gcp: [], azure: [] })
      .describe("Provider regions that belong to this jurisdiction. @default {}"),
    sites: z
      .array(dnsLabel(40))
      .default([])
      .describe("Sites (see `sites`) in this jurisdiction, for kubeadm and existing clusters. @default []"),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code such as "DE"' }))
      .optional()
      .describe(
        "If set, every region and site listed must be in one of these countries (checked against the catalog), " +
          "so a US region cannot be put into an EU jurisdiction by mistake.",
      ),
    mayPeerWith: z
      .array(z.string())
      .default([])
      .describe(
        'Other jurisdictions this one may connect to (network peering, mesh discovery), or ["*"] for any. ' +
          "A link needs the consent of both sides. @default [] (isolated)",
      ),
    stateBackend: z
      .string()
      .regex(/^(s3|gs|azblob|file):\/\/\S+$/, { error: "must be a Pulumi self-managed backend URL: s3://, gs://, azblob:// (or file:// for a local directory)" })
      .optional()
      .describe(
        "Where the state of this jurisdiction's shards is kept, e.g. s3://acme-state-eu?region=eu-central-1: " +
          "a bucket in one of its own regions. Sharded runs log in to it per shard; `clusterfleet report` " +
          "fails a shard whose state would be kept outside its jurisdictions' backends. @default the backend you are logged in to",
      ),
  })
  .describe("A named set of provider regions and sites whose data must stay inside it.");

export const siteSchema = z
  .strictObject({
    description: z.string().optional().describe("Free text for readers of the spec."),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code such as "DE"' })
      .describe("ISO 3166-1 alpha-2 country of the site, checked against its jurisdiction's countries."),
    zones: z
      .array(dnsLabel(40))
      .min(1)
      .describe("Failure domains of the site (rooms, racks, power feeds); an HA control plane needs 3."),
  })
  .describe("A data-centre site for kubeadm or existing clusters: they declare their own region and zones.");

export type JurisdictionSpec = z.output<typeof jurisdictionSchema>;
export type SiteSpec = z.output<typeof siteSchema>;

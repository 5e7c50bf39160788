// Small, shared field schemas. Each one says in its error what would be accepted.
import * as z from "zod";

/** A lowercase DNS label: what every provider accepts as (part of) a resource name. */
export const dnsLabel = (max: number) =>
  z
    .string()
    .min(1)
    .max(max, { error: `must be at most ${max} characters` })
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, {
      error: "must be a lowercase DNS label: a-z, 0-9 and '-', starting with a letter, not ending with '-'",
    });

export const fleetName = dnsLabel(20).describe(
  "Fleet name: prefixes every resource name (`<fleet>-<cluster>-<thing>`). Lowercase DNS label, at most 20 characters.",
);
export const clusterName = dnsLabel(30).describe(
  "Cluster name, unique in the fleet. Lowercase DNS label, at most 30 characters; the planner shortens derived names to each provider's limit.",
);

/** Kubernetes minor version, e.g. "1.35". Patch versions are the provider's business (or the catalog's for kubeadm). */
export const kubernetesMinor = z
  .string()
  .regex(/^1\.\d{1,2}$/, { error: 'must be a Kubernetes minor version such as "1.35"' })
  .describe('Kubernetes minor version, "MAJOR.MINOR" (e.g. "1.35").');

export const cidrV4 = z.cidrv4({ error: 'must be an IPv4 CIDR such as "10.0.0.0/16"' });

export const labelMap = z
  .record(
    z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
      error: "must be a Kubernetes label key",
    }),
    z.string().max(63).regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, { error: "must be a Kubernetes label value" }),
  )
  .describe("Kubernetes labels (key: value).");

export const providers = ["aws", "gcp", "azure", "kubeadm", "existing"] as const;
export type Provider = (typeof providers)[number];
export const cloudProviders = ["aws", "gcp", "azure"] as const;
export type CloudProvider = (typeof cloudProviders)[number];

export const environments = ["dev", "test", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

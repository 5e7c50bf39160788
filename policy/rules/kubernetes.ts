// Kubernetes objects that decide where data goes: a StorageClass must be bound by allowedTopologies to
// its cluster's region (a region key naming the region, or a zone key whose every value is a zone of
// it), and a ClusterSecretStore must read from its cluster's region.
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { elsewhere, expectedRegion, known, sameRegion, type Expected, type RuleArgs } from "./regions.ts";

export const STORAGE_CLASS_TYPES = ["kubernetes:storage.k8s.io/v1:StorageClass"] as const;
export const SECRET_STORE_TYPES = ["kubernetes:external-secrets.io/v1:ClusterSecretStore", "kubernetes:external-secrets.io/v1beta1:ClusterSecretStore"] as const;
/** The annotation that states a store's backend region where its provider block has none (Azure Key Vault, Vault). */
export const BACKEND_REGION_ANNOTATION = "clusterfleet.dev/backend-region";

interface Requirement {
  readonly key?: unknown;
  readonly values?: unknown;
}

/** A zone of the region: one of the plan's zones (when the config gives them, e.g. a site's halls), or a region-qualified zone name (eu-central-1a, europe-west3-a, germanywestcentral-1). */
function zoneOf(value: string, e: Expected): boolean {
  if (e.zones?.includes(value)) return true;
  return value.startsWith(`${e.region}-`) || new RegExp(`^${e.region.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[a-z]$`).test(value);
}

/** Whether one term binds volumes to the region: some requirement names only the region, or only zones of it. */
function binds(term: { matchLabelExpressions?: Requirement[] }, e: Expected): boolean {
  return (term.matchLabelExpressions ?? []).some((r) => {
    const values = Array.isArray(r.values) ? (r.values as unknown[]) : [];
    if (typeof r.key !== "string" || values.length === 0 || !values.every(known)) return false;
    if (r.key.endsWith("/region")) return values.every((v) => sameRegion(v as string, e.region));
    if (r.key.endsWith("/zone")) return values.every((v) => zoneOf(v as string, e));
    return false;
  });
}

export const storageClassesRegionBound: ResourceValidationPolicy = {
  name: "storage-classes-region-bound",
  description: "Every StorageClass restricts provisioning with allowedTopologies to its cluster's region (and zones of it).",
  enforcementLevel: "mandatory",
  validateResource: (args: RuleArgs, report: ReportViolation) => {
    if (!(STORAGE_CLASS_TYPES as readonly string[]).includes(args.type)) return;
    const name = String(args.props["metadata"]?.name ?? args.name);
    const e = expectedRegion(args);
    if (!e) return report(`StorageClass ${name} has no clusterfleet.dev/region label, so its region cannot be checked: label it with its cluster's region`);
    const terms = (args.props["allowedTopologies"] ?? []) as { matchLabelExpressions?: Requirement[] }[];
    if (terms.length === 0) return report(`StorageClass ${name} has no allowedTopologies: its volumes could be provisioned anywhere its driver reaches, not only in ${e.region}`);
    terms.forEach((t, i) => {
      if (!binds(t, e)) report(`StorageClass ${name}: allowedTopologies[${i}] does not restrict volumes to ${e.region} (${JSON.stringify(t.matchLabelExpressions ?? [])})`);
    });
  },
};

/** The region a ClusterSecretStore reads from: the provider block's own region field, or the stated backend region. */
export function storeRegion(props: Record<string, any>): { region?: string; why?: string } {
  const provider = (props["spec"]?.provider ?? {}) as Record<string, any>;
  const stated = props["metadata"]?.annotations?.[BACKEND_REGION_ANNOTATION] as unknown;
  if (provider["aws"]) return known(provider["aws"].region) ? { region: provider["aws"].region } : {};
  if (provider["gcpsm"]) {
    // Without a location, GCP Secret Manager serves global secrets, replicated wherever Google chooses.
    return known(provider["gcpsm"].location) ? { region: provider["gcpsm"].location } : { why: "reads global GCP secrets (no location): use regional secrets in its cluster's region" };
  }
  if (known(stated)) return { region: stated };
  return { why: `states no backend region (annotation ${BACKEND_REGION_ANNOTATION})` };
}

export const secretStoresInRegion: ResourceValidationPolicy = {
  name: "secret-stores-in-cluster-region",
  description: "Every ClusterSecretStore reads secrets from its cluster's region.",
  enforcementLevel: "mandatory",
  validateResource: (args: RuleArgs, report: ReportViolation) => {
    if (!(SECRET_STORE_TYPES as readonly string[]).includes(args.type)) return;
    const name = String(args.props["metadata"]?.name ?? args.name);
    const e = expectedRegion(args);
    if (!e) return report(`ClusterSecretStore ${name} has no clusterfleet.dev/region label, so its region cannot be checked`);
    const { region, why } = storeRegion(args.props);
    if (why) return report(`ClusterSecretStore ${name} ${why}`);
    if (region !== undefined && !sameRegion(region, e.region)) report(elsewhere(`ClusterSecretStore ${name}'s backend`, region, e));
  },
};

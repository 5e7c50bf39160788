// The default catalog, and the same catalog with a fleet's overrides applied.
import type { CatalogOverrideSpec } from "../spec/fleet.ts";
import type { CloudProvider, Provider } from "../spec/primitives.ts";
import { charts } from "./charts.ts";
import { kubeadmCatalog } from "./kubeadm.ts";
import { kubernetesVersions } from "./kubernetes-versions.ts";
import { meshes } from "./meshes.ts";
import { nameRules } from "./name-rules.ts";
import { awsRegions } from "./regions-aws.ts";
import { azureRegions } from "./regions-azure.ts";
import { gcpRegions } from "./regions-gcp.ts";
import type { Catalog, KubernetesVersionFact, RegionFact } from "./types.ts";
import { versionSkew } from "./version-skew.ts";

export const EU_COUNTRIES = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
  "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
] as const;

export const defaultCatalog: Catalog = {
  regions: { aws: awsRegions, gcp: gcpRegions, azure: azureRegions },
  kubernetesVersions,
  versionSkew,
  nameRules,
  charts,
  meshes,
  euCountries: EU_COUNTRIES,
  kubeadm: kubeadmCatalog,
};

/** The catalog with a fleet's `catalog:` overrides applied (regions added or replaced, version lists replaced). */
export function withOverrides(base: Catalog, overrides: CatalogOverrideSpec | undefined): Catalog {
  if (!overrides) return base;
  const regions = { ...base.regions };
  for (const provider of ["aws", "gcp", "azure"] as const satisfies readonly CloudProvider[]) {
    const extra = overrides.regions?.[provider];
    if (extra) regions[provider] = { ...base.regions[provider], ...(extra as Record<string, RegionFact>) };
  }
  const versions = { ...base.kubernetesVersions };
  for (const [provider, minors] of Object.entries(overrides.kubernetesVersions ?? {}) as [Provider, string[] | undefined][]) {
    if (minors) versions[provider] = { minors, source: "fleet spec catalog override" } satisfies KubernetesVersionFact;
  }
  return { ...base, regions, kubernetesVersions: versions };
}

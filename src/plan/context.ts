// What every planning step reads: the parsed spec, the catalog with the fleet's overrides,
// the observed state, the clock (as a value), and where problems go.
import type { Catalog, RegionFact } from "../catalog/types.ts";
import type { FleetSpec } from "../spec/fleet.ts";
import type { Provider } from "../spec/primitives.ts";
import type { ObservedFleet } from "./observed.ts";
import { Problems } from "./problems.ts";

export interface Wave {
  readonly name: string;
  readonly gate?: "healthy";
}

export interface PlanContext {
  readonly spec: FleetSpec;
  readonly catalog: Catalog;
  readonly observed: ObservedFleet | undefined;
  readonly now: Date | undefined;
  readonly problems: Problems;
  readonly waves: readonly Wave[];
  /** Retired clusters the decommission job approved for destruction in this run. */
  readonly decommission: ReadonlySet<string>;
  /** Clusters whose upgrade waits for an earlier wave, with the reason (see waves.ts). */
  holds: ReadonlyMap<string, { readonly reason: string; readonly message: string }>;
}

export function makeContext(
  spec: FleetSpec,
  catalog: Catalog,
  observed: ObservedFleet | undefined,
  now: Date | undefined,
  decommission: readonly string[] = [],
): PlanContext {
  const waves = spec.rollout.waves.map((w): Wave => (typeof w === "string" ? { name: w } : w.gate ? { name: w.name, gate: w.gate } : { name: w.name }));
  return { spec, catalog, observed, now, problems: new Problems(), waves, decommission: new Set(decommission), holds: new Map() };
}

const PROVIDER_LABEL: Record<Provider, string> = { aws: "AWS", gcp: "GCP", azure: "Azure", kubeadm: "kubeadm", existing: "existing" };
export const providerLabel = (p: Provider): string => PROVIDER_LABEL[p];
/** "an AWS region", "a GCP region", "an Azure region". */
export const aProvider = (p: Provider): string => `${/^[AEIOU]/.test(PROVIDER_LABEL[p]) ? "an" : "a"} ${PROVIDER_LABEL[p]}`;

/** A cloud region from the catalog, or a site from the spec for kubeadm and existing clusters. */
export function regionFact(ctx: PlanContext, provider: Provider, region: string): RegionFact | undefined {
  if (provider === "kubeadm" || provider === "existing") {
    const site = ctx.spec.sites[region];
    return site ? { country: site.country, zones: site.zones } : undefined;
  }
  return ctx.catalog.regions[provider][region];
}

/** Countries a jurisdiction allows; "EU" stands for the EU member states. */
export function allowedCountries(ctx: PlanContext, countries: readonly string[] | undefined): Set<string> | undefined {
  if (!countries) return undefined;
  return new Set(countries.flatMap((c) => (c === "EU" ? [...ctx.catalog.euCountries] : [c])));
}

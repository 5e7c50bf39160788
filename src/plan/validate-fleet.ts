// Checks that concern the fleet as a whole rather than one cluster.
import { listAllowed, show } from "../spec/issue.ts";
import { aProvider, allowedCountries, type PlanContext } from "./context.ts";

export function validateFleet(ctx: PlanContext): void {
  checkDuplicateNames(ctx);
  checkJurisdictions(ctx);
  checkWaves(ctx);
  checkGrafanaHub(ctx);
  checkRemovedClusters(ctx);
}

function checkDuplicateNames(ctx: PlanContext): void {
  const first = new Map<string, number>();
  ctx.spec.clusters.forEach((c, i) => {
    const prior = first.get(c.name);
    if (prior === undefined) first.set(c.name, i);
    else ctx.problems.error(`clusters[${i}].name`, "cluster/duplicate-name", `${show(c.name)} is also the name of clusters[${prior}]; cluster names must be unique in a fleet`, c.name);
  });
}

function checkJurisdictions(ctx: PlanContext): void {
  const { spec, catalog, problems } = ctx;
  const names = Object.keys(spec.jurisdictions);
  for (const [name, j] of Object.entries(spec.jurisdictions)) {
    const at = `jurisdictions.${name}`;
    const countries = allowedCountries(ctx, j.countries);
    for (const provider of ["aws", "gcp", "azure"] as const) {
      j.regions[provider].forEach((region, i) => {
        const fact = catalog.regions[provider][region];
        if (!fact) {
          problems.error(`${at}.regions.${provider}[${i}]`, "region/unknown", `${show(region)} is not ${aProvider(provider)} region in the catalog (add it under catalog.regions.${provider} if it is new)`, region);
        } else if (countries && !countries.has(fact.country)) {
          problems.error(`${at}.regions.${provider}[${i}]`, "jurisdiction/country-outside", `${show(region)} is in ${fact.country}, outside the jurisdiction's countries (${j.countries!.join(", ")})`, region);
        }
      });
    }
    j.sites.forEach((site, i) => {
      const s = spec.sites[site];
      if (!s) problems.error(`${at}.sites[${i}]`, "jurisdiction/unknown-site", `${show(site)} is not declared under \`sites\`; declared: ${listAllowed(Object.keys(spec.sites)) || "none"}`, site);
      else if (countries && !countries.has(s.country)) problems.error(`${at}.sites[${i}]`, "jurisdiction/country-outside", `site ${show(site)} is in ${s.country}, outside the jurisdiction's countries (${j.countries!.join(", ")})`, site);
    });
    j.mayPeerWith.forEach((other, i) => {
      if (other !== "*" && !names.includes(other)) {
        problems.error(`${at}.mayPeerWith[${i}]`, "jurisdiction/unknown", `${show(other)} is not a declared jurisdiction; allowed: ${listAllowed(["*", ...names.filter((n) => n !== name)])}`, other);
      }
    });
  }
}

function checkWaves(ctx: PlanContext): void {
  const seen = new Set<string>();
  ctx.waves.forEach((w, i) => {
    if (seen.has(w.name)) ctx.problems.error(`rollout.waves[${i}]`, "rollout/duplicate-wave", `wave ${show(w.name)} is listed twice`, w.name);
    seen.add(w.name);
  });
}

function checkGrafanaHub(ctx: PlanContext): void {
  const hub = ctx.spec.defaults.observability.grafanaHub;
  if (hub !== undefined && !ctx.spec.clusters.some((c) => c.name === hub)) {
    ctx.problems.error("defaults.observability.grafanaHub", "observability/unknown-hub", `${show(hub)} is not a cluster of this fleet; allowed: ${listAllowed(ctx.spec.clusters.map((c) => c.name))}`, hub);
  }
}

/**
 * Dropping a deployed cluster from the spec would make `pulumi up` destroy it without the
 * decommission safeguards. A cluster leaves the spec only after it was retired and removed.
 */
function checkRemovedClusters(ctx: PlanContext): void {
  if (!ctx.observed) return;
  const inSpec = new Set(ctx.spec.clusters.map((c) => c.name));
  for (const name of Object.keys(ctx.observed.clusters).sort()) {
    if (!inSpec.has(name)) {
      ctx.problems.error(
        "clusters",
        "lifecycle/removed-without-retirement",
        `cluster "${name}" is deployed but no longer in the spec; removing it would destroy it unguarded: put it back with lifecycle: { state: retired, decommissionAfter: <date> } and let the decommission job remove it`,
        name,
      );
    }
  }
}

// Which zones a cluster uses: the spec's, or the first ones the catalog lists for its region.
// HA needs three distinct zones; EKS needs subnets in two zones even without HA.
import type { ClusterSpec } from "../spec/cluster.ts";
import { listAllowed, show } from "../spec/issue.ts";
import { providerLabel, regionFact, type PlanContext } from "./context.ts";

export function zonesNeeded(c: ClusterSpec): number {
  if (c.controlPlane.ha) return 3;
  return c.provider === "aws" ? 2 : 1;
}

export function resolveZones(ctx: PlanContext, c: ClusterSpec, path: string): string[] {
  const fact = regionFact(ctx, c.provider, c.region);
  if (!fact) return []; // the unknown region is reported once, by the region check
  const available = fact.zones;
  const need = zonesNeeded(c);
  const where = c.provider === "kubeadm" || c.provider === "existing" ? `site "${c.region}"` : `${providerLabel(c.provider)} region "${c.region}"`;

  if (c.zones) {
    const unknown = c.zones.filter((z) => !available.includes(z));
    for (const z of unknown) {
      ctx.problems.error(`${path}.zones`, "zones/unknown", `zone ${show(z)} is not in ${where}; allowed: ${listAllowed(available)}`, z);
    }
    const chosen = [...new Set(c.zones)];
    if (c.provider !== "existing" && c.controlPlane.ha && chosen.length < 3) {
      ctx.problems.error(
        `${path}.zones`,
        "controlPlane/ha-zones",
        `got ${chosen.length} zone${chosen.length === 1 ? "" : "s"} (${chosen.join(", ")}); an HA control plane needs 3 distinct zones, or set controlPlane.ha: false`,
        c.zones,
      );
    }
    return chosen;
  }

  if (c.provider === "existing") return [...available];
  if (available.length < need) {
    if (c.controlPlane.ha) {
      ctx.problems.error(
        `${path}.region`,
        "controlPlane/ha-zones",
        `${where} has ${available.length} zone${available.length === 1 ? "" : "s"}${available.length ? ` (${available.join(", ")})` : ""}; an HA control plane needs 3: choose a region with 3 zones or set controlPlane.ha: false`,
        c.region,
      );
      return [...available];
    }
    // Azure regions without zones host zone-less clusters; everything else needs its minimum.
    if (!(c.provider === "azure" && available.length === 0)) {
      ctx.problems.error(`${path}.region`, "zones/too-few", `${where} has ${available.length} zones; ${providerLabel(c.provider)} needs at least ${need}`, c.region);
    }
    return [...available];
  }
  return available.slice(0, need);
}

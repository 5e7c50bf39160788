// Where a data-holding resource named in the spec lives, read from its identifier (an AWS ARN, a GCP
// resource name) or from the region the spec declares beside it (Azure IDs and Vault addresses carry
// none), and the check every one of them must pass: the cluster's own region, nothing else.
import type { ClusterSpec } from "../spec/cluster.ts";
import { show } from "../spec/issue.ts";
import type { PlanContext } from "./context.ts";

/** The region of an AWS ARN (`arn:<partition>:<service>:<region>:<account>:...`); undefined for global ones. */
export function awsArnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region ? region : undefined;
}

/** The location of a GCP resource name (`projects/<p>/locations/<location>/...`). */
export function gcpResourceLocation(name: string): string | undefined {
  return /^projects\/[^/]+\/locations\/([^/]+)\//.exec(name)?.[1];
}

/** Whether `region` is one of the cluster's jurisdiction's regions (or sites) for the cluster's provider. */
function inJurisdiction(ctx: PlanContext, c: ClusterSpec, region: string): boolean {
  const j = ctx.spec.jurisdictions[c.jurisdiction];
  if (!j) return false;
  const onPrem = c.provider === "kubeadm" || c.provider === "existing";
  const listed = onPrem ? j.sites : j.regions[c.provider as "aws" | "gcp" | "azure"];
  return listed.includes(region) || (Object.values(j.regions) as string[][]).some((r) => r.includes(region)) || j.sites.includes(region);
}

/**
 * Refuses a data location outside the cluster's region, naming the cluster and both regions (and
 * saying whether the other region is even outside the cluster's jurisdiction). Returns whether it passed.
 */
export function checkLocation(ctx: PlanContext, c: ClusterSpec, at: string, what: string, region: string | undefined, given: unknown): boolean {
  if (region === undefined) {
    ctx.problems.error(at, "sovereignty/location-unknown", `cluster "${c.name}" is in ${c.region}, but the region of its ${what} cannot be read from ${show(given)}; give one that names its region`, given);
    return false;
  }
  if (region === c.region) return true;
  const outside = inJurisdiction(ctx, c, region) ? `another region of jurisdiction "${c.jurisdiction}"` : `outside jurisdiction "${c.jurisdiction}"`;
  ctx.problems.error(
    at,
    "sovereignty/region-mismatch",
    `cluster "${c.name}" is in ${c.region} (jurisdiction "${c.jurisdiction}"), but its ${what} would be in ${region}, ${outside}; a cluster's storage, keys and secrets stay in its own region: use ${c.region} or leave the field unset`,
    given,
  );
  return false;
}

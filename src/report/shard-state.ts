// Where each shard's state lives, and whether that keeps it in its jurisdictions (the report's part of
// issue 13 item 5). A shard fails when its state would be kept in a backend other than one its
// jurisdictions declared (`state.holdsOutside`) without their consent to share (each may peer with the
// others), or when its backend URL names a region outside the jurisdiction that declared it. Only an
// s3:// URL names a region (`?region=`); gs:// and azblob:// URLs carry no location, so theirs is not
// checked (formats: src/shards/backend-url.ts).
import type { ShardPlan } from "../plan/shards.ts";
import { parseBackendUrl } from "../shards/backend-url.ts";

/** What the check needs of a jurisdiction: its AWS regions (spec `jurisdictions.<name>.regions.aws`). */
export interface StateJurisdiction {
  readonly regions: { readonly aws: readonly string[] };
}

export interface ShardStateCompliance {
  readonly shard: string;
  readonly jurisdictions: readonly string[];
  /** The backend URL, or "logged-in backend". */
  readonly backend: string;
  /** The jurisdiction that declared the backend. */
  readonly of?: string;
  readonly verdict: "pass" | "fail";
  readonly problems: readonly string[];
  /** Why it passes with a caveat (shared by consent, location not checked). */
  readonly notes: readonly string[];
}

export const LOGGED_IN_BACKEND = "logged-in backend";

export function shardStateCompliance(s: ShardPlan, jurisdictions: Readonly<Record<string, StateJurisdiction>>): ShardStateCompliance {
  const problems: string[] = [];
  const notes: string[] = [];
  const { backend, of, holdsOutside, consented } = s.state;
  if (holdsOutside.length) {
    const whose = `${holdsOutside.join(", ")}'s declared backend`;
    if (consented) notes.push(`holds data of ${holdsOutside.join(", ")}, kept outside ${whose} in ${of}'s: shared by consent (mayPeerWith)`);
    else problems.push(`state holds data of ${holdsOutside.join(", ")} but is kept in ${of}'s backend, outside ${whose}, and the jurisdictions do not all allow each other (mayPeerWith)`);
  }
  if (backend !== undefined && of !== undefined) {
    const loc = parseBackendUrl(backend);
    const allowed = jurisdictions[of]?.regions.aws ?? [];
    if (loc?.kind === "s3" && loc.endpoint) notes.push(`S3-compatible endpoint ${loc.endpoint}: location not checked`);
    else if (loc?.kind === "s3" && loc.region === undefined) notes.push("s3:// URL names no region (?region=): location not checked");
    else if (loc?.kind === "s3" && !allowed.includes(loc.region!)) {
      problems.push(`backend region ${loc.region} is outside jurisdiction ${of} (its AWS regions: ${allowed.join(", ") || "none"})`);
    } else if (loc?.kind === "gs" || loc?.kind === "azblob") notes.push(`${loc.kind}:// URL carries no location: location not checked`);
    else if (loc?.kind === "file") notes.push("a directory on the machine that runs the shard: location is the runner's");
  }
  return {
    shard: s.name,
    jurisdictions: s.jurisdictions,
    backend: backend ?? LOGGED_IN_BACKEND,
    ...(of !== undefined ? { of } : {}),
    verdict: problems.length ? "fail" : "pass",
    problems,
    notes,
  };
}

export function shardStateReport(shards: readonly ShardPlan[], jurisdictions: Readonly<Record<string, StateJurisdiction>>): ShardStateCompliance[] {
  return shards.map((s) => shardStateCompliance(s, jurisdictions));
}

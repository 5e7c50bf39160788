// Which region a resource must be in (its cluster's) and which region it is in, read from what
// `pulumi preview` hands a policy: the resource's own inputs (fleet labels and tags, locations), the
// inputs of the provider it is created with (the AWS provider's region and default tags, the GCP
// provider's default labels), and optionally the pack's config, which maps cluster names to the
// plan's regions and zones (`clusterfleet report --policy-config` prints it).
import type { ResourceValidationArgs } from "@pulumi/policy";

/** The pack's config: the plan's clusters, so a wrong label cannot move a resource's expected region. */
export interface SovereigntyConfig {
  readonly clusters?: Readonly<Record<string, { readonly region: string; readonly zones?: readonly string[] }>>;
}

/** What a rule reads: the subset of ResourceValidationArgs the tests can build from a recorded run. */
export type RuleArgs = Pick<ResourceValidationArgs, "type" | "props" | "urn" | "name" | "provider" | "getConfig">;

const UNKNOWN = new Set(["04da6b54-80e4-46f7-96ec-b56ff0331ba9", "[unknown]"]);
/** A value known at preview time (unknown outputs arrive as a sentinel, or not at all). */
export const known = (v: unknown): v is string => typeof v === "string" && !UNKNOWN.has(v);

type Json = Record<string, any>;
/** Providers serialise nested config as JSON strings; resources pass objects. */
const obj = (v: unknown): Json | undefined => {
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as Json;
    } catch {
      return undefined;
    }
  }
  return v && typeof v === "object" ? (v as Json) : undefined;
};

/** The fleet labels the planner puts on every resource of a cluster (tags, labels, or object labels). */
function fleetLabels(args: RuleArgs): Json {
  const p = args.props;
  const provider = args.provider?.props ?? {};
  return {
    ...(obj(obj(provider["defaultTags"])?.["tags"]) ?? {}),
    ...(obj(provider["defaultLabels"]) ?? {}),
    ...(obj(p["tags"]) ?? {}),
    ...(obj(p["labels"]) ?? {}),
  };
}

export interface Expected {
  readonly cluster?: string;
  readonly region: string;
  readonly zones?: readonly string[];
}

/** The region the resource's cluster is in: from the config (by cluster name) or the fleet labels; undefined when not a fleet resource. */
export function expectedRegion(args: RuleArgs): Expected | undefined {
  const labels = fleetLabels(args);
  const meta = obj(obj(args.props["metadata"])?.["labels"]) ?? {};
  const cluster = (meta["clusterfleet.dev/cluster"] ?? labels["cluster"]) as string | undefined;
  const fromConfig = cluster ? (args.getConfig<SovereigntyConfig>().clusters ?? {})[cluster] : undefined;
  if (fromConfig) return { cluster: cluster!, region: fromConfig.region, ...(fromConfig.zones ? { zones: fromConfig.zones } : {}) };
  const region = (meta["clusterfleet.dev/region"] ?? labels["region"]) as string | undefined;
  return known(region) ? { ...(cluster ? { cluster } : {}), region } : undefined;
}

/** Where an AWS resource is created: its own `region` input (AWS provider v7) or its provider's. */
export function awsRegion(args: RuleArgs): string | undefined {
  const own = args.props["region"];
  if (known(own)) return own;
  const p = args.provider?.props["region"];
  return known(p) ? p : undefined;
}

/** GCP and Azure locations are compared case-insensitively (GCS reports them uppercase). */
export const sameRegion = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The message every rule reports: what, where it is, where its cluster is. */
export function elsewhere(what: string, actual: string, e: Expected): string {
  return `${what} is in ${actual}, but its cluster${e.cluster ? ` "${e.cluster}"` : ""} is in ${e.region}: a cluster's data stays in its own region`;
}

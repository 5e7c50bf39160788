// The options of `clusterfleet up` and `clusterfleet destroy`, checked before anything is planned or
// run: a bad value names its flag, echoes what was given and says what is allowed.
import type { ShardPlan } from "../plan/shards.ts";
import { CliError, EXIT } from "./errors.ts";

export interface ShardRunOptions {
  readonly stack?: string;
  readonly parallel?: string;
  readonly shard?: readonly string[];
  readonly now?: string;
}

export interface UpOptions extends ShardRunOptions {
  readonly preview?: boolean;
  readonly force?: boolean;
}

export interface DestroyOptions extends ShardRunOptions {
  readonly yes?: boolean;
}

export const DEFAULT_PARALLEL = 4;
/** Each shard runs a Pulumi CLI, a language host and its provider plugins: past this, one machine thrashes. */
export const MAX_PARALLEL = 64;

export function parseParallel(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PARALLEL;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLEL) {
    throw new CliError(`--parallel: got ${JSON.stringify(value)}; expected a whole number of shards to run at once, 1 to ${MAX_PARALLEL} (default ${DEFAULT_PARALLEL})`, EXIT.usage);
  }
  return n;
}

/** The plan's shards named by --shard (all without it), in plan order; unknown names refused together. */
export function selectShards(shards: readonly ShardPlan[], names: readonly string[] | undefined, stack: string): ShardPlan[] {
  if (!names?.length) return [...shards];
  const known = new Set(shards.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new CliError(`--shard: ${unknown.map((n) => JSON.stringify(n)).join(", ")} ${unknown.length > 1 ? "are" : "is"} not a shard of stack ${stack}; its shards: ${[...known].join(", ")} (clusterfleet shards --stack ${stack})`, EXIT.usage);
  }
  const wanted = new Set(names);
  return shards.filter((s) => wanted.has(s.name));
}

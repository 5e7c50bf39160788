// The whole fleet's observed state as this machine's run record knows it: the union of every shard's
// `observed` output from its last successful update. Each shard records only its own part (a cluster
// shard its clusters, a fabric shard its ASNs and tunnels), but every shard plans the whole fleet: a
// shard that saw only its own part would allocate a new cluster's ranges, or judge a wave's health,
// without the others' recorded state. `clusterfleet up` passes this union to each shard's stack as
// `clusterfleet:observed` (the program lays the shard's own state and its predecessors' over it).
import { mergeObserved, parseObserved, type ObservedFleet } from "../plan/observed.ts";
import type { RunRecord } from "./resume.ts";

/** Parsed parts by the record's own objects: a run gathers once per shard start, and a part changes only when its shard runs. */
const parsed = new WeakMap<object, ObservedFleet | null>();
function readPart(raw: unknown): ObservedFleet | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  let part = parsed.get(raw);
  if (part === undefined) {
    try {
      part = parseObserved(raw);
    } catch {
      part = null; // written by another version: that shard's own state still counts in its own run
    }
    parsed.set(raw, part);
  }
  return part ?? undefined;
}

/** The union of the record's observed parts, in shard name order. */
export function gatheredObserved(record: RunRecord): ObservedFleet | undefined {
  return mergeObserved(
    Object.keys(record.shards)
      .sort()
      .map((name) => readPart(record.shards[name]!.observed)),
  );
}

/** The shard stack's plain config with the gathered state as `clusterfleet:observed`, over any the stack file gives. */
export function withObserved(plain: Readonly<Record<string, unknown>>, gathered: ObservedFleet | undefined): Readonly<Record<string, unknown>> {
  if (!gathered) return plain;
  const key = "clusterfleet:observed";
  // `pulumi config set clusterfleet:observed '{...}'` keeps it as a JSON string; structured config as an object.
  const given = plain[key];
  const own = given === undefined ? undefined : parseObserved(typeof given === "string" ? JSON.parse(given) : given);
  return { ...plain, [key]: mergeObserved([own, gathered]) };
}

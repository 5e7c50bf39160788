// Resume: a rerun of `clusterfleet up` runs again the shards that failed, were skipped or whose
// inputs changed, and reports the others "unchanged" without touching their stacks.
//
// Where the last result is kept: a small JSON file per fleet stack in the project,
// `.clusterfleet/runs/<stack>.json`, written after every shard that finishes (so a run killed
// half-way keeps what it finished). Not a stack tag: tags need a backend call per shard just to
// decide to do nothing (the point of resuming is not to open 200 stacks), and self-managed
// backends have not always kept them. The file says what THIS machine last did; a shard changed
// from elsewhere with the same inputs is still reported unchanged, and `--force` runs everything.
// The engine's checkpoint stays the truth: running an unchanged shard anyway is a no-op update.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ShardOutcome } from "./schedule.ts";

export interface ShardRecord {
  /** The shard's input hash (`shardInputHash`) when it last finished. */
  readonly hash: string;
  readonly status: "succeeded" | "failed";
  /** ISO time it finished. */
  readonly at: string;
  /**
   * The shard's `observed` output after its last successful update (kept when a later one fails: the
   * stack keeps its outputs then). `clusterfleet up` passes their union to every shard (fleet-observed.ts).
   */
  readonly observed?: unknown;
  /** Its state was moved from the single stack by `clusterfleet migrate` and it has not succeeded since (moved-state.ts). */
  readonly moved?: boolean;
}

export interface RunRecord {
  readonly version: 1;
  readonly stack: string;
  readonly shards: Readonly<Record<string, ShardRecord>>;
}

/** Everything a shard's update depends on that this machine can see before running it. */
export interface ShardInputs {
  /** The shard's plan entry (what it renders, reads, where its state is). */
  readonly shard: unknown;
  /** The plan's decisions about the shard's clusters (versions, actions, waves: they move with the clock). */
  readonly clusters: unknown;
  /** The fleet stack file's whole config, as written (secure values as their ciphertext). */
  readonly config: unknown;
  /** The ClusterFleet version: a new version may render the same spec differently. */
  readonly version: string;
}

/** JSON with object keys sorted, so equal inputs hash equally whatever order a file listed them in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

export function shardInputHash(inputs: ShardInputs): string {
  return createHash("sha256").update(canonical(inputs)).digest("hex").slice(0, 32);
}

/**
 * Why a shard need not run (reported as its "unchanged" reason), or undefined to run it: it runs
 * when forced, never finished, last failed, its inputs changed, or a shard it reads changed
 * something in this run (its outputs, the shard's inputs, may differ).
 */
export function resumeReason(record: ShardRecord | undefined, hash: string, upstream: ReadonlyMap<string, ShardOutcome>, force: boolean): string | undefined {
  if (force || !record || record.status !== "succeeded" || record.hash !== hash) return undefined;
  for (const o of upstream.values()) {
    if (o.status === "succeeded" && Object.entries(o.changes).some(([op, n]) => op !== "same" && n > 0)) return undefined;
  }
  return `same inputs as its update of ${record.at.slice(0, 16).replace("T", " ")} UTC`;
}

export const runRecordPath = (projectDir: string, stack: string): string => join(projectDir, ".clusterfleet", "runs", `${stack}.json`);

/** The last run's record, or an empty one (no file, or one this version cannot read: everything runs). */
export function readRunRecord(path: string, stack: string): RunRecord {
  try {
    const doc = JSON.parse(readFileSync(path, "utf8")) as RunRecord;
    if (doc.version === 1 && doc.stack === stack && doc.shards && typeof doc.shards === "object") return doc;
  } catch {
    // No record yet, or unreadable: resuming then means running everything, which is safe.
  }
  return { version: 1, stack, shards: {} };
}

/** The record with one shard's result in it, written through a temporary file so a crash never leaves half a file. */
export function recordShard(path: string, record: RunRecord, shard: string, entry: ShardRecord | undefined): RunRecord {
  const shards = { ...record.shards };
  if (entry) shards[shard] = entry;
  else delete shards[shard];
  const next: RunRecord = { ...record, shards };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return next;
}

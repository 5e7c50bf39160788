// One sharded run: the scheduler, resume from the run record, and the progress board, around a
// `runOne` that operates one shard's stack (the Automation API adapter in the CLI and the engine
// tests, a fake in the unit tests).
import type { ObservedFleet } from "../plan/observed.ts";
import { gatheredObserved } from "./fleet-observed.ts";
import type { ProgressBoard, ProgressEvent } from "./progress.ts";
import { readRunRecord, recordShard, resumeReason, type RunRecord } from "./resume.ts";
import { runSchedule, type ScheduleItem, type ShardResult, type ShardRun } from "./schedule.ts";

export type ShardOp = "up" | "preview" | "destroy";

export interface RunnableShard extends ScheduleItem {
  /** The shard's input hash (resume.ts); only `up` reads and records it. */
  readonly hash: string;
}

/** What a shard's run is given from the run record. */
export interface RunContext {
  /** The whole fleet's observed state (fleet-observed.ts). */
  readonly observed: ObservedFleet | undefined;
  /** Its state was moved from the single stack and has not been updated since (`clusterfleet migrate`). */
  readonly moved: boolean;
}

export interface RunShardsOptions {
  readonly op: ShardOp;
  readonly parallel: number;
  /** `up`: run every shard, also those unchanged since their last update. */
  readonly force: boolean;
  /** The run record (`.clusterfleet/runs/<stack>.json`); `up` resumes from it and keeps it current. */
  readonly recordPath: string;
  /** The fleet stack, as the record names it. */
  readonly stack: string;
  /** Operates one shard's stack with what the run record knows when it starts (RunContext). */
  readonly runOne: (name: string, onProgress: (e: ProgressEvent) => void, context: RunContext) => Promise<ShardRun>;
  readonly board: ProgressBoard;
  /** Milliseconds since the epoch (durations, and the record's times). */
  readonly clock: () => number;
}

export async function runShards(shards: readonly RunnableShard[], o: RunShardsOptions): Promise<ShardResult[]> {
  const byName = new Map(shards.map((s) => [s.name, s]));
  // A preview changes nothing, so it neither resumes nor records; a destroy forgets what it destroyed.
  let record: RunRecord = readRunRecord(o.recordPath, o.stack);
  const observedOf = new Map<string, unknown>();
  return await runSchedule(shards, {
    parallel: o.parallel,
    clock: o.clock,
    ...(o.op === "up" ? { unchanged: (name, upstream) => resumeReason(record.shards[name], byName.get(name)!.hash, upstream, o.force) } : {}),
    // Read when the shard starts: the shards it runs after have recorded their part by then.
    run: async (name) => {
      const r = await o.runOne(name, (e) => o.board.event(name, e), { observed: gatheredObserved(record), moved: record.shards[name]?.moved === true });
      if (r.observed !== undefined) observedOf.set(name, r.observed);
      return r;
    },
    onStart: (name) => o.board.start(name, o.op),
    onFinish: (r) => {
      o.board.finish(r);
      const at = new Date(o.clock()).toISOString();
      if (o.op === "up" && (r.outcome.status === "succeeded" || r.outcome.status === "failed")) {
        // A failed update leaves the stack's outputs as they were: so does the record.
        const failed = r.outcome.status === "failed";
        const observed = failed ? record.shards[r.name]?.observed : observedOf.get(r.name);
        // A moved shard keeps adopting its moved state until an update succeeds.
        const moved = failed && record.shards[r.name]?.moved === true;
        record = recordShard(o.recordPath, record, r.name, { hash: byName.get(r.name)!.hash, status: r.outcome.status, at, ...(observed !== undefined ? { observed } : {}), ...(moved ? { moved } : {}) });
      } else if (o.op === "destroy" && r.outcome.status === "succeeded") {
        record = recordShard(o.recordPath, record, r.name, undefined);
      }
    },
  });
}

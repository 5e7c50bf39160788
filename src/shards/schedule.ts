// Runs shards in dependency order, N at a time. Pure of Pulumi: what "running a shard" means is the
// caller's `run` (the Automation API in the CLI, a fake in the tests), so the ordering, the limit and
// the failure rules are tested on their own.
//
// Rules:
// - A shard starts only when every shard of its `after` that is in this run has succeeded (or was
//   unchanged). Shards of `after` that are not in this run (the user picked shards with --shard)
//   are taken as done: the user asked for exactly these.
// - At most `parallel` shards run at once; ready shards start in the order given (stage, then name).
// - A failed shard marks every shard that depends on it, transitively, "skipped"; every other shard
//   still runs. Nothing else stops a run.
// - Before a ready shard runs, `unchanged` may say it need not (resume): it is reported unchanged
//   and counts as done for its dependents.

export interface ScheduleItem {
  readonly name: string;
  readonly after: readonly string[];
}

/** What an operation on one shard did: resource operations by kind (create, update, same, ...). */
export interface ShardRun {
  readonly changes: Readonly<Record<string, number>>;
  /** `up`: the shard stack's `observed` output after the update (its part of the fleet's observed state). */
  readonly observed?: unknown;
}

export type ShardOutcome =
  | { readonly status: "succeeded"; readonly changes: Readonly<Record<string, number>> }
  | { readonly status: "unchanged"; readonly reason: string }
  | { readonly status: "failed"; readonly message: string }
  | { readonly status: "skipped"; readonly reason: string };

export interface ShardResult {
  readonly name: string;
  readonly outcome: ShardOutcome;
  /** Wall time of its run; 0 when it did not run. */
  readonly durationMs: number;
}

export interface ScheduleOptions {
  /** At most this many shards run at once (a whole number, at least 1). */
  readonly parallel: number;
  /** Runs one shard; a rejection is its failure, with the error's message. */
  readonly run: (name: string) => Promise<ShardRun>;
  /** Why a ready shard need not run (resume), or undefined to run it. Sees the outcomes of its `after`. */
  readonly unchanged?: (name: string, upstream: ReadonlyMap<string, ShardOutcome>) => string | undefined;
  readonly onStart?: (name: string) => void;
  readonly onFinish?: (result: ShardResult) => void;
  /** Milliseconds, for durations (the CLI passes Date.now; tests a fake). */
  readonly clock: () => number;
}

const isDone = (o: ShardOutcome | undefined): boolean => o?.status === "succeeded" || o?.status === "unchanged";

/** Runs every item as the rules above say; one result per item, in the items' order. */
export async function runSchedule(items: readonly ScheduleItem[], opts: ScheduleOptions): Promise<ShardResult[]> {
  if (!Number.isInteger(opts.parallel) || opts.parallel < 1) throw new Error(`parallel must be a whole number, at least 1 (got ${opts.parallel})`);
  const names = new Set(items.map((i) => i.name));
  if (names.size !== items.length) throw new Error("runSchedule: shard names must be unique");
  // Only prerequisites inside this run are waited for (see the rules above).
  const deps = new Map(items.map((i) => [i.name, i.after.filter((a) => names.has(a))]));
  const results = new Map<string, ShardResult>();
  const running = new Map<string, Promise<void>>();
  /** For a skipped shard, the failed shard it waited on. */
  const failedRoot = new Map<string, string>();

  const finish = (r: ShardResult): void => {
    results.set(r.name, r);
    opts.onFinish?.(r);
  };

  /** Marks pending shards whose prerequisite failed or was skipped, until nothing more changes. */
  const skipDependents = (): void => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const item of items) {
        if (results.has(item.name) || running.has(item.name)) continue;
        const blocker = deps.get(item.name)!.find((d) => {
          const o = results.get(d)?.outcome;
          return o?.status === "failed" || o?.status === "skipped";
        });
        if (blocker === undefined) continue;
        // Name the shard that actually failed, not a skipped one in between.
        const root = failedRoot.get(blocker) ?? blocker;
        failedRoot.set(item.name, root);
        finish({ name: item.name, outcome: { status: "skipped", reason: `after failed ${root}` }, durationMs: 0 });
        changed = true;
      }
    }
  };

  const start = (name: string): void => {
    opts.onStart?.(name);
    const began = opts.clock();
    const task = (async () => {
      let outcome: ShardOutcome;
      try {
        outcome = { status: "succeeded", changes: (await opts.run(name)).changes };
      } catch (e) {
        outcome = { status: "failed", message: e instanceof Error ? e.message : String(e) };
      }
      running.delete(name);
      finish({ name, outcome, durationMs: opts.clock() - began });
    })();
    running.set(name, task);
  };

  for (;;) {
    // Start what is ready, until a pass changes nothing: an unchanged shard may make its dependents
    // ready in the same pass, and needs no slot of `parallel` (it does not run).
    for (let progressed = true; progressed; ) {
      progressed = false;
      skipDependents();
      for (const item of items) {
        if (results.has(item.name) || running.has(item.name)) continue;
        const ds = deps.get(item.name)!;
        if (!ds.every((d) => isDone(results.get(d)?.outcome))) continue;
        const reason = opts.unchanged?.(item.name, new Map(ds.map((d) => [d, results.get(d)!.outcome])));
        if (reason !== undefined) {
          finish({ name: item.name, outcome: { status: "unchanged", reason }, durationMs: 0 });
          progressed = true;
        } else if (running.size < opts.parallel) start(item.name);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // Left over only when prerequisites form a cycle (the planner never makes one): say so, run nothing.
  for (const item of items) {
    if (!results.has(item.name)) finish({ name: item.name, outcome: { status: "skipped", reason: "its prerequisites form a cycle" }, durationMs: 0 });
  }
  return items.map((i) => results.get(i.name)!);
}

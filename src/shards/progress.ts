// Live progress of a sharded run. On a terminal: one line per running shard, redrawn in place
// (log-update), finished shards printed once above them. Elsewhere (a pipe, a CI log): plain lines,
// one per event worth a line: a shard starts, every `every` resources it finishes, a resource fails,
// a shard ends. Counting engine events is separate from drawing, so the counts are tested on data.
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import type { ShardResult } from "./schedule.ts";

/** What one engine event means for the progress of a shard. */
export type ProgressEvent = { readonly kind: "resource-done"; readonly op: string } | { readonly kind: "resource-failed"; readonly urn: string };

/** The progress an engine event reports, if any (step outputs count a resource done; failed steps a failure). */
export function progressOf(e: EngineEvent): ProgressEvent | undefined {
  // Provider resources are not counted: the engine's own change summary leaves them out too.
  if (e.resOutputsEvent) return e.resOutputsEvent.metadata.type.startsWith("pulumi:providers:") ? undefined : { kind: "resource-done", op: e.resOutputsEvent.metadata.op };
  if (e.resOpFailedEvent) return { kind: "resource-failed", urn: e.resOpFailedEvent.metadata.urn };
  return undefined;
}

interface Running {
  readonly label: string;
  readonly began: number;
  done: number;
  failed: number;
  readonly ops: Record<string, number>;
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** `create 3, update 1` (operations other than `same`, in a fixed order), or "no changes". */
export function formatChanges(changes: Readonly<Record<string, number>>): string {
  const order = ["create", "update", "replace", "delete", "create-replacement", "delete-replaced", "read", "refresh"];
  const ops = Object.entries(changes)
    .filter(([op, n]) => op !== "same" && n > 0)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return ops.length ? ops.map(([op, n]) => `${op} ${n}`).join(", ") : "no changes";
}

export function formatOutcome(r: ShardResult): string {
  const o = r.outcome;
  switch (o.status) {
    case "succeeded":
      return "succeeded";
    case "unchanged":
      return `unchanged (${o.reason})`;
    case "failed":
      return "failed";
    case "skipped":
      return `skipped (${o.reason})`;
  }
}

/** Where the board draws: plain lines, or a block redrawn in place. */
export interface ProgressSink {
  /** A line that stays (plain mode: every line). */
  line(s: string): void;
  /** The block of running shards, replacing the previous one (terminal only). */
  redraw?(lines: readonly string[]): void;
}

export class ProgressBoard {
  private readonly running = new Map<string, Running>();
  private readonly sink: ProgressSink;
  private readonly clock: () => number;
  private readonly every: number;

  /** `every`: in plain mode, a line per this many finished resources of a shard. */
  constructor(sink: ProgressSink, clock: () => number, every = 25) {
    this.sink = sink;
    this.clock = clock;
    this.every = every;
  }

  start(name: string, label: string): void {
    this.running.set(name, { label, began: this.clock(), done: 0, failed: 0, ops: {} });
    if (this.sink.redraw) this.draw();
    else this.sink.line(`${name}: ${label} started`);
  }

  event(name: string, e: ProgressEvent): void {
    const r = this.running.get(name);
    if (!r) return;
    if (e.kind === "resource-done") {
      r.done++;
      r.ops[e.op] = (r.ops[e.op] ?? 0) + 1;
      if (this.sink.redraw) this.draw();
      else if (r.done % this.every === 0) this.sink.line(`${name}: ${this.counts(r)}`);
    } else {
      r.failed++;
      // A failure is worth a line that stays, in both modes.
      this.sink.line(`${name}: failed ${e.urn}`);
      if (this.sink.redraw) this.draw();
    }
  }

  finish(r: ShardResult): void {
    this.running.delete(r.name);
    const changes = r.outcome.status === "succeeded" ? `, ${formatChanges(r.outcome.changes)}` : "";
    const message = r.outcome.status === "failed" ? `: ${firstLine(r.outcome.message)}` : "";
    const took = r.durationMs > 0 ? ` in ${formatDuration(r.durationMs)}` : "";
    this.sink.line(`${r.name}: ${formatOutcome(r)}${took}${changes}${message}`);
    if (this.sink.redraw) this.draw();
  }

  /** Redraws the running block (a terminal's clock ticks between events). */
  tick(): void {
    this.draw();
  }

  /** The running shards' lines, as the terminal shows them. */
  lines(): string[] {
    const now = this.clock();
    return [...this.running].map(([name, r]) => `… ${name}: ${r.label}, ${this.counts(r)}, ${formatDuration(now - r.began)}`);
  }

  private counts(r: Running): string {
    return `${r.done} resource${r.done === 1 ? "" : "s"} done (${formatChanges(r.ops)})${r.failed ? `, ${r.failed} failed` : ""}`;
  }

  private draw(): void {
    this.sink.redraw?.(this.lines());
  }
}

export const firstLine = (s: string): string => s.split("\n").find((l) => l.trim())?.trim() ?? "";

/** Plain lines through `out` (a pipe, a CI log, the tests). */
export const plainSink = (out: (s: string) => void): ProgressSink => ({ line: out });

/** A terminal: finished lines printed above a block of running shards that log-update redraws. */
export async function terminalSink(stream: NodeJS.WriteStream): Promise<ProgressSink & { close(): void }> {
  const { createLogUpdate } = await import("log-update");
  const block = createLogUpdate(stream);
  let last: readonly string[] = [];
  return {
    line(s) {
      block.clear();
      stream.write(`${s}\n`);
      block(last.join("\n"));
    },
    redraw(lines) {
      last = lines;
      block(lines.join("\n"));
    },
    close() {
      block.clear();
      block.done();
    },
  };
}

// The progress board: engine events counted per shard, plain lines when not on a terminal, a redrawn
// block on one; and the summary table.
import { describe, expect, it } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation/index.js";
import { renderRunSummary } from "../../src/cli/render-run.ts";
import { formatChanges, formatDuration, progressOf, ProgressBoard, type ProgressSink } from "../../src/shards/progress.ts";

const event = (e: Partial<EngineEvent>): EngineEvent => ({ sequence: 1, timestamp: 0, ...e }) as EngineEvent;

describe("progressOf", () => {
  it("counts a resource done on its outputs and a failure on a failed step, nothing else", () => {
    expect(progressOf(event({ resOutputsEvent: { metadata: { op: "create", urn: "u", type: "t", provider: "" } } as never }))).toEqual({ kind: "resource-done", op: "create" });
    expect(progressOf(event({ resOpFailedEvent: { metadata: { op: "update", urn: "urn:x", type: "t", provider: "" }, status: 1, steps: 0 } as never }))).toEqual({ kind: "resource-failed", urn: "urn:x" });
    expect(progressOf(event({ resOutputsEvent: { metadata: { op: "create", urn: "u", type: "pulumi:providers:pulumi", provider: "" } } as never }))).toBeUndefined();
    expect(progressOf(event({ resourcePreEvent: { metadata: { op: "create", urn: "u", type: "t", provider: "" } } as never }))).toBeUndefined();
    expect(progressOf(event({ diagnosticEvent: { message: "m", color: "never", severity: "info" } }))).toBeUndefined();
  });
});

describe("ProgressBoard, not on a terminal", () => {
  it("prints a line per start, per N resources, per failure and per end", () => {
    const lines: string[] = [];
    let t = 0;
    const board = new ProgressBoard({ line: (s) => lines.push(s) }, () => (t += 500), 2);
    board.start("cluster-a", "up");
    board.event("cluster-a", { kind: "resource-done", op: "create" });
    board.event("cluster-a", { kind: "resource-done", op: "same" });
    board.event("cluster-a", { kind: "resource-done", op: "create" });
    board.event("cluster-a", { kind: "resource-failed", urn: "urn:pulumi:s::p::aws:ec2/vpc:Vpc::a-vpc" });
    board.event("nobody", { kind: "resource-done", op: "create" });
    board.finish({ name: "cluster-a", outcome: { status: "failed", message: "vpc quota\nmore" }, durationMs: 61_000 });
    board.finish({ name: "fabric", outcome: { status: "skipped", reason: "after failed cluster-a" }, durationMs: 0 });
    expect(lines).toEqual([
      "cluster-a: up started",
      "cluster-a: 2 resources done (create 1)",
      "cluster-a: failed urn:pulumi:s::p::aws:ec2/vpc:Vpc::a-vpc",
      "cluster-a: failed in 1m01s: vpc quota",
      "fabric: skipped (after failed cluster-a)",
    ]);
  });
});

describe("ProgressBoard, on a terminal", () => {
  it("redraws one line per running shard, and prints finished ones once", () => {
    const frames: string[][] = [];
    const lines: string[] = [];
    const sink: ProgressSink = { line: (s) => lines.push(s), redraw: (l) => frames.push([...l]) };
    let t = 0;
    const board = new ProgressBoard(sink, () => (t += 1000));
    board.start("a", "up");
    board.start("b", "preview");
    board.event("b", { kind: "resource-done", op: "update" });
    expect(frames.at(-1)).toEqual([expect.stringMatching(/^… a: up, 0 resources done \(no changes\), \d+\.\ds$/), expect.stringMatching(/^… b: preview, 1 resource done \(update 1\), \d+\.\ds$/)]);
    board.finish({ name: "a", outcome: { status: "succeeded", changes: { create: 2, same: 1 } }, durationMs: 2500 });
    expect(frames.at(-1)).toHaveLength(1);
    expect(lines).toEqual(["a: succeeded in 2.5s, create 2"]);
  });
});

describe("formatting", () => {
  it("orders changes and drops `same`; durations in s or m:ss", () => {
    expect(formatChanges({ same: 9, delete: 1, create: 3, update: 2 })).toBe("create 3, update 2, delete 1");
    expect(formatChanges({ same: 9 })).toBe("no changes");
    expect(formatDuration(1234)).toBe("1.2s");
    expect(formatDuration(125_000)).toBe("2m05s");
  });

  it("summarises a run: totals, a row per shard, the failures' messages", () => {
    const text = renderRunSummary(
      "Update of global",
      [
        { name: "a", outcome: { status: "succeeded", changes: { create: 1 } }, durationMs: 1000 },
        { name: "b", outcome: { status: "failed", message: "boom (log: x.log)" }, durationMs: 2000 },
        { name: "c", outcome: { status: "skipped", reason: "after failed b" }, durationMs: 0 },
        { name: "d", outcome: { status: "unchanged", reason: "same inputs" }, durationMs: 0 },
      ],
      (n) => (n === "a" ? 0 : 1),
    );
    expect(text).toMatch(/^Update of global: 1 succeeded, 1 unchanged, 1 failed, 1 skipped/);
    expect(text).toMatch(/│ c\s+│ 1\s+│ skipped \(after failed b\)\s+│ -\s+│ -\s+│/);
    expect(text).toMatch(/Failed:\n {2}b: boom \(log: x\.log\)$/);
  });
});

describe("cliError", () => {
  it("takes the Pulumi CLI's first error line, not the Automation API's exit code", async () => {
    const { cliError } = await import("../../src/shards/shard-stack.ts");
    const message = "code: -2\n stdout: Previewing update (global.x):\n\n stderr: error: failed to load language plugin nodejs: no language plugin 'pulumi-language-nodejs' found\n err?: Error: Command failed";
    expect(cliError(message)).toBe("failed to load language plugin nodejs: no language plugin 'pulumi-language-nodejs' found");
    expect(cliError("something else\nmore")).toBe("something else");
  });
});

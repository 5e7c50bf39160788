// The summary table printed at the end of a sharded run (cli-table3, as the other tables).
import { formatChanges, formatDuration, formatOutcome } from "../shards/progress.ts";
import type { ShardResult } from "../shards/schedule.ts";
import { plainTable } from "./render-plan.ts";

export function renderRunSummary(title: string, results: readonly ShardResult[], stageOf: (shard: string) => number | undefined): string {
  const t = plainTable(["SHARD", "STAGE", "RESULT", "DURATION", "CHANGES"]);
  for (const r of results) {
    const changes = r.outcome.status === "succeeded" ? formatChanges(r.outcome.changes) : "-";
    t.push([r.name, String(stageOf(r.name) ?? "-"), formatOutcome(r), r.durationMs > 0 ? formatDuration(r.durationMs) : "-", changes]);
  }
  const count = (s: ShardResult["outcome"]["status"]) => results.filter((r) => r.outcome.status === s).length;
  const totals = `${count("succeeded")} succeeded, ${count("unchanged")} unchanged, ${count("failed")} failed, ${count("skipped")} skipped`;
  const failures = results.flatMap((r) => (r.outcome.status === "failed" ? [`  ${r.name}: ${r.outcome.message}`] : []));
  return [`${title}: ${totals}`, t.toString(), ...(failures.length ? ["Failed:", ...failures] : [])].join("\n");
}

// The report's section on where each shard's state lives, as people read it.
import type { ShardStateCompliance } from "../report/shard-state.ts";
import { plainTable } from "./render-plan.ts";

export function renderShardState(shards: readonly ShardStateCompliance[]): string[] {
  if (!shards.length) return [];
  const t = plainTable(["SHARD", "JURISDICTIONS", "STATE", "VERDICT"]);
  for (const s of shards) t.push([s.shard, s.jurisdictions.join(", ") || "-", `${s.backend}${s.of ? `\n(${s.of}'s)` : ""}`, [s.verdict.toUpperCase(), ...s.notes].join("\n")]);
  const failing = shards.filter((s) => s.verdict === "fail");
  return ["Where each shard's state lives", t.toString(), ...failing.flatMap((s) => [`shard ${s.shard} fails:`, ...s.problems.map((p) => `  - ${p}`)])];
}

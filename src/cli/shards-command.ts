// `clusterfleet shards --stack NAME [--json] [--stage N] [--now ISO-DATE]`: the stacks a sharded run
// is made of, for a CI matrix (`--json`, built with `fromJSON`) or a reader (a table).
import { shardsSummary, type ShardsSummary } from "../shards/summary.ts";
import { CliError, EXIT } from "./errors.ts";
import { plainTable } from "./render-plan.ts";
import { planShardedStack } from "./sharded-stack.ts";

export interface ShardsOptions {
  readonly stack?: string;
  readonly json?: boolean;
  readonly stage?: string;
  readonly now?: string;
}

export function runShardsCommand(opts: ShardsOptions, out: (s: string) => void, clock: () => Date): void {
  const stage = opts.stage === undefined ? undefined : Number(opts.stage);
  if (stage !== undefined && (!Number.isInteger(stage) || stage < 0)) throw new CliError(`--stage: got ${JSON.stringify(opts.stage)}; expected a stage number (0, 1, ...)`, EXIT.usage);
  const { stack, plan } = planShardedStack("shards", opts, clock);
  const summary = shardsSummary(plan, stack);
  const shown = stage === undefined ? summary : { ...summary, shards: summary.shards.filter((s) => s.stage === stage) };
  out(opts.json ? JSON.stringify(stage === undefined ? shown : shown.shards, null, 2) : renderShards(shown));
}

function renderShards(s: ShardsSummary): string {
  const t = plainTable(["STAGE", "STACK", "AFTER", "RUNS IN", "RUNNER LABELS", "STATE"]);
  const after = (a: readonly string[]) => (a.length > 2 ? `${a.slice(0, 2).join(", ")} +${a.length - 2} more` : a.join(", ") || "-");
  for (const r of s.shards) t.push([r.stage, r.stack, after(r.after), r.runsIn, r.runsOn.join(", "), r.backend ?? "logged-in backend"]);
  return [`Fleet ${s.fleet}, stack ${s.stack}: ${s.shards.length} shard stacks in ${s.stages} stages`, t.toString()].join("\n");
}

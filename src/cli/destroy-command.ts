// `clusterfleet destroy --stack NAME --shard NAME... [--yes] [--parallel N]`: destroys the named shards'
// stacks, dependents first. Refused, with nothing destroyed, when any named shard holds a cluster the
// fleet still runs (destroy-policy.ts says which are accepted and why). Without --yes it only says
// what it would destroy and what it refuses.
import { destroyDecisions, destroyOrder } from "../shards/destroy-policy.ts";
import { CliError, EXIT } from "./errors.ts";
import { parseParallel, type DestroyOptions } from "./shard-run-options.ts";
import { executeShardRun, SHARD_RUN_EXIT, shardRunContext, type ShardRunDeps } from "./up-command.ts";

export async function runDestroyCommand(opts: DestroyOptions, out: (s: string) => void, clock: () => Date, deps: ShardRunDeps): Promise<number> {
  const parallel = parseParallel(opts.parallel);
  // Never a sweep: every stack destroyed is one the user named.
  if (!opts.shard?.length) throw new CliError("destroy needs --shard NAME (one or more): the shards whose stacks to destroy; `clusterfleet shards --stack NAME` lists them", EXIT.usage);
  const ctx = shardRunContext("destroy", opts, clock, deps);
  const names = [...new Set(opts.shard)];
  const decisions = destroyDecisions(ctx.sharded.plan, names);
  const refused = decisions.filter((d) => !d.accepted);
  if (refused.length) {
    out(`Refused: nothing was destroyed. ${refused.length} of ${names.length} shard${names.length === 1 ? "" : "s"} cannot be destroyed:`);
    for (const d of refused) out(`  ${d.shard}: ${d.reason}`);
    return SHARD_RUN_EXIT.refused;
  }
  if (!opts.yes) {
    out(`Would destroy (run again with --yes):`);
    for (const d of decisions) out(`  ${d.shard}: ${d.reason}`);
    return SHARD_RUN_EXIT.ok;
  }
  const items = destroyOrder(ctx.sharded.plan, names).map((i) => ({ ...i, hash: "" }));
  // Destroy does not run the program: the stacks' config is left as it is.
  return await executeShardRun("destroy", ctx, items, { parallel, force: true, config: { plain: {}, secrets: {} } }, out, deps);
}

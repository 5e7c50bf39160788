// What `operator` and `shards` share: the stack named by --stack, loaded and planned (a refused spec
// throws with every problem), with the shards it is cut into.
import { defaultCatalog } from "../catalog/catalog.ts";
import type { ObservedFleet } from "../plan/observed.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import { stackNameProblem } from "../plan/shard-names.ts";
import type { FleetPlan } from "../plan/types.ts";
import { CliError, EXIT, InvalidSpecError } from "./errors.ts";
import { loadFleet, parseNowOption } from "./load.ts";

export interface ShardedStack {
  readonly stack: string;
  readonly source: string;
  readonly plan: FleetPlan;
  /** The stack file's whole `config:` map. */
  readonly config: Readonly<Record<string, unknown>>;
}

export function planShardedStack(command: string, opts: { readonly stack?: string; readonly now?: string }, clock: () => Date, observedOf?: (stack: string) => ObservedFleet | undefined): ShardedStack {
  // The shards' stacks are named after it, so a stack name, not a file, is required.
  if (!opts.stack) throw new CliError(`${command} needs --stack NAME: the stack whose fleet is sharded (its shards run as stacks NAME.<shard>)`, EXIT.usage);
  const problem = stackNameProblem(opts.stack);
  if (problem) throw new CliError(`--stack: ${problem}`, EXIT.usage);
  const loaded = loadFleet({ stack: opts.stack });
  const now = parseNowOption(opts.now) ?? clock();
  const plan = planFleet(loaded.spec, defaultCatalog, observedOf?.(opts.stack), { now });
  if (plan.problems) throw new InvalidSpecError(loaded.source, plan.problems);
  return { stack: opts.stack, source: loaded.source, plan, config: loaded.config ?? {} };
}

// Every shard of a stack's fleet rendered offline (the real program under Pulumi mocks, as
// `clusterfleet preview` renders a stack), in stage order, each reading what the shards before it
// exported: what each shard's stack would hold. `clusterfleet migrate` cuts the single stack's state
// by it.
import { shardStackName } from "../plan/shard-names.ts";
import type { ObservedFleet } from "../plan/observed.ts";
import type { FleetPlan } from "../plan/types.ts";
import { runUnderMocks, stackConfigToRuntime } from "../preview/mock-run.ts";
import "../preview/mocks/index.ts";
import { applyPlaceholders, secretStatus } from "../preview/secret-placeholders.ts";
import { revealSecrets } from "../preview/wire-values.ts";
import { resourceKey } from "../shards/migration.ts";

export interface ShardRenderInput {
  readonly stack: string;
  readonly project: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly plan: FleetPlan;
  readonly now: Date;
  /** What the fleet has deployed: every shard plans from it, as the single stack did. */
  readonly observed: ObservedFleet | undefined;
  readonly onShard?: (shard: string, index: number, total: number) => void;
}

/** Per shard, in stage order, the `type name` of the custom resources it renders. */
export async function renderShardsOffline(i: ShardRenderInput): Promise<Map<string, Set<string>>> {
  const program = (await import("../program.ts")).default;
  const shards = i.plan.shards ?? [];
  const outputs: Record<string, Record<string, unknown>> = {};
  const rendered = new Map<string, Set<string>>();
  const secrets = secretStatus(i.plan, i.config);
  for (const [n, shard] of shards.entries()) {
    i.onShard?.(shard.name, n, shards.length);
    const runtime = stackConfigToRuntime({
      ...i.config,
      "clusterfleet:now": i.now.toISOString(),
      "clusterfleet:shard": shard.name,
      ...(i.observed ? { "clusterfleet:observed": i.observed } : {}),
    });
    applyPlaceholders(runtime, secrets);
    const name = shardStackName(i.stack, shard.name);
    const run = await runUnderMocks(program, { project: i.project, stack: name, config: runtime.config, secretKeys: runtime.secretKeys, stackOutputs: outputs });
    outputs[name] = revealSecrets(run.outputs) as Record<string, unknown>;
    rendered.set(shard.name, new Set(run.resources.filter((r) => r.custom).map((r) => resourceKey(r.type, r.name))));
  }
  return rendered;
}

// `clusterfleet decommission --sharded`: the job's stack over the fleet's shard stacks, through the
// same Automation API adapter as `clusterfleet up` (src/shards/shard-stack.ts) and its run record.
import { join, dirname } from "node:path";
import { automationStack } from "../decommission/automation-stack.ts";
import type { StackPort } from "../decommission/ports.ts";
import { shardedStackPort, type ShardStackOps } from "../decommission/sharded-stack.ts";
import { shardStackName } from "../plan/shard-names.ts";
import { passedOutputsConfig } from "../shards/cross-backend.ts";
import { gatheredObserved, withObserved } from "../shards/fleet-observed.ts";
import { readRunRecord, recordShard } from "../shards/resume.ts";
import { runShardStack, type ShardStackOptions } from "../shards/shard-stack.ts";
import { realShardRunDeps, shardConfig, shardRunContext } from "./up-command.ts";

export async function openShardedStack(stack: string, projectDir: string, clock: () => Date): Promise<StackPort> {
  const deps = { ...(await realShardRunDeps()), projectDir };
  const ctx = shardRunContext("decommission", { stack }, clock, deps);
  const config = await shardConfig(ctx, deps);
  const backendOf = new Map((ctx.sharded.plan.shards ?? []).map((s) => [s.name, s.state.backend]));
  let record = readRunRecord(ctx.recordPath, stack);
  const gathered = gatheredObserved(record);
  const byName = new Map((ctx.sharded.plan.shards ?? []).map((s) => [s.name, s]));
  const options = (shard: string, extra: Readonly<Record<string, string>>, env: Readonly<Record<string, string>>, passed = { plain: {}, secrets: {} }): ShardStackOptions => {
    const stackName = shardStackName(stack, shard);
    const backend = backendOf.get(shard);
    return {
      projectDir,
      stackName,
      shard,
      stackConfigFile: join(dirname(ctx.sharded.source), `Pulumi.${stackName}.yaml`),
      config: { secrets: { ...config.secrets, ...passed.secrets }, plain: { ...withObserved(config.plain, gathered), ...passed.plain, ...extra } },
      logFile: join(ctx.logDir, `${shard}.log`),
      envVars: env,
      ...(backend ? { backend } : {}),
      ...(ctx.secretsProvider ? { secretsProvider: ctx.secretsProvider } : {}),
    };
  };
  /** The shard's stack for reading, or undefined when it does not exist. */
  const open = async (shard: string): Promise<StackPort | undefined> => {
    const backend = backendOf.get(shard);
    try {
      return await automationStack(shardStackName(stack, shard), projectDir, backend ? { envVars: { PULUMI_BACKEND_URL: backend } } : {});
    } catch (e) {
      if (/no stack named|not found/i.test((e as Error).message)) return undefined;
      throw e;
    }
  };
  const ops: ShardStackOps = {
    outputs: async (shard) => (await (await open(shard))?.outputs()) ?? {},
    resources: async (shard) => (await (await open(shard))?.resources()) ?? [],
    up: async (shard, extra, env, onOutput) => {
      // As `clusterfleet up` runs it: what it reads from shards on another backend passed as config.
      const plan = byName.get(shard);
      const passed = plan ? await passedOutputsConfig(plan, byName, (s, b) => deps.readShardOutputs(projectDir, shardStackName(stack, s), b)) : undefined;
      const r = await runShardStack("up", options(shard, extra, env, passed), (e) => {
        if (e.kind === "resource-failed") onOutput(`  ${shard}: ${e.urn} failed`);
      });
      return r.observed;
    },
    destroy: async (shard, onOutput) => {
      await runShardStack("destroy", options(shard, {}, {}), () => undefined);
      onOutput(`  ${shard}: destroyed`);
    },
  };
  return shardedStackPort({
    stack,
    config: ctx.sharded.config,
    gathered,
    ops,
    onShardChanged: (shard, change) => {
      const before = record.shards[shard];
      if ("destroyed" in change) record = recordShard(ctx.recordPath, record, shard, undefined);
      else if (before) record = recordShard(ctx.recordPath, record, shard, { ...before, at: clock().toISOString(), observed: change.observed });
    },
  });
}

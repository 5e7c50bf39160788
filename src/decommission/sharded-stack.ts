// The decommission job's stack, for a sharded fleet (`clusterfleet decommission --sharded`): the job
// (job.ts) talks to one StackPort; this one answers from the shard stacks. The retired clusters'
// own shards give what the job decides from (their observed state, their access, their resources);
// the rest of the fleet's observed state is what `clusterfleet up` recorded (fleet-observed.ts).
// Its update is a sequence of shard stack operations (shard-steps.ts), refused before the job
// touches anything when it would move resources between stacks.
import { mergeObserved, parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import { clusterShardName } from "../plan/shards.ts";
import type { StateResource } from "../plan/decommission.ts";
import { defaultCatalog } from "../catalog/catalog.ts";
import { isoFromGoTimestamps } from "../program/yaml-timestamps.ts";
import { APPROVAL_CONFIG_KEY } from "./approval.ts";
import type { StackPort } from "./ports.ts";
import { decommissionSteps } from "./shard-steps.ts";

/** One shard stack's operations (the Automation API in the CLI, in-memory stacks in the tests). */
export interface ShardStackOps {
  /** The shard stack's outputs, secrets in clear; {} when the stack does not exist. */
  outputs(shard: string): Promise<Record<string, unknown>>;
  /** Its deployed resources; [] when the stack does not exist. */
  resources(shard: string): Promise<StateResource[]>;
  /** `pulumi up` with these config values and program environment added; resolves to its `observed` output. */
  up(shard: string, config: Readonly<Record<string, string>>, env: Readonly<Record<string, string>>, onOutput: (line: string) => void): Promise<unknown>;
  destroy(shard: string, onOutput: (line: string) => void): Promise<void>;
}

export interface ShardedStackInput {
  /** The fleet's stack (its shards' stacks are `<stack>.<shard>`). */
  readonly stack: string;
  /** The fleet stack file's config (the spec under `clusterfleet:fleet`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The fleet's observed state as the run record has it (`gatheredObserved`). */
  readonly gathered: ObservedFleet | undefined;
  readonly ops: ShardStackOps;
  /** After each shard operation: keeps the run record in line (a destroyed shard forgotten, an updated one's observed part). */
  readonly onShardChanged?: (shard: string, change: { readonly destroyed: true } | { readonly observed: unknown }) => void;
}

export function shardedStackPort(i: ShardedStackInput): StackPort {
  const spec = isoFromGoTimestamps(i.config["clusterfleet:fleet"]);
  // Only retired clusters can be due: only their shards are opened.
  const retired = planFleet(spec, defaultCatalog, undefined, {}).clusters.filter((c) => c.lifecycle.state === "retired").map((c) => c.name);

  const outputs = async (): Promise<{ observed: ObservedFleet | undefined; clusters: Record<string, unknown> }> => {
    const parts = await Promise.all(retired.map(async (c) => [c, await i.ops.outputs(clusterShardName(c))] as const));
    const observed = mergeObserved([i.gathered, ...parts.map(([, o]) => (o["observed"] === undefined ? undefined : parseObserved(o["observed"])))]);
    // A retired cluster whose shard stack records nothing (destroyed, or never deployed) is not deployed, whatever the record says.
    for (const [c, o] of parts) {
      const own = o["observed"] === undefined ? undefined : parseObserved(o["observed"]);
      if (observed && !own?.clusters[c]) delete observed.clusters[c];
    }
    return { observed, clusters: Object.assign({}, ...parts.map(([, o]) => (o["clusters"] ?? {}) as Record<string, unknown>)) as Record<string, unknown> };
  };

  return {
    name: `${i.stack} (sharded)`,
    config: async () => ({ ...i.config }),
    outputs: async () => {
      const o = await outputs();
      return { ...(o.observed ? { observed: o.observed } : {}), clusters: o.clusters };
    },
    resources: async () => (await Promise.all(retired.map((c) => i.ops.resources(clusterShardName(c))))).flat(),
    preflight: async (clusters, now) => {
      const r = decommissionSteps(spec, (await outputs()).observed, now, clusters);
      if ("refused" in r) return r;
      return { lines: [`Shard stacks of ${i.stack}, in this order:`, ...r.steps.map((s) => `  ${s.op === "up" ? "update " : "destroy"} ${i.stack}.${s.shard}: ${s.why}`)] };
    },
    update: async (config, onOutput, env = {}) => {
      const approval = JSON.parse(config[APPROVAL_CONFIG_KEY] ?? "null") as { clusters: string[]; now: string } | null;
      if (!approval) throw new Error(`a sharded decommission update needs the job's ${APPROVAL_CONFIG_KEY}`);
      const r = decommissionSteps(spec, (await outputs()).observed, new Date(approval.now), approval.clusters);
      if ("refused" in r) throw new Error(r.refused);
      for (const step of r.steps) {
        onOutput(`${step.op === "up" ? "updating" : "destroying"} ${i.stack}.${step.shard} (${step.why})`);
        if (step.op === "up") {
          // Under the approval, so its program plans the clusters as destroyed and drops their links.
          const observed = await i.ops.up(step.shard, config, env, onOutput);
          i.onShardChanged?.(step.shard, { observed });
        } else {
          await i.ops.destroy(step.shard, onOutput);
          i.onShardChanged?.(step.shard, { destroyed: true });
        }
      }
    },
  };
}

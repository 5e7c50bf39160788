// `clusterfleet up --stack NAME [--parallel N] [--shard NAME...] [--preview] [--force]`: every shard
// of the stack's fleet as its own stack (`<stack>.<shard>`), through the Automation API, in
// dependency order, N at a time, with live progress and a summary table. A rerun resumes: shards
// that failed, were skipped or whose inputs changed run again, the others are reported unchanged.
// `--preview` runs `pulumi preview` per shard instead (and neither resumes nor records).
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { ShardPlan } from "../plan/shards.ts";
import { shardStackName } from "../plan/shard-names.ts";
import type { FleetPlan } from "../plan/types.ts";
import { plainSink, ProgressBoard, terminalSink, type ProgressEvent, type ProgressSink } from "../shards/progress.ts";
import { passedOutputsConfig, type StackOutputs } from "../shards/cross-backend.ts";
import { gatheredObserved, withObserved } from "../shards/fleet-observed.ts";
import { readRunRecord, runRecordPath, shardInputHash } from "../shards/resume.ts";
import { runShards, type RunnableShard, type ShardOp } from "../shards/run-shards.ts";
import type { ShardResult, ShardRun } from "../shards/schedule.ts";
import type { ShardStackOptions } from "../shards/shard-stack.ts";
import { CliError, EXIT } from "./errors.ts";
import { findProjectRoot, readYaml } from "./load.ts";
import { renderRunSummary } from "./render-run.ts";
import { parseParallel, selectShards, type ShardRunOptions, type UpOptions } from "./shard-run-options.ts";
import { planShardedStack, type ShardedStack } from "./sharded-stack.ts";

/** Exit status of `up` and `destroy`: as the decommission job's. */
export const SHARD_RUN_EXIT = { ok: 0, refused: 4, failed: 5 } as const;

/** What a sharded run talks to (tests replace the Pulumi CLI). */
export interface ShardRunDeps {
  readonly runShard: (op: ShardOp, o: ShardStackOptions, onProgress: (e: ProgressEvent) => void) => Promise<ShardRun>;
  /** A shard stack's outputs from its own backend (shard-stack.ts `readShardOutputs`), for a shard on another backend that reads it. */
  readonly readShardOutputs: (projectDir: string, stackName: string, backend: string | undefined) => Promise<StackOutputs>;
  /** The fleet stack's secure config in clear (shard-stack.ts `fleetSecrets`). */
  readonly fleetSecrets: (projectDir: string, stack: string, keys: readonly string[]) => Promise<Record<string, string>>;
  /** A terminal to redraw progress on; absent: plain lines (a pipe, CI). */
  readonly terminal?: NodeJS.WriteStream;
  readonly clock: () => number;
  /** The project folder (Pulumi.yaml); default: found from the working directory. */
  readonly projectDir?: string;
}

export async function realShardRunDeps(): Promise<ShardRunDeps> {
  const { runShardStack, fleetSecrets, readShardOutputs } = await import("../shards/shard-stack.ts");
  // CI logs are not terminals even when a runner fakes one: plain lines there. A pseudo-terminal
  // without a size (rows 0: `script` from a pipe) would show log-update's block as nothing.
  const terminal = process.stdout.isTTY && process.stdout.rows > 0 && !process.env["CI"] ? process.stdout : undefined;
  return {
    runShard: runShardStack,
    fleetSecrets: (dir, stack, keys) => fleetSecrets(dir, stack, keys),
    readShardOutputs: (projectDir, stackName, backend) => readShardOutputs({ projectDir, stackName, backend }),
    clock: Date.now,
    ...(terminal ? { terminal } : {}),
  };
}

const clusterfleetVersion = (): string => (createRequire(import.meta.url)("clusterfleet/package.json") as { version: string }).version;

/** The inputs resume compares: the shard, the plan's decisions about its clusters, the stack file's config, the version. */
export function shardHash(plan: FleetPlan, shard: ShardPlan, config: Readonly<Record<string, unknown>>, version: string): string {
  const clusters = plan.clusters
    .filter((c) => shard.clusters.includes(c.name))
    // A first deployment moves a cluster from create/Pending to keep/Provisioned once its shard's
    // observed part is known (fleet-observed.ts); both render the same resources, so that is not a
    // change (else every shard would run once more after a fleet's first `up`).
    .map((c) => ({ name: c.name, action: c.action === "create" ? "keep" : c.action, phase: c.phase === "Pending" ? "Provisioned" : c.phase, version: c.kubernetesVersion, target: c.targetVersion, wave: c.wave, lifecycle: c.lifecycle }));
  return shardInputHash({ shard, clusters, config, version });
}

export interface ShardRunContext {
  readonly sharded: ShardedStack;
  readonly projectDir: string;
  readonly logDir: string;
  readonly recordPath: string;
  readonly secretsProvider?: string;
}

export function shardRunContext(command: string, opts: ShardRunOptions, clock: () => Date, deps: ShardRunDeps): ShardRunContext {
  const projectDir = deps.projectDir ?? findProjectRoot();
  // Planned as the shards' programs plan: from the fleet's observed state as the last runs left it.
  const sharded = planShardedStack(command, opts, clock, projectDir ? (stack) => gatheredObserved(readRunRecord(runRecordPath(projectDir, stack), stack)) : undefined);
  if (!projectDir) throw new CliError(`${command}: no Pulumi.yaml in this folder or above it; run from the project`, EXIT.usage);
  const file = readYaml(sharded.source) as { secretsprovider?: unknown };
  return {
    sharded,
    projectDir,
    logDir: join(projectDir, ".clusterfleet", "logs", sharded.stack),
    recordPath: runRecordPath(projectDir, sharded.stack),
    ...(typeof file.secretsprovider === "string" ? { secretsProvider: file.secretsprovider } : {}),
  };
}

/** Runs the shards with a progress board, then prints the summary; the exit status says whether all went. */
export async function executeShardRun(op: ShardOp, ctx: ShardRunContext, items: readonly RunnableShard[], o: { parallel: number; force: boolean; config: ShardStackOptions["config"] }, out: (s: string) => void, deps: ShardRunDeps): Promise<number> {
  const { sharded, projectDir } = ctx;
  const byName = new Map((sharded.plan.shards ?? []).map((s) => [s.name, s]));
  out(`clusterfleet ${op === "preview" ? "up --preview" : op} --stack ${sharded.stack}: ${items.length} shard${items.length === 1 ? "" : "s"}, ${o.parallel} at a time; logs in ${relative(process.cwd(), ctx.logDir) || "."}/`);
  const terminal = deps.terminal ? await terminalSink(deps.terminal) : undefined;
  const sink: ProgressSink = terminal ?? plainSink(out);
  const board = new ProgressBoard(sink, deps.clock);
  const ticker = terminal ? setInterval(() => board.tick(), 1000) : undefined;
  let results: ShardResult[];
  try {
    results = await runShards(items, {
      op,
      parallel: o.parallel,
      force: o.force,
      recordPath: ctx.recordPath,
      stack: sharded.stack,
      board,
      clock: deps.clock,
      runOne: async (name, onProgress, { observed, moved }) => {
        const stackName = shardStackName(sharded.stack, name);
        const shard = byName.get(name);
        const backend = shard?.state.backend;
        // What it reads from shards on another backend comes as config (cross-backend.ts); a destroy runs no program.
        const passed = op !== "destroy" && shard ? await passedOutputsConfig(shard, byName, (s, b) => deps.readShardOutputs(projectDir, shardStackName(sharded.stack, s), b)) : { plain: {}, secrets: {} };
        return await deps.runShard(
          op,
          {
            projectDir,
            stackName,
            shard: name,
            // Beside the fleet's stack file: Pulumi keeps every stack's file in the project's stackConfigDir.
            stackConfigFile: join(dirname(sharded.source), `Pulumi.${stackName}.yaml`),
            // Every shard plans the whole fleet: it gets the whole fleet's observed state (fleet-observed.ts).
            config: { plain: { ...withObserved(o.config.plain, observed), ...passed.plain, ...(moved ? { "clusterfleet:adoptMovedState": true } : {}) }, secrets: { ...o.config.secrets, ...passed.secrets } },
            logFile: join(ctx.logDir, `${name}.log`),
            ...(backend ? { backend } : {}),
            ...(ctx.secretsProvider ? { secretsProvider: ctx.secretsProvider } : {}),
          },
          onProgress,
        );
      },
    });
  } finally {
    if (ticker) clearInterval(ticker);
    terminal?.close();
  }
  out(renderRunSummary(`${op === "preview" ? "Preview" : op === "up" ? "Update" : "Destroy"} of ${sharded.stack}`, results, (n) => byName.get(n)?.stage));
  return results.every((r) => r.outcome.status === "succeeded" || r.outcome.status === "unchanged") ? SHARD_RUN_EXIT.ok : SHARD_RUN_EXIT.failed;
}

/** The stack file's config for every shard's stack: plain values as written, secure ones decrypted to be set as secrets. */
export async function shardConfig(ctx: ShardRunContext, deps: ShardRunDeps): Promise<ShardStackOptions["config"]> {
  const { config, stack } = ctx.sharded;
  const secure = Object.entries(config).filter(([, v]) => v !== null && typeof v === "object" && "secure" in v).map(([k]) => k);
  let secrets: Record<string, string> = {};
  try {
    secrets = await deps.fleetSecrets(ctx.projectDir, stack, secure);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  return { plain: Object.fromEntries(Object.entries(config).filter(([k]) => !secure.includes(k))), secrets };
}

export async function runUpCommand(opts: UpOptions, out: (s: string) => void, clock: () => Date, deps: ShardRunDeps): Promise<number> {
  const parallel = parseParallel(opts.parallel);
  const ctx = shardRunContext("up", opts, clock, deps);
  const { plan, config, stack } = ctx.sharded;
  const selected = selectShards(plan.shards ?? [], opts.shard, stack);
  const version = clusterfleetVersion();
  const items = selected.map((s): RunnableShard => ({ name: s.name, after: s.after, hash: shardHash(plan, s, config, version) }));
  const op: ShardOp = opts.preview ? "preview" : "up";
  return await executeShardRun(op, ctx, items, { parallel, force: opts.force === true, config: await shardConfig(ctx, deps) }, out, deps);
}

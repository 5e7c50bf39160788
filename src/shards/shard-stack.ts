// One shard's stack through the Pulumi Automation API (as src/decommission/automation-stack.ts does
// for the fleet's stack): create or select `<stack>.<shard>` in the project, give it the fleet stack
// file's config plus `clusterfleet:shard`, and run up, preview or destroy, its output to a log file
// and its engine events to the progress board. Needs the Pulumi CLI on PATH (or `pulumiCommand`).
import { LocalWorkspace, type EngineEvent, type PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation/index.js";
import { execFile } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { firstLine, progressOf, type ProgressEvent } from "./progress.ts";
import type { ShardOp } from "./run-shards.ts";
import type { ShardRun } from "./schedule.ts";

export const SHARD_CONFIG_KEY = "clusterfleet:shard";

/** The config a shard's stack gets: the fleet stack file's, its secrets decrypted to be encrypted again for the shard's stack. */
export interface ShardConfig {
  /** Plain values as the stack file has them (objects stay objects). */
  readonly plain: Readonly<Record<string, unknown>>;
  /** Secret values in clear, set as secrets (`pulumi config set --secret`): never written in clear. */
  readonly secrets: Readonly<Record<string, string>>;
}

export interface ShardStackOptions {
  readonly projectDir: string;
  /** `<stack>.<shard>` (shardStackName). */
  readonly stackName: string;
  readonly shard: string;
  /** Where Pulumi keeps this stack's config: `<project>/<stackConfigDir>/Pulumi.<stackName>.yaml`. */
  readonly stackConfigFile: string;
  readonly config: ShardConfig;
  /** The shard's own backend (ShardPlan.state.backend); absent: the one the CLI is logged in to. */
  readonly backend?: string;
  /** The fleet stack file's `secretsprovider`, so the shard's secrets are kept the same way. */
  readonly secretsProvider?: string;
  readonly logFile: string;
  /** An Automation API inline program instead of the project's `main` (engine tests: no Node.js language host here). */
  readonly program?: PulumiFn;
  readonly projectName?: string;
  readonly pulumiCommand?: PulumiCommand;
  /** Extra environment for the Pulumi CLI (added to this process's). */
  readonly envVars?: Readonly<Record<string, string>>;
}

/** Whether the fleet stack file's config has secure values, by key. */
export function secureKeys(config: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(config)
    .filter(([, v]) => v !== null && typeof v === "object" && "secure" in v)
    .map(([k]) => k);
}

/**
 * Runs `fn` after every earlier call with the same key has settled: a one-at-a-time section.
 * - Creating or selecting a stack rewrites the project's workspace file (its current stack): two at
 *   once in one project corrupt it (pulumi/pulumi#8186, #6287); the updates themselves name their
 *   stack (--stack) and may run side by side.
 * - Inline programs (the engine tests) share this process's Node SDK: its error handlers and part of
 *   its state are process-wide, so one shard's failure surfaced in another's run; Pulumi's word is
 *   one inline update per Node process at a time (pulumi/pulumi#5449).
 */
const sections = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = sections.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(fn);
  sections.set(key, mine);
  try {
    return await mine;
  } finally {
    if (sections.get(key) === mine) sections.delete(key);
  }
}

async function workspaceStack(op: ShardOp, o: ShardStackOptions): Promise<Stack> {
  const envVars = { ...o.envVars, ...(o.backend ? { PULUMI_BACKEND_URL: o.backend } : {}) };
  const ws = { workDir: o.projectDir, envVars, ...(o.pulumiCommand ? { pulumiCommand: o.pulumiCommand } : {}), ...(o.secretsProvider ? { secretsProvider: o.secretsProvider } : {}) };
  // Destroy never creates: a shard stack that does not exist has nothing to destroy (and a typo fails).
  if (o.program) {
    const inline = { stackName: o.stackName, projectName: o.projectName ?? "clusterfleet", program: o.program };
    return op === "destroy" ? await LocalWorkspace.selectStack(inline, ws) : await LocalWorkspace.createOrSelectStack(inline, ws);
  }
  const local = { stackName: o.stackName, workDir: o.projectDir };
  return op === "destroy" ? await LocalWorkspace.selectStack(local, ws) : await LocalWorkspace.createOrSelectStack(local, ws);
}

/**
 * Writes the shard stack's config file: the fleet's plain config and the shard's name, keeping what
 * Pulumi wrote at `stack init` (secrets provider, salt or encrypted key). Written as a file, not by
 * `pulumi config set`: the fleet spec is one value, and a large fleet's is past what one command-line
 * argument may hold (128 KiB on Linux).
 */
function writeShardConfig(o: ShardStackOptions): void {
  const doc = existsSync(o.stackConfigFile) ? ((parse(readFileSync(o.stackConfigFile, "utf8")) as Record<string, unknown> | null) ?? {}) : {};
  mkdirSync(dirname(o.stackConfigFile), { recursive: true });
  const header = "# Written by `clusterfleet up` from the fleet stack file on every run: edit that one, not this.\n";
  writeFileSync(o.stackConfigFile, header + stringify({ ...doc, config: { ...o.config.plain, [SHARD_CONFIG_KEY]: o.shard } }, { lineWidth: 0 }));
}

/**
 * What the Pulumi CLI said went wrong: its first `error:` line. The Automation API's message starts
 * with the exit code ("code: -2") and repeats the whole output, which says nothing in a table.
 */
export function cliError(message: string): string {
  // The CLI's stderr starts after " stderr: " on its first line.
  return /^\s*(?:stderr:\s*)?error: (.+)$/m.exec(message)?.[1]?.trim() ?? firstLine(message);
}

export async function runShardStack(op: ShardOp, o: ShardStackOptions, onProgress: (e: ProgressEvent) => void): Promise<ShardRun> {
  return o.program ? await oneAtATime("inline-program", () => runShard(op, o, onProgress)) : await runShard(op, o, onProgress);
}

async function runShard(op: ShardOp, o: ShardStackOptions, onProgress: (e: ProgressEvent) => void): Promise<ShardRun> {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = createWriteStream(o.logFile);
  let error: string | undefined;
  const onOutput = (s: string): void => void log.write(s);
  const onEvent = (e: EngineEvent): void => {
    const p = progressOf(e);
    if (p) onProgress(p);
    // The first error the engine reports says why, better than the CLI's exit message.
    if (!error && e.diagnosticEvent?.severity === "error" && e.diagnosticEvent.message.trim()) error = firstLine(e.diagnosticEvent.message.replace(/\u001b\[[0-9;]*m/g, ""));
  };
  try {
    const stack = await oneAtATime(`workspace:${o.projectDir}`, () => workspaceStack(op, o));
    if (op === "destroy") {
      const r = await stack.destroy({ onOutput, onEvent });
      return { changes: { ...r.summary.resourceChanges } };
    }
    writeShardConfig(o);
    if (Object.keys(o.config.secrets).length) {
      await stack.setAllConfig(Object.fromEntries(Object.entries(o.config.secrets).map(([k, value]) => [k, { value, secret: true }])));
    }
    if (op === "preview") return { changes: { ...(await stack.preview({ onOutput, onEvent })).changeSummary } };
    const up = await stack.up({ onOutput, onEvent });
    return { changes: { ...up.summary.resourceChanges }, ...(up.outputs["observed"] ? { observed: up.outputs["observed"].value } : {}) };
  } catch (e) {
    log.write(`\n${e instanceof Error ? e.message : String(e)}\n`);
    // The log's path from the project folder, where users run the command: short enough for a table.
    throw new Error(`${error ?? cliError(e instanceof Error ? e.message : String(e))} (log: ${relative(o.projectDir, o.logFile)})`);
  } finally {
    await new Promise((resolve) => log.end(resolve));
  }
}

/**
 * The fleet stack's secure config values in clear, to be set as secrets on each shard's stack (a
 * ciphertext is bound to its own stack's key and cannot be copied). Needs the fleet stack on the
 * logged-in backend, which holds its key; fails saying so otherwise.
 */
export async function fleetSecrets(
  projectDir: string,
  stack: string,
  keys: readonly string[],
  cli: { readonly pulumiCommand?: PulumiCommand; readonly envVars?: Readonly<Record<string, string>> } = {},
): Promise<Record<string, string>> {
  if (!keys.length) return {};
  let all: Record<string, { value: string; secret?: boolean }>;
  try {
    const ws = { workDir: projectDir, ...(cli.pulumiCommand ? { pulumiCommand: cli.pulumiCommand } : {}), ...(cli.envVars ? { envVars: { ...cli.envVars } } : {}) };
    const s = await LocalWorkspace.selectStack({ stackName: stack, workDir: projectDir }, ws);
    all = await s.getAllConfig();
  } catch (e) {
    throw new Error(
      `the stack file of ${stack} has secret config (${keys.join(", ")}); each shard's stack gets them encrypted for itself, which needs stack ${stack} on the logged-in backend to decrypt them: ${firstLine(e instanceof Error ? e.message : String(e))}`,
    );
  }
  return Object.fromEntries(keys.map((k) => [k, all[k]?.value ?? ""]));
}

/** A shard stack's outputs read from its own backend (cross-backend.ts), secrets in clear with their flag. */
export async function readShardOutputs(
  o: { readonly projectDir: string; readonly stackName: string; readonly backend?: string | undefined; readonly pulumiCommand?: PulumiCommand; readonly envVars?: Readonly<Record<string, string>> },
): Promise<Record<string, { value: unknown; secret: boolean }>> {
  const envVars = { ...o.envVars, ...(o.backend ? { PULUMI_BACKEND_URL: o.backend } : {}) };
  const ws = { workDir: o.projectDir, envVars, ...(o.pulumiCommand ? { pulumiCommand: o.pulumiCommand } : {}) };
  const stack = await oneAtATime(`workspace:${o.projectDir}`, () => LocalWorkspace.selectStack({ stackName: o.stackName, workDir: o.projectDir }, ws));
  return Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, { value: v.value, secret: v.secret }]));
}

/** Creates the shard's stack when it does not exist, with the fleet's secrets provider (`clusterfleet migrate`). */
export async function initShardStack(o: { readonly projectDir: string; readonly stackName: string; readonly secretsProvider?: string | undefined; readonly pulumiCommand?: PulumiCommand; readonly envVars?: Readonly<Record<string, string>> }): Promise<void> {
  const ws = { workDir: o.projectDir, ...(o.envVars ? { envVars: { ...o.envVars } } : {}), ...(o.pulumiCommand ? { pulumiCommand: o.pulumiCommand } : {}), ...(o.secretsProvider ? { secretsProvider: o.secretsProvider } : {}) };
  await oneAtATime(`workspace:${o.projectDir}`, () => LocalWorkspace.createOrSelectStack({ stackName: o.stackName, workDir: o.projectDir }, ws));
}

/**
 * `pulumi state move --source --dest --yes <urns>` (the Automation API has no call for it), run in the
 * project folder: a destination stack without a deployment gets its secrets manager from there.
 */
export async function moveState(o: { readonly projectDir: string; readonly source: string; readonly dest: string; readonly urns: readonly string[]; readonly pulumi?: string; readonly envVars?: Readonly<Record<string, string>> }): Promise<void> {
  await promisify(execFile)(o.pulumi ?? "pulumi", ["state", "move", "--source", o.source, "--dest", o.dest, "--yes", "--non-interactive", ...o.urns], { cwd: o.projectDir, env: { ...process.env, ...o.envVars }, maxBuffer: 64 << 20 });
}

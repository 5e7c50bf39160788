// `clusterfleet decommission [--stack NAME] [--sharded] [--now ISO-DATE] [--dry-run | --yes] [--force]`
// Exit status: 0 done (or, with --dry-run, work listed), 3 nothing to do, 4 refused, 5 failed.
import { join } from "node:path";
import { fileLock } from "../decommission/file-lock.ts";
import { kubeCleaners } from "../decommission/kube-cleaner.ts";
import { runDecommission, type JobOutcome } from "../decommission/job.ts";
import type { CleanerFactory, Lock, StackPort } from "../decommission/ports.ts";
import { CliError, EXIT } from "./errors.ts";
import { offlineDryRun } from "../decommission/offline-dry-run.ts";
import { findProjectRoot, loadFleet, loadObserved, parseNowOption } from "./load.ts";

export const DECOMMISSION_EXIT: Record<JobOutcome, number> = { done: 0, "nothing-to-do": 3, refused: 4, failed: 5 };

export interface DecommissionOptions {
  readonly stack?: string;
  readonly now?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly force?: boolean;
  readonly timeout?: string;
  readonly lockFile?: string;
  /** With --dry-run: decide offline, from the stack file and this observed state (no Pulumi CLI needed). */
  readonly observed?: string;
  /** The fleet runs as shard stacks (`clusterfleet up`): decide from them and change them. */
  readonly sharded?: boolean;
}

/** What the command talks to; the defaults drive the Pulumi CLI and the clusters' APIs. */
export interface DecommissionDeps {
  readonly openStack: (stack: string, projectDir: string) => Promise<StackPort>;
  /** The fleet's shard stacks as one StackPort (`--sharded`). */
  readonly openShards: (stack: string, projectDir: string, clock: () => Date) => Promise<StackPort>;
  readonly cleaners: () => CleanerFactory;
  readonly lock: (path: string) => Lock;
}

export const realDecommissionDeps: DecommissionDeps = {
  openStack: async (stack, dir) => (await import("../decommission/automation-stack.ts")).automationStack(stack, dir),
  openShards: async (stack, dir, clock) => (await import("./decommission-shards.ts")).openShardedStack(stack, dir, clock),
  cleaners: () => kubeCleaners(),
  lock: (path) => fileLock(path),
};

export async function runDecommissionCommand(opts: DecommissionOptions, out: (s: string) => void, clock: () => Date, deps: DecommissionDeps): Promise<number> {
  if (opts.dryRun && opts.yes) throw new CliError("give --dry-run or --yes, not both", EXIT.usage);
  if (!opts.stack) throw new CliError("give --stack NAME: the Pulumi stack to decommission clusters from", EXIT.usage);
  const timeout = opts.timeout === undefined ? 600 : Number(opts.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new CliError(`--timeout: got ${JSON.stringify(opts.timeout)}; expected a whole number of seconds`, EXIT.usage);
  const root = findProjectRoot();
  if (!root) throw new CliError("no Pulumi.yaml in this folder or above it: run the job from the project", EXIT.usage);
  const now = parseNowOption(opts.now) ?? clock();
  if (opts.observed !== undefined && opts.yes) throw new CliError("--observed is for --dry-run: with --yes the job reads the previous deployment from the stack itself", EXIT.usage);
  if (opts.sharded && opts.observed !== undefined) throw new CliError("--observed is for a single stack's offline dry run; --sharded reads the shards' stacks", EXIT.usage);
  // A dry run works without the Pulumi CLI: from the stack file (and --observed), saying what it could not check.
  const offline = () => {
    const loaded = loadFleet({ stack: opts.stack! });
    const observed = opts.observed === undefined ? undefined : loadObserved(opts.observed);
    return DECOMMISSION_EXIT[offlineDryRun({ source: loaded.source, spec: loaded.spec, ...(observed ? { observed } : {}), now, out })];
  };
  if (opts.observed !== undefined) return offline();

  let stack: StackPort;
  try {
    stack = opts.sharded ? await deps.openShards(opts.stack, root, clock) : await deps.openStack(opts.stack, root);
  } catch (e) {
    const why = (e as Error).message.includes("ENOENT") ? "the `pulumi` command was not found" : (e as Error).message.split("\n").filter((l) => l.trim()).pop();
    if (!opts.yes) {
      out(`note: cannot open stack ${opts.stack} through the Pulumi Automation API (${why}); dry run from the stack file instead`);
      return offline();
    }
    out(`failed: cannot open stack ${opts.stack} through the Pulumi Automation API, which needs the Pulumi CLI on PATH and a logged-in backend: ${why}`);
    return DECOMMISSION_EXIT.failed;
  }
  const outcome = await runDecommission({
    stack,
    cleaners: deps.cleaners(),
    lock: deps.lock(opts.lockFile ?? join(root, ".clusterfleet", `decommission-${opts.stack}.lock`)),
    now,
    mode: opts.yes ? "yes" : "dry-run",
    force: opts.force === true,
    timeoutSeconds: timeout,
    out,
    // The real time: the job refuses a --now later than it with --yes, and dates the approval by it.
    clock,
  });
  return DECOMMISSION_EXIT[outcome];
}

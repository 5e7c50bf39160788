// `clusterfleet migrate --stack NAME [--yes]`: moves a fleet deployed as one stack into its shard
// stacks (`NAME.<shard>`) with `pulumi state move`: no cloud resource is created, replaced or
// deleted. Without --yes it says what would move where. Refused, before anything moves, when a
// resource of the stack is rendered by no shard or by two, or when a shard keeps its state in a
// declared backend of its own (`pulumi state move` works within one backend).
// Exit status: 0 done (without --yes: listed), 4 refused, 5 failed.
import { isMovedResource, observedParts, planMigration } from "../shards/migration.ts";
import type { StateResource } from "../plan/decommission.ts";
import { parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { shardStackName, stackNameProblem } from "../plan/shard-names.ts";
import { readRunRecord, recordShard, runRecordPath } from "../shards/resume.ts";
import { CliError, EXIT } from "./errors.ts";
import { findProjectRoot, parseNowOption, readYaml } from "./load.ts";
import { projectName } from "./offline-stack.ts";
import { plainTable } from "./render-plan.ts";
import { renderShardsOffline } from "./render-shards-offline.ts";
import { planShardedStack } from "./sharded-stack.ts";

export const MIGRATE_EXIT = { ok: 0, refused: 4, failed: 5 } as const;

export interface MigrateOptions {
  readonly stack?: string;
  readonly yes?: boolean;
  readonly now?: string;
}

/** What the command talks to (the engine test drives the real CLI through these). */
export interface MigrateDeps {
  /** The single stack's outputs (secrets in clear) and state. */
  readonly openStack: (stack: string, projectDir: string) => Promise<{ outputs(): Promise<Record<string, unknown>>; resources(): Promise<StateResource[]> }>;
  /** Creates the shard's stack if it does not exist (with the fleet stack file's secrets provider). */
  readonly initStack: (stackName: string, projectDir: string, secretsProvider: string | undefined) => Promise<void>;
  /** `pulumi state move --source --dest --yes <urns>`. */
  readonly stateMove: (source: string, dest: string, urns: readonly string[], projectDir: string) => Promise<void>;
  /** Where the run record goes (the project folder); default: found from the working directory. */
  readonly projectDir?: string;
}

export const realMigrateDeps: MigrateDeps = {
  openStack: async (stack, dir) => (await import("../decommission/automation-stack.ts")).automationStack(stack, dir),
  initStack: async (stackName, projectDir, secretsProvider) => (await import("../shards/shard-stack.ts")).initShardStack({ projectDir, stackName, secretsProvider }),
  stateMove: async (source, dest, urns, projectDir) => (await import("../shards/shard-stack.ts")).moveState({ projectDir, source, dest, urns }),
};

/** URNs per `pulumi state move` call: each is an argument, and a command line has a size limit. */
const MOVE_CHUNK = 200;

export async function runMigrateCommand(opts: MigrateOptions, out: (s: string) => void, clock: () => Date, deps: MigrateDeps): Promise<number> {
  if (!opts.stack) throw new CliError("migrate needs --stack NAME: the stack that holds the whole fleet today (its shards become stacks NAME.<shard>)", EXIT.usage);
  const problem = stackNameProblem(opts.stack);
  if (problem) throw new CliError(`--stack: ${problem}`, EXIT.usage);
  const projectDir = deps.projectDir ?? findProjectRoot();
  if (!projectDir) throw new CliError("migrate: no Pulumi.yaml in this folder or above it; run from the project", EXIT.usage);
  const stack = opts.stack;

  let single: Awaited<ReturnType<MigrateDeps["openStack"]>>;
  try {
    single = await deps.openStack(stack, projectDir);
  } catch (e) {
    out(`failed: cannot open stack ${stack} through the Pulumi Automation API (the Pulumi CLI on PATH, a logged-in backend): ${(e as Error).message.split("\n").filter((l) => l.trim()).pop()}`);
    return MIGRATE_EXIT.failed;
  }
  const outputs = await single.outputs();
  const observed: ObservedFleet | undefined = outputs["observed"] === undefined ? undefined : parseObserved(outputs["observed"]);
  // The shards as the deployed fleet has them: planned from the single stack's observed state.
  const sharded = planShardedStack("migrate", opts, clock, () => observed);
  const shards = sharded.plan.shards ?? [];
  const elsewhere = shards.filter((s) => s.state.backend !== undefined);
  if (elsewhere.length) {
    out(`refused: ${elsewhere.length} shard${elsewhere.length === 1 ? "" : "s"} keep their state in a backend of their jurisdiction (${[...new Set(elsewhere.map((s) => s.state.backend))].join(", ")}), and \`pulumi state move\` works within one backend: migrate with those jurisdictions' stateBackend unset, then move those shards' stacks (pulumi stack export / import). Nothing was moved.`);
    return MIGRATE_EXIT.refused;
  }

  const state = await single.resources();
  out(`Rendering the ${shards.length} shards of ${stack} offline to see what each holds ...`);
  const rendered = await renderShardsOffline({
    stack,
    project: projectName(sharded.source),
    config: sharded.config,
    plan: sharded.plan,
    now: parseNowOption(opts.now) ?? clock(),
    observed,
    onShard: (name, i, total) => (i % 25 === 0 || i === total - 1 ? out(`  ${i + 1}/${total} ${name}`) : undefined),
  });
  const migration = planMigration(state, rendered);
  if (migration.unclaimed.length || migration.conflicts.length) {
    out(`refused: the stack's resources do not all belong to one shard (was it deployed from this spec and this version? run \`pulumi up\` on it first). Nothing was moved.`);
    for (const u of migration.unclaimed) out(`  no shard renders ${u}`);
    for (const c of migration.conflicts) out(`  ${c.resource}: rendered by ${c.shards.join(", ")}`);
    return MIGRATE_EXIT.refused;
  }
  const t = plainTable(["SHARD STACK", "RESOURCES"]);
  for (const m of migration.moves) t.push([shardStackName(stack, m.shard), String(m.urns.length)]);
  out(t.toString());
  const total = migration.moves.reduce((n, m) => n + m.urns.length, 0);
  if (!opts.yes) {
    out(`Would move ${total} resources into ${migration.moves.length} shard stacks (run again with --yes). No cloud resource is touched: only state moves.`);
    return MIGRATE_EXIT.ok;
  }

  // The shard stacks keep their secrets as the fleet's stack file says (`secretsprovider`), as `clusterfleet up` creates them.
  const file = readYaml(sharded.source) as { secretsprovider?: unknown } | undefined;
  const secretsProvider = typeof file?.secretsprovider === "string" ? file.secretsprovider : undefined;
  const recordPath = runRecordPath(projectDir, stack);
  let record = readRunRecord(recordPath, stack);
  const parts = observedParts(observed, shards);
  for (const m of migration.moves) {
    const dest = shardStackName(stack, m.shard);
    try {
      await deps.initStack(dest, projectDir, secretsProvider);
      for (let i = 0; i < m.urns.length; i += MOVE_CHUNK) await deps.stateMove(stack, dest, m.urns.slice(i, i + MOVE_CHUNK), projectDir);
    } catch (e) {
      out(`failed: moving ${m.urns.length} resources to ${dest}: ${(e as Error).message.split("\n").filter((l) => l.trim()).slice(-3).join(" ")}`);
      out(`The shards before it were moved; run the command again to move the rest (what is left in ${stack} is planned again).`);
      return MIGRATE_EXIT.failed;
    }
    // The shard's part of the deployed state, so its first `clusterfleet up` plans from it; an empty
    // input hash, so that run does happen; `moved`, so that run adopts the moved state (moved-state.ts).
    const observedPart = parts.get(m.shard);
    record = recordShard(recordPath, record, m.shard, { hash: "", status: "succeeded", at: clock().toISOString(), moved: true, ...(observedPart ? { observed: observedPart } : {}) });
    out(`moved ${m.urns.length} resources to ${dest}`);
  }
  // Shards with nothing to move (mesh roots of an unmeshed jurisdiction...) still get their observed part.
  for (const [shard, part] of parts) if (!record.shards[shard]) record = recordShard(recordPath, record, shard, { hash: "", status: "succeeded", at: clock().toISOString(), observed: part });

  const left = (await single.resources()).filter(isMovedResource);
  if (left.length) {
    out(`failed: ${left.length} resources are still in ${stack}: ${left.slice(0, 5).map((r) => r.urn).join(", ")}`);
    return MIGRATE_EXIT.failed;
  }
  out(`Moved ${total} resources; ${stack} now holds only providers and components, which own nothing in the clouds.`);
  out(`Next: \`clusterfleet up --stack ${stack} --preview\` (expect components to be created and no cloud resource to change), then \`clusterfleet up --stack ${stack}\`; remove the old stack with \`pulumi stack rm ${stack} --force\` once they succeed.`);
  return MIGRATE_EXIT.ok;
}

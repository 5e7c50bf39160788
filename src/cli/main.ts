// The `clusterfleet` command line. Each command lives in its own file; this one wires them up
// and turns every failure into a message and an exit code (no stack traces for user mistakes).
// Each command's module is imported only when that command runs: `plan`, `schema` and `--help`
// must not pay for the Pulumi SDK and every provider SDK (seconds and ~200 MB) that `preview`,
// `report` and `decommission` need. Only type imports may name those modules here (a test holds it).
import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import type { DecommissionDeps, DecommissionOptions } from "./decommission-command.ts";
import type { MigrateDeps, MigrateOptions } from "./migrate-command.ts";
import { CliError, EXIT } from "./errors.ts";
import type { ReportOptions } from "./report-command.ts";
import type { DestroyOptions, UpOptions } from "./shard-run-options.ts";
import type { ShardRunDeps } from "./up-command.ts";

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** The clock, read here at the edge and passed into the planner as a value. */
  readonly now: () => Date;
  /** What `decommission` talks to (tests replace the Pulumi CLI and the clusters). */
  readonly decommission?: DecommissionDeps;
  /** What `migrate` talks to (the engine test passes the real CLI of its scratch project). */
  readonly migrate?: MigrateDeps;
  /** What `up` and `destroy` talk to (tests replace the Pulumi CLI). */
  readonly shards?: ShardRunDeps;
}

const defaultIo: CliIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  now: () => new Date(),
};

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const program = new Command("clusterfleet")
    .description("Plan and run fleets of Kubernetes clusters across regions and providers.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .version(packageVersion(), "-V, --version", "print the version of clusterfleet")
    .showHelpAfterError("(run clusterfleet --help for usage)");

  program
    .command("plan")
    .description("Validate a fleet spec and print its plan: clusters, zones, CIDRs, versions, waves, phases and links.")
    .argument("[file]", "a stack file (Pulumi config layout) or a plain fleet YAML/JSON file")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder")
    .option("--json", "print the FleetPlan as JSON")
    .option("--now <iso-date>", "plan as of this time (decommission dates); default: now")
    .option("--observed <file>", "the previous deployment: an observed-state file, or an earlier `plan --json`")
    .option("--svg <file>", "also draw the fleet to FILE (SVG): jurisdictions as boxes, clusters by provider, links by kind")
    .action(async (file: string | undefined, opts) => (await import("./plan-command.ts")).runPlanCommand(file, opts, io.out, io.now));

  program
    .command("preview")
    .description("Run the Pulumi program for a stack offline, under mocks, and show the resources `pulumi up` would create.")
    .argument("[file]", "a stack file (Pulumi config layout)")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder")
    .option("--json", 'print { "resources": [ { type, name, parent, inputs, dependsOn } ] }; secrets appear as "[secret]"')
    .option("--now <iso-date>", "preview as of this time (decommission dates); default: now")
    .action(async (file: string | undefined, opts) => (await import("./preview-command.ts")).runPreviewCommand(file, opts, io.out, io.now));

  let exitCode: number = EXIT.ok;
  program
    .command("decommission")
    .description("Destroy the retired clusters whose decommissionAfter date has passed: clean up, drain, then update the stack (Pulumi Automation API).")
    .option("-s, --stack <name>", "the Pulumi stack")
    .option("--now <iso-date>", "decide as of this time; default: now")
    .option("--dry-run", "list what is due, what would be destroyed and retained; change nothing (the default)")
    .option("--yes", "do it")
    .option("--force", "go ahead with a cluster that was not drained in the previous deployment, or whose drain was blocked")
    .option("--timeout <seconds>", "per cluster, for the drain and for the cleanup (default 600)")
    .option("--lock-file <path>", "lock against overlapping runs (default .clusterfleet/decommission-<stack>.lock in the project)")
    .option("--observed <file>", "with --dry-run: decide offline from the stack file and this observed state (pulumi stack output observed --json)")
    .option("--sharded", "the fleet runs as shard stacks (clusterfleet up): decide from the retired clusters' shards, then destroy or update the shard stacks in order")
    .addHelpText("after", "\nExit status: 0 done (with --dry-run: work listed), 3 nothing to do, 4 refused, 5 failed, 1 invalid input, 2 usage.")
    .action(async (opts: DecommissionOptions) => {
      const { runDecommissionCommand, realDecommissionDeps } = await import("./decommission-command.ts");
      exitCode = await runDecommissionCommand(opts, io.out, io.now, io.decommission ?? realDecommissionDeps);
    });

  program
    .command("report")
    .description("Data-sovereignty compliance: per cluster its region, storage classes and their topology, key regions, secrets backend, and a verdict (offline: plans the stack and checks what its program would create with the policy pack).")
    .argument("[file]", "a stack file (Pulumi config layout)")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder")
    .option("--json", "print the report as JSON")
    .option("--now <iso-date>", "report as of this time (decommission dates); default: now")
    .option("--policy-config", "print the policy pack's config for this stack (for pulumi preview --policy-pack-config) instead")
    .addHelpText("after", "\nExit status: 0 every cluster passes, 1 a cluster fails (or the spec is invalid), 2 usage.")
    .action(async (file: string | undefined, opts: ReportOptions) => {
      exitCode = await (await import("./report-command.ts")).runReportCommand(file, opts, io.out, io.now);
    });

  program
    .command("shards")
    .description("List the shards a sharded run is made of: per shard its stack (<stack>.<shard>), stage, prerequisites, where it runs and where its state is kept; --json for a CI matrix.")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder (required: the shards' stacks are named after it)")
    .option("--json", "print { fleet, stack, stages, shards: [ { name, kind, stage, stack, after, jurisdictions, runsIn, runsOn, backend, secrets } ] }")
    .option("--stage <n>", "only the shards of stage N (with --json: a bare array, for fromJSON)")
    .option("--now <iso-date>", "plan as of this time (decommission dates); default: now")
    .action(async (opts) => (await import("./shards-command.ts")).runShardsCommand(opts, io.out, io.now));

  program
    .command("operator")
    .description("Emit one Pulumi Kubernetes Operator Stack object (pulumi.com/v1) per shard, as multi-document YAML: prerequisites from the shard order, state backend, credentials, runner placement, drift resync.")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder (required)")
    .option("--project-repo <url>", "the git repository the operator fetches the Pulumi project from (required)")
    .option("--branch <name>", "the branch it follows (default main)")
    .option("--repo-dir <dir>", "the folder of Pulumi.yaml in that repository (default its root)")
    .option("--namespace <ns>", "the namespace of the Stack objects and of the Secrets they name (default clusterfleet)")
    .option("--resync-seconds <n>", "refresh and re-apply each shard this often, for drift (default 3600, at least 60)")
    .option("--out <file>", "write the YAML to FILE (- for stdout, the default)")
    .option("--now <iso-date>", "plan as of this time (decommission dates); default: now")
    .action(async (opts) => (await import("./operator-command.ts")).runOperatorCommand(opts, io.out, io.now));

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command("up")
    .description("Update every shard of a stack's fleet as its own stack (<stack>.<shard>) through the Pulumi Automation API: in dependency order, N at a time, with live progress and a summary; a rerun resumes.")
    .option("-s, --stack <name>", "the fleet's stack: stacks/Pulumi.<name>.yaml of the project in this folder (required)")
    .option("--parallel <n>", "shards run at once, 1 to 64 (default 4)")
    .option("--shard <name>", "only this shard (repeatable); its prerequisites outside the selection are not run", collect)
    .option("--preview", "run `pulumi preview` per shard instead of `pulumi up` (no resume, nothing recorded)")
    .option("--force", "also run the shards whose last update succeeded with the same inputs")
    .option("--now <iso-date>", "plan as of this time (decommission dates, for the shard list); default: now")
    .addHelpText("after", "\nExit status: 0 every shard succeeded or was unchanged, 5 a shard failed or was skipped, 1 invalid input, 2 usage.\nLogs: .clusterfleet/logs/<stack>/<shard>.log; what resume reads: .clusterfleet/runs/<stack>.json.")
    .action(async (opts: UpOptions) => {
      const { runUpCommand, realShardRunDeps } = await import("./up-command.ts");
      exitCode = await runUpCommand(opts, io.out, io.now, io.shards ?? (await realShardRunDeps()));
    });

  program
    .command("migrate")
    .description("Move a fleet deployed as one stack into its shard stacks (pulumi state move): no cloud resource is created, replaced or deleted.")
    .option("-s, --stack <name>", "the stack that holds the whole fleet (required); its shards become <name>.<shard>")
    .option("--yes", "do it (without: say what would move where)")
    .option("--now <iso-date>", "plan as of this time (decommission dates); default: now")
    .addHelpText("after", "\nExit status: 0 done (without --yes: listed), 4 refused (nothing moved), 5 failed, 1 invalid input, 2 usage.")
    .action(async (opts: MigrateOptions) => {
      const { runMigrateCommand, realMigrateDeps } = await import("./migrate-command.ts");
      exitCode = await runMigrateCommand(opts, io.out, io.now, io.migrate ?? realMigrateDeps);
    });

  program
    .command("destroy")
    .description("Destroy the named shards' stacks, dependents first. Refused for shards that hold clusters the fleet still runs: clusters go only through the decommission job.")
    .option("-s, --stack <name>", "the fleet's stack (required)")
    .option("--shard <name>", "a shard whose stack to destroy (repeatable; required)", collect)
    .option("--yes", "do it (without: say what would be destroyed and what is refused)")
    .option("--parallel <n>", "shards destroyed at once, 1 to 64 (default 4)")
    .option("--now <iso-date>", "decide as of this time (decommission dates); default: now")
    .addHelpText("after", "\nExit status: 0 done (without --yes: listed), 4 refused (nothing destroyed), 5 a shard failed, 1 invalid input, 2 usage.")
    .action(async (opts: DestroyOptions) => {
      const { realShardRunDeps } = await import("./up-command.ts");
      const { runDestroyCommand } = await import("./destroy-command.ts");
      exitCode = await runDestroyCommand(opts, io.out, io.now, io.shards ?? (await realShardRunDeps()));
    });

  program
    .command("schema")
    .description("Print the JSON Schema of the fleet spec (the value of config key clusterfleet:fleet), for editors; with --stack-file, of a whole Pulumi.<stack>.yaml.")
    .option("--stack-file", "the schema of a whole stack file: its config keys, with the fleet spec under clusterfleet:fleet")
    .option("--reference", "print the field reference as a markdown table instead")
    .action(async (opts: { reference?: boolean; stackFile?: boolean }) => {
      if (opts.reference) io.out((await import("../spec/reference.ts")).configReferenceMarkdown());
      else if (opts.stackFile) io.out(JSON.stringify((await import("../schema/stack-file-schema.ts")).stackFileJsonSchema(), null, 2));
      else io.out(JSON.stringify((await import("../schema/editor-schema.ts")).editorFleetSchema(), null, 2));
    });

  // Bare `clusterfleet`: the help, on stdout, exit 0 (commander would print it on stderr, exit 1).
  if (argv.length === 0) {
    io.out(program.helpInformation().trimEnd());
    return EXIT.ok;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help" ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      io.err(`error: ${e.message}`);
      return e.exitCode;
    }
    io.err(`internal error: ${(e as Error).message}`);
    if (process.env["CLUSTERFLEET_DEBUG"]) io.err(String((e as Error).stack));
    else io.err("(set CLUSTERFLEET_DEBUG=1 for the stack trace, and please report it)");
    return EXIT.internal;
  }
}

/** The version in package.json, read at run time (the same file in a checkout and when installed). */
function packageVersion(): string {
  // Self-reference through the package's own `exports` ("./package.json"): right from src/ and from dist/.
  return (createRequire(import.meta.url)("clusterfleet/package.json") as { version: string }).version;
}

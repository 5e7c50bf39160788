// The `clusterfleet` command line. Each command lives in its own file; this one wires them up
// and turns every failure into a message and an exit code (no stack traces for user mistakes).
import { Command, CommanderError } from "commander";
import { fleetJsonSchema } from "../spec/json-schema.ts";
import { configReferenceMarkdown } from "../spec/reference.ts";
import { CliError, EXIT } from "./errors.ts";
import { runPlanCommand } from "./plan-command.ts";
import { runPreviewCommand } from "./preview-command.ts";

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** The clock, read here at the edge and passed into the planner as a value. */
  readonly now: () => Date;
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
    .showHelpAfterError("(run clusterfleet --help for usage)");

  program
    .command("plan")
    .description("Validate a fleet spec and print its plan: clusters, zones, CIDRs, versions, waves, phases and links.")
    .argument("[file]", "a stack file (Pulumi config layout) or a plain fleet YAML/JSON file")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder")
    .option("--json", "print the FleetPlan as JSON")
    .option("--now <iso-date>", "plan as of this time (decommission dates); default: now")
    .option("--observed <file>", "the previous deployment: an observed-state file, or an earlier `plan --json`")
    .action((file: string | undefined, opts) => runPlanCommand(file, opts, io.out, io.now));

  program
    .command("preview")
    .description("Run the Pulumi program for a stack offline, under mocks, and show the resources `pulumi up` would create.")
    .argument("[file]", "a stack file (Pulumi config layout)")
    .option("-s, --stack <name>", "read stacks/Pulumi.<name>.yaml of the project in this folder")
    .option("--json", 'print { "resources": [ { type, name, parent, inputs, dependsOn } ] }; secrets appear as "[secret]"')
    .option("--now <iso-date>", "preview as of this time (decommission dates); default: now")
    .action((file: string | undefined, opts) => runPreviewCommand(file, opts, io.out, io.now));

  program
    .command("schema")
    .description("Print the JSON Schema of the fleet spec (the value of config key clusterfleet:fleet), for editors.")
    .option("--reference", "print the field reference as a markdown table instead")
    .action((opts: { reference?: boolean }) => io.out(opts.reference ? configReferenceMarkdown() : JSON.stringify(fleetJsonSchema(), null, 2)));

  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
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

// Runs `clusterfleet decommission` in its own process, with the real job, the real Kubernetes cleaners,
// the real lock file and the real Pulumi CLI; only the program is handed to the Automation API inline
// (no Node.js language host here, see scripts/engine/versions.env):
//   node decommission-driver.ts '<json>'   (cwd: the project) → the job's lines, then its exit status.
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { realDecommissionDeps, runDecommissionCommand, type DecommissionOptions } from "../../../src/cli/decommission-command.ts";
import { automationStack } from "../../../src/decommission/automation-stack.ts";
import { kubeCleaners } from "../../../src/decommission/kube-cleaner.ts";

interface Request {
  readonly options: DecommissionOptions;
  readonly repoRoot: string;
  readonly pulumiRoot: string;
  readonly env: Record<string, string>;
}

const req = JSON.parse(process.argv[2] ?? "{}") as Request;
const pulumiCommand = await PulumiCommand.get({ root: req.pulumiRoot });
const program = async () => ((await import(pathToFileURL(join(req.repoRoot, "src/program.ts")).href)) as { default: () => Promise<Record<string, unknown>> }).default();
const code = await runDecommissionCommand(req.options, (line) => console.log(line), () => new Date(), {
  ...realDecommissionDeps,
  openStack: (stack, dir) => automationStack(stack, dir, { program, pulumiCommand, envVars: req.env }),
  cleaners: () => kubeCleaners({ pollMs: 250 }),
});
process.exit(code);

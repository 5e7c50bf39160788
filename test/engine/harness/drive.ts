// Runs one stack operation of the ClusterFleet program on the real Pulumi CLI, in its own Node process
// (so each run has the SDK's process-wide state to itself, as under the CLI):
//   node drive.ts '<json DriveRequest>' <result file>   → the DriveResult as JSON in the file.
// The program is src/program.ts's default export, handed to the Automation API as an inline program:
// the CLI then talks to the SDK's own language runtime (`--client`) instead of launching the Node.js
// language host, which cannot be built here (scripts/engine/versions.env says why).
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation/index.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface DriveRequest {
  readonly op: "preview" | "up" | "destroy" | "refresh";
  readonly stack: string;
  /** The scratch project: Pulumi.yaml and stacks/. */
  readonly workDir: string;
  readonly repoRoot: string;
  /** Folder holding bin/pulumi. */
  readonly pulumiRoot: string;
  readonly env: Record<string, string>;
  readonly expectNoChanges?: boolean;
}

export interface DriveResult {
  readonly ok: boolean;
  readonly error?: string;
  /** Resource operations by kind (create, same, update, delete, ...). */
  readonly changes: Record<string, number>;
  readonly stdout: string;
}

async function drive(req: DriveRequest): Promise<DriveResult> {
  const pulumiCommand = await PulumiCommand.get({ root: req.pulumiRoot });
  const program = async () => {
    const mod = (await import(pathToFileURL(join(req.repoRoot, "src/program.ts")).href)) as { default: () => Promise<Record<string, unknown>> };
    return mod.default();
  };
  // Inline program, the project's own Pulumi.yaml and stacks/ folder in workDir (config, stackConfigDir).
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { stackName: req.stack, projectName: "clusterfleet", program },
    { workDir: req.workDir, pulumiCommand, envVars: req.env },
  );
  let stdout = "";
  const onOutput = (s: string) => {
    stdout += s;
  };
  try {
    if (req.op === "preview") {
      const r = await stack.preview({ onOutput, ...(req.expectNoChanges ? { expectNoChanges: true } : {}) });
      return { ok: true, changes: { ...r.changeSummary }, stdout };
    }
    if (req.op === "up") {
      const r = await stack.up({ onOutput, ...(req.expectNoChanges ? { expectNoChanges: true } : {}) });
      return { ok: true, changes: { ...(r.summary.resourceChanges ?? {}) }, stdout };
    }
    if (req.op === "refresh") {
      const r = await stack.refresh({ onOutput });
      return { ok: true, changes: { ...(r.summary.resourceChanges ?? {}) }, stdout };
    }
    const r = await stack.destroy({ onOutput });
    return { ok: true, changes: { ...(r.summary.resourceChanges ?? {}) }, stdout };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), changes: {}, stdout };
  }
}

const req = JSON.parse(process.argv[2] ?? "{}") as DriveRequest;
const result = await drive(req);
// A file, not stdout: the exit below would cut a large pipe write short.
writeFileSync(process.argv[3]!, JSON.stringify({ ...result, stdout: result.stdout.slice(-30_000) }));
// The SDK keeps gRPC handles open after an inline run.
process.exit(0);

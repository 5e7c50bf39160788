// The StackPort over the Pulumi Automation API. It needs the Pulumi CLI on PATH and a logged-in
// backend; the engine tests run it on the real CLI (test/engine/decommission.engine.test.ts).
import { LocalWorkspace, type PulumiCommand, type PulumiFn } from "@pulumi/pulumi/automation/index.js";
import type { StateResource } from "../plan/decommission.ts";
import type { StackPort } from "./ports.ts";

const parse = (value: string): unknown => {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** How to reach the CLI and run the program; by default the `pulumi` on PATH runs the project's `main`. */
export interface AutomationOptions {
  /** Run this function as the program (an Automation API inline program) instead of the project's `main`. */
  readonly program?: PulumiFn;
  readonly pulumiCommand?: PulumiCommand;
  readonly envVars?: Record<string, string>;
}

export async function automationStack(stackName: string, workDir: string, opts: AutomationOptions = {}): Promise<StackPort> {
  const ws = { workDir, ...(opts.pulumiCommand ? { pulumiCommand: opts.pulumiCommand } : {}), ...(opts.envVars ? { envVars: opts.envVars } : {}) };
  const stack = opts.program
    ? await LocalWorkspace.selectStack({ stackName, projectName: "clusterfleet", program: opts.program }, ws)
    : await LocalWorkspace.selectStack({ stackName, workDir }, ws);
  return {
    name: stackName,
    async config() {
      const all = await stack.getAllConfig();
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, parse(v.value)]));
    },
    async outputs() {
      const all = await stack.outputs();
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]));
    },
    async resources() {
      const exported = await stack.exportStack();
      const resources = (exported.deployment as { resources?: Record<string, unknown>[] }).resources ?? [];
      return resources.map(
        (r): StateResource => ({
          urn: String(r["urn"]),
          type: String(r["type"]),
          ...(r["parent"] ? { parent: String(r["parent"]) } : {}),
          custom: r["custom"] === true,
          protect: r["protect"] === true,
          retainOnDelete: r["retainOnDelete"] === true,
        }),
      );
    },
    async update(config, onOutput, env = {}) {
      // The values apply to this update only: whatever the stack had before is put back afterwards.
      // Should this process die first, the config stays, but the environment (the approval's run
      // id) dies with it: no later `pulumi up` accepts the approval (see approval.ts).
      const before = await stack.getAllConfig();
      for (const [key, value] of Object.entries(config)) await stack.setConfig(key, { value });
      // The program's environment: the CLI's (a project's `main` runs under the CLI), or this
      // process's when the program runs inline here.
      const vars = opts.program ? (process.env as Record<string, string>) : stack.workspace.envVars;
      for (const [key, value] of Object.entries(env)) vars[key] = value;
      try {
        await stack.up({ onOutput: (text) => text.split("\n").filter((l) => l.trim()).forEach(onOutput) });
      } finally {
        for (const key of Object.keys(env)) delete vars[key];
        for (const key of Object.keys(config)) {
          const old = before[key];
          if (old) await stack.setConfig(key, old);
          else await stack.removeConfig(key);
        }
      }
    },
  };
}

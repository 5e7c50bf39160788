// The StackPort over the Pulumi Automation API. It needs the Pulumi CLI on PATH and a logged-in
// backend; it is the one part of the job the tests cannot run (see the README for the real job).
import { LocalWorkspace } from "@pulumi/pulumi/automation/index.js";
import type { StateResource } from "../plan/decommission.ts";
import type { StackPort } from "./ports.ts";

const parse = (value: string): unknown => {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

export async function automationStack(stackName: string, workDir: string): Promise<StackPort> {
  const stack = await LocalWorkspace.selectStack({ stackName, workDir });
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
      const vars = stack.workspace.envVars;
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

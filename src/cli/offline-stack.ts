// What `preview` and `report` share: a stack file loaded and planned (a refused spec throws with
// every problem), then the real program entry run on it under Pulumi mocks, with well-formed
// placeholders for the secrets a stack file cannot give offline (absent, or encrypted by the CLI).
import { basename, dirname, join } from "node:path";
import { defaultCatalog } from "../catalog/catalog.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import type { FleetPlan } from "../plan/types.ts";
import { runUnderMocks, stackConfigToRuntime, type MockRun } from "../preview/mock-run.ts";
import "../preview/mocks/index.ts";
import { applyPlaceholders, secretStatus, type SecretStatus } from "../preview/secret-placeholders.ts";
import { CliError, InvalidSpecError } from "./errors.ts";
import { loadFleet, parseNowOption, readYaml, type LoadedFleet } from "./load.ts";

export interface PlannedStack {
  readonly loaded: LoadedFleet & { readonly config: Readonly<Record<string, unknown>> };
  readonly plan: FleetPlan;
  readonly now: Date;
  /** The stack's name: `--stack`, else the stack file's name. */
  readonly stack: string;
  /** The Pulumi project's name, from the Pulumi.yaml next to the stack file (or one folder up). */
  readonly project: string;
}

export interface OfflineRun extends MockRun {
  /** Each secret the plan needs, and whether the stack file gave it (the run used a placeholder otherwise). */
  readonly secrets: readonly SecretStatus[];
}

export function planStack(command: string, file: string | undefined, opts: { readonly stack?: string; readonly now?: string }, clock: () => Date): PlannedStack {
  const loaded = loadFleet({ ...(opts.stack ? { stack: opts.stack } : {}), ...(file ? { file } : {}) });
  const config = loaded.config;
  if (!config) throw new CliError(`${loaded.source}: ${command} needs a stack file (the Pulumi config layout), not a bare fleet file`);
  const now = parseNowOption(opts.now) ?? clock();
  const plan = planFleet(loaded.spec, defaultCatalog, undefined, { now });
  if (plan.problems) throw new InvalidSpecError(loaded.source, plan.problems);
  const stack = loaded.stack ?? basename(loaded.source).replace(/\.(ya?ml|json)$/, "");
  return { loaded: { ...loaded, config }, plan, now, stack, project: projectName(loaded.source) };
}

export async function runStackOffline(p: PlannedStack): Promise<OfflineRun> {
  const secrets = secretStatus(p.plan, p.loaded.config);
  const runtime = stackConfigToRuntime({ ...p.loaded.config, "clusterfleet:now": p.now.toISOString() });
  applyPlaceholders(runtime, secrets);
  const program = (await import("../program.ts")).default;
  try {
    return { ...(await runUnderMocks(program, { project: p.project, stack: p.stack, config: runtime.config, secretKeys: runtime.secretKeys })), secrets };
  } catch (e) {
    throw new CliError(`${p.loaded.source}: ${(e as Error).message}`);
  }
}

export function projectName(stackFile: string): string {
  for (const dir of [dirname(stackFile), join(dirname(stackFile), "..")]) {
    try {
      const p = readYaml(join(dir, "Pulumi.yaml")) as { name?: string } | undefined;
      if (p?.name) return p.name;
    } catch {
      // not here; look one folder up (stackConfigDir)
    }
  }
  return "clusterfleet";
}

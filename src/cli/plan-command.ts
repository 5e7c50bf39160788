// `clusterfleet plan [FILE] [--stack NAME] [--json] [--now ISO-DATE] [--observed FILE]`
import { defaultCatalog } from "../catalog/catalog.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import type { FleetPlan } from "../plan/types.ts";
import { writeFileSync } from "node:fs";
import { CliError, InvalidSpecError } from "./errors.ts";
import { complianceReport } from "../report/compliance.ts";
import { loadFleet, loadObserved, parseNowOption } from "./load.ts";
import { renderPlan } from "./render-plan.ts";

export interface PlanCommandOptions {
  readonly stack?: string;
  readonly json?: boolean;
  readonly now?: string;
  readonly observed?: string;
  readonly svg?: string;
}

/** Plans the named stack or file; throws a CliError (with every problem) when the spec is refused. */
export function planFromOptions(file: string | undefined, opts: PlanCommandOptions, clock: () => Date): { plan: FleetPlan; source: string } {
  const loaded = loadFleet({ ...(opts.stack ? { stack: opts.stack } : {}), ...(file ? { file } : {}) });
  const now = parseNowOption(opts.now) ?? clock();
  const observed = opts.observed ? loadObserved(opts.observed) : undefined;
  const plan = planFleet(loaded.spec, defaultCatalog, observed, { now });
  if (plan.problems) throw new InvalidSpecError(loaded.source, plan.problems);
  return { plan, source: loaded.source };
}

export async function runPlanCommand(file: string | undefined, opts: PlanCommandOptions, out: (s: string) => void, clock: () => Date): Promise<void> {
  const { plan } = planFromOptions(file, opts, clock);
  out(opts.json ? JSON.stringify(plan, null, 2) : [renderPlan(plan), ...reportWillFail(plan)].join("\n"));
  if (opts.svg) {
    // The layout engine (elkjs, a large bundle) loads only when a drawing is asked for.
    const { renderPlanSvg } = await import("./plan-svg.ts");
    try {
      writeFileSync(opts.svg, await renderPlanSvg(plan));
    } catch (e) {
      throw new CliError(`--svg ${opts.svg}: ${(e as Error).message}`);
    }
  }
}

/**
 * What `clusterfleet report` will fail, said by `plan` first: the report's own rules on the plan
 * (an adopted cluster with no storage or secrets backend passes planning, yet fails the report).
 * The report also checks the rendered resources with the policy pack; that part needs `report`.
 */
function reportWillFail(plan: FleetPlan): string[] {
  const failing = complianceReport(plan).clusters.filter((c) => c.verdict === "fail");
  if (!failing.length) return [];
  return ["`clusterfleet report` will fail (data sovereignty, from the plan)", ...failing.map((c) => `  - ${c.cluster}: ${c.problems.join("; ")}`)];
}

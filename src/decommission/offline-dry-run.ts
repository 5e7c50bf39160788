// `decommission --dry-run` without the stack: what is due, from the stack file's spec and, when
// given, an observed state (`--observed`, e.g. a saved `pulumi stack output observed --json`).
// It needs neither the Pulumi CLI nor a backend, and says what only the stack could tell.
import { defaultCatalog } from "../catalog/catalog.ts";
import { decideDecommission } from "../plan/decommission.ts";
import { isDue } from "../plan/lifecycle.ts";
import type { ObservedFleet } from "../plan/observed.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import { formatIssues } from "../spec/issue.ts";
import { describe, type JobOutcome } from "./job.ts";

export interface OfflineDryRunOptions {
  /** Where the spec came from (the stack file), for the messages. */
  readonly source: string;
  readonly spec: unknown;
  readonly observed?: ObservedFleet;
  readonly now: Date;
  readonly out: (line: string) => void;
}

export function offlineDryRun(o: OfflineDryRunOptions): JobOutcome {
  const plan = planFleet(o.spec, defaultCatalog, o.observed, { now: o.now });
  if (plan.problems) {
    o.out(`failed: the fleet spec in ${o.source} has problems:\n${formatIssues(plan.problems)}`);
    return "failed";
  }
  const unchecked = [
    "which resources each cluster's destroy would delete and retain, and whether any is protected (the stack's state)",
    "access to each cluster's API: its kubeconfig and endpoint in the stack outputs, and that they match",
  ];
  const retired = plan.clusters.filter((c) => c.lifecycle.state === "retired" && c.lifecycle.decommissionAfter);
  const upcoming = retired.filter((c) => !isDue(c.lifecycle.decommissionAfter, o.now));
  let outcome: JobOutcome;
  if (o.observed) {
    const decision = decideDecommission({ plan, observed: o.observed, state: [], now: o.now, force: false });
    if (decision.kind === "nothing-to-do") {
      o.out(`Nothing to decommission in ${o.source} as of ${o.now.toISOString()} (by the given observed state).`);
      outcome = "nothing-to-do";
    } else {
      for (const c of decision.clusters) describe(c, o.out);
      outcome = decision.kind === "refused" ? "refused" : "done";
    }
  } else {
    const due = retired.filter((c) => isDue(c.lifecycle.decommissionAfter, o.now));
    for (const c of due) o.out(`${c.name} (${c.provider}, ${c.region}): due since ${c.lifecycle.decommissionAfter}; decommissioned if it is deployed and was drained`);
    if (!due.length) o.out(`Nothing to decommission in ${o.source} as of ${o.now.toISOString()}.`);
    unchecked.unshift("whether each due cluster is deployed and was drained in the previous deployment (give --observed FILE)");
    outcome = due.length ? "done" : "nothing-to-do";
  }
  for (const u of upcoming) o.out(`  ${u.name}: due on ${u.lifecycle.decommissionAfter}`);
  o.out("Not checked without the stack (run the dry run where the Pulumi CLI reaches the stack's backend to check them):");
  for (const u of unchecked) o.out(`  - ${u}`);
  o.out("Dry run from the stack file: nothing was changed.");
  return outcome;
}

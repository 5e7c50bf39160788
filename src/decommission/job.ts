// `clusterfleet decommission`: finds the retired clusters whose date has passed, checks they were
// drained, lists what goes and what stays, and with --yes removes what in-cluster controllers
// created (load balancers, volumes), drains the nodes, then runs one stack update that destroys
// exactly those clusters. Every outcome maps to its own exit status.
import { randomUUID } from "node:crypto";
import { defaultCatalog } from "../catalog/catalog.ts";
import { decideDecommission, type DueCluster } from "../plan/decommission.ts";
import { parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import { isoFromGoTimestamps } from "../program/yaml-timestamps.ts";
import { formatIssues } from "../spec/issue.ts";
import { APPROVAL_CONFIG_KEY, APPROVAL_ENV, makeApproval } from "./approval.ts";
import { pinKubeconfig } from "./cluster-identity.ts";
import type { CleanerFactory, Lock, StackPort } from "./ports.ts";

export type JobOutcome = "done" | "nothing-to-do" | "refused" | "failed";

export interface JobOptions {
  readonly stack: StackPort;
  readonly cleaners: CleanerFactory;
  readonly lock: Lock;
  readonly now: Date;
  readonly mode: "dry-run" | "yes";
  readonly force: boolean;
  /** Per cluster, for the cleanup and for the drain. @default 600 */
  readonly timeoutSeconds?: number;
  readonly out: (line: string) => void;
  /**
   * The real time, read when the approval is issued and to refuse a `now` later than it. `now` may
   * only move time back (dry runs, replays): a later one would destroy clusters before their date.
   * @default the system clock (the CLI passes its own)
   */
  readonly clock?: () => Date;
  /** Binds the approval to this run (see approval.ts). @default a random UUID */
  readonly runId?: string;
}

export async function runDecommission(o: JobOptions): Promise<JobOutcome> {
  let release: (() => Promise<void>) | undefined;
  if (o.mode === "yes") {
    const lock = await o.lock.acquire();
    if (!lock.ok) {
      o.out(`refused: another decommission of stack ${o.stack.name} is running (pid ${lock.holder.pid} on ${lock.holder.host}, since ${lock.holder.startedAt})`);
      return "refused";
    }
    release = lock.release;
  }
  try {
    return await decideAndAct(o);
  } finally {
    await release?.();
  }
}

async function decideAndAct(o: JobOptions): Promise<JobOutcome> {
  const clock = o.clock ?? (() => new Date());
  if (o.mode === "yes" && o.now.getTime() > clock().getTime()) {
    o.out(`refused: --now ${o.now.toISOString()} is later than the current time ${clock().toISOString()}; with --yes the time may only be moved back (use --dry-run to see what will fall due). Nothing was changed.`);
    return "refused";
  }
  const [config, outputs, state] = await Promise.all([o.stack.config(), o.stack.outputs(), o.stack.resources()]);
  if (config[APPROVAL_CONFIG_KEY] !== undefined) {
    o.out(`note: the stack config still holds ${APPROVAL_CONFIG_KEY} from a run that did not finish; no update honours it (it is bound to that run): remove it with \`pulumi config rm ${APPROVAL_CONFIG_KEY}\``);
  }
  const observed: ObservedFleet | undefined = outputs["observed"] === undefined ? undefined : parseObserved(outputs["observed"]);
  // Read from the CLI, as the program reads it: unquoted dates come as Go timestamps.
  const plan = planFleet(isoFromGoTimestamps(config["clusterfleet:fleet"]), defaultCatalog, observed, { now: o.now });
  if (plan.problems) {
    o.out(`failed: the stack's fleet spec has problems:\n${formatIssues(plan.problems)}`);
    return "failed";
  }
  const decision = decideDecommission({ plan, observed, state, now: o.now, force: o.force });
  if (decision.kind === "nothing-to-do") {
    o.out(`Nothing to decommission in stack ${o.stack.name} as of ${o.now.toISOString()}.`);
    for (const u of decision.upcoming) o.out(`  ${u.name}: due on ${u.decommissionAfter}`);
    return "nothing-to-do";
  }
  for (const c of decision.clusters) describe(c, o.out);
  if (decision.kind === "refused") {
    o.out("refused: nothing was changed.");
    return "refused";
  }
  const pre = await o.stack.preflight?.(decision.clusters.map((c) => c.name), o.now);
  if (pre && "refused" in pre) {
    o.out(`refused: ${pre.refused}. Nothing was changed.`);
    return "refused";
  }
  for (const line of pre?.lines ?? []) o.out(line);
  if (o.mode === "dry-run") {
    o.out("Dry run: nothing was changed. Run with --yes to decommission.");
    return "done";
  }

  const timeout = o.timeoutSeconds ?? 600;
  // Every due cluster's access is proven before anything is touched: a drain is not undone.
  const access = (outputs["clusters"] ?? {}) as Record<string, { kubeconfig?: string; endpoint?: string }>;
  const kubeconfigs = new Map<string, string>();
  for (const c of decision.clusters) {
    const kubeconfig = access[c.name]?.kubeconfig;
    if (!kubeconfig) {
      o.out(`failed: no kubeconfig for ${c.name} in the stack outputs (clusters.${c.name}.kubeconfig); nothing was changed`);
      return "failed";
    }
    const pinned = pinKubeconfig(kubeconfig, access[c.name]?.endpoint);
    if (!pinned.ok) {
      o.out(`refused: cannot prove which cluster the job would drain for ${c.name}: ${pinned.reason}. Nothing was changed.`);
      return "refused";
    }
    kubeconfigs.set(c.name, pinned.kubeconfig);
  }
  for (const c of decision.clusters) {
    const progress = (line: string) => o.out(`  [${c.name}] ${line}`);
    try {
      const cleaner = o.cleaners(c.name, kubeconfigs.get(c.name)!);
      // Drain first: a volume still mounted by a running pod cannot be released.
      o.out(`Draining ${c.name} (PodDisruptionBudgets respected, ${timeout}s at most)`);
      const drain = await cleaner.drainNodes(timeout, progress);
      if (drain.blocked.length) {
        o.out(`${o.force ? "warning" : "failed"}: the drain of ${c.name} was blocked: ${drain.blocked.join("; ")}`);
        if (!o.force) {
          o.out("nothing was destroyed (pass --force to destroy anyway)");
          return "failed";
        }
      }
      o.out(`Cleaning up ${c.name}: load balancers, cloud ingresses and volumes that Pulumi does not know about`);
      const cleanup = await cleaner.removeExternalResources(timeout, progress);
      if (cleanup.remaining.length) {
        o.out(`failed: after ${timeout}s these were still in ${c.name}: ${cleanup.remaining.join(", ")}; nothing was destroyed`);
        return "failed";
      }
    } catch (e) {
      o.out(`failed: talking to ${c.name}'s API: ${(e as Error).message}; nothing was destroyed`);
      return "failed";
    }
  }

  const names = decision.clusters.map((c) => c.name);
  const run = o.runId ?? randomUUID();
  const approval = makeApproval(run, names, o.now, clock());
  o.out(`Updating stack ${o.stack.name}: destroying ${names.join(", ")} (decommission run ${run})`);
  try {
    await o.stack.update({ [APPROVAL_CONFIG_KEY]: JSON.stringify(approval) }, (line) => o.out(`  ${line}`), { [APPROVAL_ENV]: run });
  } catch (e) {
    o.out(`failed: the stack update did not complete: ${(e as Error).message}`);
    return "failed";
  }
  // The program may have refused the approval (expired, another run's): then nothing went.
  const after = (await o.stack.outputs())["observed"];
  const still = after === undefined ? [] : names.filter((n) => parseObserved(after).clusters[n] !== undefined);
  if (still.length) {
    o.out(`failed: the update completed but ${still.join(", ")} ${still.length === 1 ? "is" : "are"} still deployed (the program did not accept the approval; its warnings say why)`);
    return "failed";
  }
  o.out(`Decommissioned ${names.join(", ")}.`);
  return "done";
}

export function describe(c: DueCluster, out: (line: string) => void): void {
  out(`${c.name} (${c.provider}, ${c.region}): due since ${c.decommissionAfter}; ${c.verdict === "go" ? "will be decommissioned" : "REFUSED"}`);
  for (const r of c.reasons) out(`  - ${r}`);
  out(`  destroys ${c.destroys.length} resource${c.destroys.length === 1 ? "" : "s"}${c.destroys.length ? ":" : ""}`);
  for (const r of c.destroys) out(`      ${r}`);
  out(`  retains ${c.retains.length} data-holding resource${c.retains.length === 1 ? "" : "s"}${c.retains.length ? ":" : ""}`);
  for (const r of c.retains) out(`      ${r}`);
}

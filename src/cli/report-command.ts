// `clusterfleet report [FILE] [--stack NAME] [--json] [--policy-config]`: the data-sovereignty
// compliance report. Plans the stack, runs its program offline under mocks (as `preview`), runs the
// policy pack's rules over what it would create, and prints per cluster its region, jurisdiction,
// storage classes with their topology, key regions, secrets backend and a verdict. Exit 1 if any fails.
import { SOVEREIGNTY_POLICIES } from "../../policy/rules/index.ts";
import { checkPolicies } from "../preview/policy-check.ts";
import { complianceReport, policyConfig, type ComplianceFinding, type ComplianceReport } from "../report/compliance.ts";
import { EXIT } from "./errors.ts";
import { planStack, runStackOffline } from "./offline-stack.ts";
import { plainTable } from "./render-plan.ts";
import { parseFleetSpec } from "../spec/parse.ts";
import { renderShardState } from "./render-shard-state.ts";

export interface ReportOptions {
  readonly stack?: string;
  readonly json?: boolean;
  readonly now?: string;
  readonly policyConfig?: boolean;
}

export async function runReportCommand(file: string | undefined, opts: ReportOptions, out: (s: string) => void, clock: () => Date): Promise<number> {
  const planned = planStack("report", file, opts, clock);
  const { plan } = planned;
  const config = policyConfig(plan);
  if (opts.policyConfig) {
    // The same config for every rule of the pack, as `pulumi preview --policy-pack-config` reads it.
    out(JSON.stringify(Object.fromEntries(SOVEREIGNTY_POLICIES.map((p) => [p.name, config])), null, 2));
    return EXIT.ok;
  }
  const { resources } = await runStackOffline(planned);
  const prefix = `${plan.fleet}-`;
  const findings: ComplianceFinding[] = (await checkPolicies(resources, config)).map((f) => ({
    cluster: f.component?.startsWith(prefix) ? f.component.slice(prefix.length) : "(fleet)",
    message: `${f.policy}: ${f.message}`,
  }));
  // The jurisdictions' regions, for the shards' state backends (the plan was made, so the spec parses).
  const parsed = parseFleetSpec(planned.loaded.spec);
  const report = complianceReport(plan, findings, parsed.ok ? parsed.value.jurisdictions : undefined);
  const unattributed = findings.filter((f) => !plan.clusters.some((c) => c.name === f.cluster));
  out(opts.json ? JSON.stringify({ ...report, ...(unattributed.length ? { fleetProblems: unattributed.map((f) => f.message) } : {}) }, null, 2) : renderReport(report, unattributed));
  return report.verdict === "pass" && unattributed.length === 0 ? EXIT.ok : EXIT.invalid;
}

export function renderReport(r: ComplianceReport, unattributed: readonly ComplianceFinding[] = []): string {
  const t = plainTable(["CLUSTER", "REGION", "JURISDICTION", "STORAGE CLASSES (topology)", "KEYS", "SECRETS BACKEND", "VERDICT"]);
  for (const c of r.clusters) {
    const classes = c.storageClasses.map((k) => `${k.name}${k.default ? " (default)" : ""}${k.reclaimPolicy === "Retain" ? " [Retain]" : ""}`).join("\n");
    const topology = [...new Set(c.storageClasses.flatMap((k) => k.topology))].join("\n");
    const keys = c.keys.map((k) => `${k.purpose}: ${k.kind} in ${k.region}`).join("\n") || "-";
    const backend = c.secretsBackend ? `${c.secretsBackend.kind} in ${c.secretsBackend.region}\nstore ${c.secretsBackend.store}${c.secretsBackend.prefix ? `, ${c.secretsBackend.prefix}*` : ""}` : "none";
    t.push([c.cluster, c.region, c.jurisdiction, [classes, topology].filter(Boolean).join("\n") || "-", keys, backend, c.verdict.toUpperCase()]);
  }
  const failing = r.clusters.filter((c) => c.verdict === "fail");
  const failingShards = (r.shards ?? []).filter((s) => s.verdict === "fail");
  const shards = r.shards ? `, ${r.shards.length - failingShards.length} of ${r.shards.length} shards keep their state in their jurisdictions` : "";
  return [
    `Data sovereignty of fleet ${r.fleet}: ${r.verdict.toUpperCase()} (${r.clusters.length - failing.length} of ${r.clusters.length} clusters pass${shards})`,
    t.toString(),
    ...failing.flatMap((c) => [`${c.cluster} fails:`, ...c.problems.map((p) => `  - ${p}`)]),
    ...(r.shards ? renderShardState(r.shards) : []),
    ...unattributed.map((f) => `fleet-level: ${f.message}`),
  ].join("\n");
}

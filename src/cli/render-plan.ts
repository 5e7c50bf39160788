// The plan as people read it: a table of clusters and one of links (cli-table3).
import Table from "cli-table3";
import type { ShardPlan } from "../plan/shards.ts";
import type { ClusterPlan, FleetPlan } from "../plan/types.ts";
import { formatIssue } from "../spec/issue.ts";

/** Plain borders, no colours (output is often piped), no separators between rows. */
export function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true },
  });
}

/** Zones without the region prefix they repeat: eu-central-1a,b,c → "a b c". */
function shortZones(c: ClusterPlan): string {
  if (c.zones.length === 0) return "-";
  const trimmed = c.zones.map((z) => (z.startsWith(c.region) ? z.slice(c.region.length).replace(/^-/, "") : z));
  return trimmed.join(" ");
}

/** The version now and after the next run: "1.34 → 1.35", "1.35" when unchanged, "new → 1.35" when created. */
function version(c: ClusterPlan): string {
  if (c.action === "adopt") return c.kubernetesVersion; // never moved by ClusterFleet: what the spec says it runs
  if (!c.currentVersion) return c.action === "create" ? `new → ${c.kubernetesVersion}` : c.kubernetesVersion;
  return c.currentVersion === c.kubernetesVersion ? c.kubernetesVersion : `${c.currentVersion} → ${c.kubernetesVersion}`;
}

export function renderPlan(plan: FleetPlan): string {
  const clusters = plainTable(["CLUSTER", "PROVIDER", "REGION", "ZONES", "NODES", "PODS", "SERVICES", "VERSION NOW → NEXT", "TARGET", "WAVE", "PHASE/ACTION"]);
  for (const c of plan.clusters) {
    clusters.push([c.name, c.provider, c.region, shortZones(c), c.network.cidr, c.network.podCidr, c.network.serviceCidr, version(c), c.targetVersion, c.wave, `${c.phase}/${c.action}`]);
  }
  const out = [
    `Fleet ${plan.fleet}: ${plan.clusters.length} cluster${plan.clusters.length === 1 ? "" : "s"}, ${plan.peerings.length} link${plan.peerings.length === 1 ? "" : "s"}`,
    clusters.toString(),
  ];
  if (plan.peerings.length) {
    const links = plainTable(["FROM", "TO", "KIND", "WHY"]);
    for (const p of plan.peerings) links.push([p.from, p.to, p.kind, p.reason]);
    out.push("Links", links.toString());
  } else {
    out.push("Links: none");
  }
  if (plan.shards?.length) out.push(`Shards (stacks of a sharded run, by stage)`, renderShards(plan.shards));
  const notes = plan.clusters.flatMap((c) => c.conditions.map((k) => `  ${c.name}: ${k.message}`));
  if (notes.length) out.push("Why (per cluster)", ...notes);
  if (plan.warnings?.length) out.push("Warnings", ...plan.warnings.map((w) => `  - ${formatIssue(w)}`));
  return out.join("\n");
}

/** Where a shard runs: inside a cluster's network (private API) or anywhere that reaches the clouds' APIs. */
function runsIn(s: ShardPlan): string {
  return s.runsIn.kind === "cluster-network" ? `network of ${s.runsIn.cluster}` : "cloud APIs";
}

function renderShards(shards: readonly ShardPlan[]): string {
  const table = plainTable(["STAGE", "SHARD", "JURISDICTIONS", "RUNS IN", "READS", "STATE"]);
  for (const s of shards) {
    const state = s.state.backend ? `${s.state.backend}${s.state.holdsOutside.length ? ` (outside ${s.state.holdsOutside.join(", ")}'s)` : ""}` : "logged-in backend";
    const reads = s.reads.length > 3 ? `${s.reads.slice(0, 2).join(" ")} +${s.reads.length - 2}` : s.reads.join(" ") || "-";
    table.push([String(s.stage), s.name, s.jurisdictions.join(" ") || "-", runsIn(s), reads, state]);
  }
  return table.toString();
}

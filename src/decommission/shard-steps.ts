// What decommissioning clusters means for a sharded fleet (README, "Large and sovereign fleets"): the
// shard stacks to destroy or update, in order. A single stack's update removes a cluster and its links
// in one go; sharded, they live in several stacks:
// - its mesh links (`mesh-<a>--<b>`) leave the plan: their stacks are destroyed first (the remote
//   secrets in the surviving cluster go with them);
// - its fabric island keeps its name and loses the cluster's links: that stack is updated, under the
//   job's approval, while the cluster's own shard still answers its StackReferences; an island left
//   with no link leaves the plan and is destroyed;
// - its own shard (`cluster-<c>`) leaves the plan: destroyed last (retained resources stay, as the
//   single stack's update leaves them: `retainOnDelete`).
// Refused, before anything is touched, when the change would move resources between stacks: an island
// renamed (the cluster was its first by name) or split (it joined two groups of links).
// Pure: no Pulumi.
import { defaultCatalog } from "../catalog/catalog.ts";
import type { ObservedFleet } from "../plan/observed.ts";
import { planFleet } from "../plan/plan-fleet.ts";
import type { ShardPlan } from "../plan/shards.ts";

export interface ShardStep {
  readonly op: "destroy" | "up";
  readonly shard: string;
  readonly why: string;
}

export type ShardSteps = { readonly steps: readonly ShardStep[] } | { readonly refused: string };

const ORDER: Record<ShardPlan["kind"], number> = { "mesh-link": 0, fabric: 1, cluster: 2, "mesh-identity": 3 };

export function decommissionSteps(spec: unknown, observed: ObservedFleet | undefined, now: Date, clusters: readonly string[]): ShardSteps {
  const before = planFleet(spec, defaultCatalog, observed, { now });
  const after = planFleet(spec, defaultCatalog, observed, { now, decommission: clusters });
  if (before.problems || after.problems) return { refused: "the fleet spec has problems: run `clusterfleet plan` to see them" };
  const was = new Map((before.shards ?? []).map((s) => [s.name, s]));
  const is = new Map((after.shards ?? []).map((s) => [s.name, s]));
  const appeared = [...is.keys()].filter((n) => !was.has(n));
  if (appeared.length) {
    const islands = [...was.values()].filter((s) => s.kind === "fabric" && s.clusters.some((c) => clusters.includes(c))).map((s) => s.name);
    return {
      refused: `removing ${clusters.join(", ")} would move links between shard stacks (${islands.join(", ")} would become ${appeared.join(", ")}: the island was named after a removed cluster, or split), which a sharded decommission does not do; decommission from a single stack, or move the links' state with \`pulumi state move\` first`,
    };
  }
  const steps: ShardStep[] = [];
  for (const s of [...was.values()].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.name < b.name ? -1 : 1))) {
    const next = is.get(s.name);
    if (!next) {
      steps.push({ op: "destroy", shard: s.name, why: s.kind === "cluster" ? `the cluster's own resources (retained ones stay)` : s.kind === "fabric" ? "its island has no link left" : s.kind === "mesh-link" ? "the mesh link between its clusters" : "no cluster needs its trust root any longer" });
    } else if (s.kind === "fabric" && JSON.stringify(next.links) !== JSON.stringify(s.links)) {
      steps.push({ op: "up", shard: s.name, why: `removes the links of ${s.clusters.filter((c) => !next.clusters.includes(c)).join(", ")}` });
    }
  }
  // Updates of islands come after the mesh links they carry are gone, before any destroy of a cluster.
  const rank = (x: ShardStep) => (x.op === "up" ? 1 : ORDER[was.get(x.shard)!.kind] === 0 ? 0 : 2 + ORDER[was.get(x.shard)!.kind]);
  return { steps: steps.sort((a, b) => rank(a) - rank(b)) };
}

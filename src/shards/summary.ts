// The shards of a stack as a CI matrix reads them (`clusterfleet shards --json`): per shard its stack
// name, stage, prerequisites, where it runs (and the self-hosted runner labels that say so), and
// where its state is kept.
import { shardStackName } from "../plan/shard-names.ts";
import type { ShardPlan } from "../plan/shards.ts";
import type { FleetPlan } from "../plan/types.ts";
import { shardSecretEnv } from "./credentials.ts";
import { shardNodeSelector } from "./operator-stack.ts";

export interface ShardRow {
  readonly name: string;
  readonly kind: ShardPlan["kind"];
  readonly stage: number;
  /** The Pulumi stack that runs it: `<stack>.<shard>`. */
  readonly stack: string;
  readonly after: readonly string[];
  readonly jurisdictions: readonly string[];
  /** "network of <cluster>" or "cloud APIs". */
  readonly runsIn: string;
  /** Self-hosted runner labels: `clusterfleet-network-<cluster>` or `clusterfleet-jurisdiction-<j>`, after `self-hosted`. */
  readonly runsOn: readonly string[];
  /** The backend URL, absent for the backend the runner is logged in to. */
  readonly backend?: string;
  /** Environment variables the run needs, each with the secret it is read from. */
  readonly secrets: readonly { readonly env: string; readonly secret: string }[];
}

export interface ShardsSummary {
  readonly fleet: string;
  readonly stack: string;
  /** Number of stages (0 … stages-1). */
  readonly stages: number;
  readonly shards: readonly ShardRow[];
}

/** The runner labels of a shard: the same choice as the operator's node selector, as GitHub runner labels. */
export function runnerLabels(s: ShardPlan): string[] {
  const selector = shardNodeSelector(s);
  const [key, value] = Object.entries(selector)[0] ?? [];
  return ["self-hosted", key && value ? `clusterfleet-${key.slice(key.indexOf("/") + 1)}-${value}` : "clusterfleet"];
}

export function shardsSummary(plan: Pick<FleetPlan, "fleet" | "clusters" | "shards">, stack: string): ShardsSummary {
  const shards = (plan.shards ?? []).map(
    (s): ShardRow => ({
      name: s.name,
      kind: s.kind,
      stage: s.stage,
      stack: shardStackName(stack, s.name),
      after: s.after,
      jurisdictions: s.jurisdictions,
      runsIn: s.runsIn.kind === "cluster-network" ? `network of ${s.runsIn.cluster}` : "cloud APIs",
      runsOn: runnerLabels(s),
      ...(s.state.backend ? { backend: s.state.backend } : {}),
      secrets: shardSecretEnv(s, plan.clusters).map((e) => ({ env: e.env, secret: e.secret })),
    }),
  );
  return { fleet: plan.fleet, stack, stages: shards.reduce((m, s) => Math.max(m, s.stage + 1), 0), shards };
}

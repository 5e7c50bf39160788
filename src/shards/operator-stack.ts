// One `pulumi.com/v1` `Stack` object per shard, for the Pulumi Kubernetes Operator (v2.9; its CRD is
// test/fixtures/operator/pulumi.com_stacks.yaml, and every field below is named as it declares it).
// The operator runs each Stack in its own workspace pod and many Stacks at once; `prerequisites` hold a
// shard until the shards it reads have succeeded. Pure: plan and options in, plain objects out.
import { stableHash } from "../plan/names.ts";
import { shardStackName } from "../plan/shard-names.ts";
import type { ShardPlan } from "../plan/shards.ts";
import type { FleetPlan } from "../plan/types.ts";
import { shardSecretEnv } from "./credentials.ts";

/** The config key that selects the shard a stack renders (read by the program). */
export const SHARD_CONFIG_KEY = "clusterfleet:shard";
/** Node labels runner nodes carry: the cluster network they sit in, and their jurisdiction. */
export const NETWORK_LABEL = "clusterfleet.io/network";
export const JURISDICTION_LABEL = "clusterfleet.io/jurisdiction";
/** The workspace pod's container, which the operator names `pulumi` (operator/internal/controller/auto/workspace_controller.go). */
const WORKSPACE_CONTAINER = "pulumi";
/** Drift: re-run hourly by default. The operator treats values under 60 as 60 (CRD `resyncFrequencySeconds`). */
export const DEFAULT_RESYNC_SECONDS = 3600;
export const MIN_RESYNC_SECONDS = 60;

export interface OperatorOptions {
  /** The stack whose fleet is sharded (its stack file holds the fleet). */
  readonly stack: string;
  readonly namespace: string;
  /** Where the operator fetches the program: a git repository and branch (CRD `projectRepo`, `branch`, `repoDir`). */
  readonly projectRepo: string;
  readonly branch: string;
  readonly repoDir?: string;
  readonly resyncSeconds: number;
  /** The stack's plain (not secret) config, given to every shard's stack as it is, with the shard selected. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * The Stack object's own name. The operator names the shard's Workspace after it, and a StatefulSet and
 * Service `<name>-workspace` after that (workspace_controller.go: nameForStatefulSet, nameForService):
 * a Service name is a DNS-1035 label of at most 63 characters, and the StatefulSet's pods carry a
 * `controller-revision-hash` label `<statefulset>-<hash of up to 10>` that must fit 63 too
 * (kubernetes.io/docs/concepts/overview/working-with-objects/names/). Hence a lowercase DNS-1035 label
 * of at most 42 characters (`--` kept: `mesh-a--b` stays apart from `mesh-a-b`); longer names are cut and
 * given a stable hash.
 */
export function stackObjectName(stack: string, shard: string): string {
  const max = 42;
  const full = `${stack}-${shard}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "");
  const name = /^[a-z]/.test(full) ? full : `s-${full}`;
  if (name.length <= max) return name;
  return `${name.slice(0, max - 7).replace(/-+$/, "")}-${stableHash(name, 6)}`;
}

/** Which runner nodes may run a shard: its cluster's network, else its one jurisdiction (or the one its state is kept in). */
export function shardNodeSelector(s: ShardPlan): Record<string, string> {
  if (s.runsIn.kind === "cluster-network") return { [NETWORK_LABEL]: s.runsIn.cluster };
  const jurisdiction = s.jurisdictions.length === 1 ? s.jurisdictions[0] : s.state.of;
  return jurisdiction ? { [JURISDICTION_LABEL]: jurisdiction } : {};
}

export function operatorStack(s: ShardPlan, plan: Pick<FleetPlan, "fleet" | "clusters">, o: OperatorOptions): Record<string, unknown> {
  const nodeSelector = shardNodeSelector(s);
  const envRefs = Object.fromEntries(shardSecretEnv(s, plan.clusters).map((e) => [e.env, { type: "Secret", secret: { name: e.secret, key: e.key } }]));
  return {
    apiVersion: "pulumi.com/v1",
    kind: "Stack",
    metadata: {
      name: stackObjectName(o.stack, s.name),
      namespace: o.namespace,
      // Label values are at most 63 characters: the stack and shard names (up to 100) go in annotations.
      labels: { "app.kubernetes.io/managed-by": "clusterfleet", "clusterfleet.io/fleet": plan.fleet, "clusterfleet.io/shard-kind": s.kind, "clusterfleet.io/stage": String(s.stage) },
      annotations: { "clusterfleet.io/stack": o.stack, "clusterfleet.io/shard": s.name, "clusterfleet.io/jurisdictions": s.jurisdictions.join(",") },
    },
    spec: {
      stack: shardStackName(o.stack, s.name),
      projectRepo: o.projectRepo,
      branch: o.branch,
      ...(o.repoDir ? { repoDir: o.repoDir } : {}),
      ...(s.state.backend ? { backend: s.state.backend } : {}),
      config: { ...o.config, [SHARD_CONFIG_KEY]: s.name },
      envRefs,
      // Succeeded, however long ago: a shard reads the outputs its prerequisites last wrote.
      prerequisites: s.after.map((a) => ({ name: stackObjectName(o.stack, a) })),
      // Drift: refresh from the clouds, then update, every resync, even when the commit is unchanged.
      refresh: true,
      continueResyncOnCommitMatch: true,
      resyncFrequencySeconds: o.resyncSeconds,
      // Never destroy on delete: deleting the object (a GitOps prune, a namespace clean-up, a typo in
      // kubectl delete) would destroy the shard's clusters and their data. ClusterFleet destroys a
      // cluster only when the spec retires it and its date has passed (the decommission job).
      destroyOnFinalize: false,
      ...(Object.keys(nodeSelector).length
        ? { workspaceTemplate: { spec: { podTemplate: { spec: { nodeSelector, containers: [{ name: WORKSPACE_CONTAINER }] } } } } }
        : {}),
    },
  };
}

/** The Stack objects of every shard, in stage then name order. */
export function operatorStacks(plan: Pick<FleetPlan, "fleet" | "clusters" | "shards">, o: OperatorOptions): Record<string, unknown>[] {
  const shards = plan.shards ?? [];
  const names = new Map<string, string>();
  for (const s of shards) {
    const n = stackObjectName(o.stack, s.name);
    if (names.has(n)) throw new Error(`shards ${names.get(n)} and ${s.name} would share the Stack object name ${n}`);
    names.set(n, s.name);
  }
  return shards.map((s) => operatorStack(s, plan, o));
}

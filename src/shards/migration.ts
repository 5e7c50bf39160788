// Moving a fleet from one stack to its shards (`clusterfleet migrate`): which of the single stack's
// resources go to which shard stack, decided by what each shard renders (same type and name, as the
// union proof says: test/program/sharded.test.ts), and moved with `pulumi state move`, which rewrites
// state without touching a cloud resource (https://www.pulumi.com/docs/iac/operations/stack-management/moving-resources-between-stacks/).
// - Only custom resources are named: the CLI copies the providers they use into each shard stack
//   (it refuses to move a provider), and components are registered afresh by the shard's program
//   (a moved resource keeps its URN; the engine takes a new parent as no change).
// - A resource no shard renders, or that two would, stops the migration before anything moves.
// Pure: the caller reads the stack's state and renders the shards.
import type { StateResource } from "../plan/decommission.ts";
import { mergeObserved, type ObservedFleet } from "../plan/observed.ts";
import type { ShardPlan } from "../plan/shards.ts";

export interface MigrationPlan {
  /** Per shard, in stage order, the URNs of the single stack's custom resources that go to it. */
  readonly moves: readonly { readonly shard: string; readonly urns: readonly string[] }[];
  /** `type name` of custom resources no shard renders (the migration is refused while any is left). */
  readonly unclaimed: readonly string[];
  /** `type name` rendered by more than one shard, with the shards. */
  readonly conflicts: readonly { readonly resource: string; readonly shards: readonly string[] }[];
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
export const resourceKey = (type: string, name: string): string => `${type} ${name}`;
/** The resources a migration moves: custom ones, not providers (the state move copies those) nor StackReferences. */
export const isMovedResource = (r: StateResource): boolean => r.custom && !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:StackReference";

/**
 * `rendered`: per shard (in stage order), the `type name` of the custom resources it renders
 * (providers and StackReferences are ignored).
 */
export function planMigration(state: readonly StateResource[], rendered: ReadonlyMap<string, ReadonlySet<string>>): MigrationPlan {
  const owners = new Map<string, string[]>();
  for (const [shard, keys] of rendered) for (const k of keys) if (!k.startsWith("pulumi:providers:") && !k.startsWith("pulumi:pulumi:StackReference ")) (owners.get(k) ?? owners.set(k, []).get(k)!).push(shard);
  const moves = new Map<string, string[]>([...rendered.keys()].map((s) => [s, []]));
  const unclaimed: string[] = [];
  const conflicts: { resource: string; shards: string[] }[] = [];
  for (const r of state.filter(isMovedResource)) {
    const key = resourceKey(r.type, nameOf(r.urn));
    const shards = owners.get(key) ?? [];
    if (shards.length === 0) unclaimed.push(key);
    else if (shards.length > 1) conflicts.push({ resource: key, shards });
    else moves.get(shards[0]!)!.push(r.urn);
  }
  return { moves: [...moves].filter(([, urns]) => urns.length).map(([shard, urns]) => ({ shard, urns })), unclaimed, conflicts };
}

/**
 * The single stack's observed state cut into the shards' parts, for the run record (fleet-observed.ts):
 * each cluster to its cluster shard, the fabric's to the fabric shards, the mesh trust decision to the
 * mesh-identity shards. Their union is the single stack's observed state, so the shards' first
 * `clusterfleet up` plans from what the single stack had deployed.
 */
export function observedParts(observed: ObservedFleet | undefined, shards: readonly ShardPlan[]): Map<string, ObservedFleet> {
  const parts = new Map<string, ObservedFleet>();
  if (!observed) return parts;
  for (const s of shards) {
    const clusters = s.kind === "cluster" ? Object.fromEntries(s.clusters.filter((c) => observed.clusters[c]).map((c) => [c, observed.clusters[c]!])) : {};
    const part = mergeObserved([
      { clusters },
      s.kind === "fabric" && observed.fabric ? { clusters: {}, fabric: observed.fabric } : undefined,
      s.kind === "mesh-identity" && observed.meshTrust ? { clusters: {}, meshTrust: observed.meshTrust } : undefined,
    ])!;
    if (Object.keys(part.clusters).length || part.fabric || part.meshTrust) parts.set(s.name, part);
  }
  return parts;
}

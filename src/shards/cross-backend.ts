// A shard whose predecessor keeps its state in another backend (jurisdictions with their own
// `stateBackend`) cannot reach it by StackReference: Pulumi resolves a StackReference on the backend
// the update runs on. The runner reads such a predecessor's outputs itself, from that backend, and
// passes them to the shard's stack as config (src/program/passed-outputs.ts): plain outputs as plain
// config, secret ones (kubeconfigs, mesh tokens, root keys) as one secret value, encrypted for the
// reading shard's own stack. They land in the reading shard's state, where the single stack would
// have held them too; the reading shard exists only between jurisdictions that consented to peer.
import { SHARD_OUTPUTS_KEY, SHARD_SECRETS_KEY } from "../program/passed-outputs.ts";
import type { ShardPlan } from "../plan/shards.ts";

/** A stack's outputs as the Automation API gives them. */
export type StackOutputs = Readonly<Record<string, { readonly value: unknown; readonly secret?: boolean }>>;

/** Reads shard `shard`'s stack outputs from `backend` (undefined: the logged-in one). */
export type ShardOutputsReader = (shard: string, backend: string | undefined) => Promise<StackOutputs>;

/** The shards of `shard.after` whose state is on another backend than the shard's own. */
export function crossBackendPredecessors(shard: ShardPlan, byName: ReadonlyMap<string, ShardPlan>): string[] {
  return shard.after.filter((a) => byName.has(a) && (byName.get(a)!.state.backend ?? "") !== (shard.state.backend ?? ""));
}

/** The config passing those predecessors' outputs, or empty maps when every predecessor shares the backend. */
export async function passedOutputsConfig(
  shard: ShardPlan,
  byName: ReadonlyMap<string, ShardPlan>,
  read: ShardOutputsReader,
): Promise<{ readonly plain: Record<string, unknown>; readonly secrets: Record<string, string> }> {
  const names = crossBackendPredecessors(shard, byName);
  if (!names.length) return { plain: {}, secrets: {} };
  const plain: Record<string, Record<string, unknown>> = {};
  const secret: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const outputs = await read(name, byName.get(name)!.state.backend);
    // An entry per passed shard, even when all its outputs are secret (PassedOutputs.has).
    plain[name] = {};
    for (const [key, o] of Object.entries(outputs)) {
      if (o.secret) (secret[name] ??= {})[key] = o.value;
      else plain[name][key] = o.value;
    }
  }
  return { plain: { [SHARD_OUTPUTS_KEY]: plain }, secrets: Object.keys(secret).length ? { [SHARD_SECRETS_KEY]: JSON.stringify(secret) } : {} };
}

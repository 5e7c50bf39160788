// Where the program finds what the previous deployment left: the `clusterfleet:observed` config
// value when a job passes one, else the stack's own `observed` output (a StackReference to itself);
// then health reports (`clusterfleet:health`, cluster → true/false) that wave gates read.
//
// A shard's stack knows only its own part of the fleet. Its base is the whole fleet's observed state
// as `clusterfleet up` gathered it from every shard's last update (`clusterfleet:observed`), with its
// own previous deployment over it (its own clusters are what it knows best), and then the `observed`
// outputs of the shards it runs after, fresher still (shard-source.ts).
import * as pulumi from "@pulumi/pulumi";
import { mergeObserved, parseObserved, type ObservedFleet } from "../plan/observed.ts";
import type { ShardOutputs } from "./passed-outputs.ts";

/** What a shard lays over its base: the observed outputs of the shards it runs after. */
export type ShardObservedLayers = (base: ObservedFleet | undefined) => Promise<ObservedFleet | undefined>;

export async function readObserved(config: pulumi.Config, shardLayers?: ShardObservedLayers): Promise<ObservedFleet | undefined> {
  const raw = config.getObject<unknown>("observed");
  const given = raw === undefined ? undefined : parseObserved(raw);
  const base = shardLayers ? await shardLayers(mergeObserved([given, await ownPrevious(config, given !== undefined)])) : (given ?? (await ownPrevious(config, false)));
  const health = config.getObject<Record<string, boolean>>("health");
  if (!health) return base;
  const clusters = { ...(base?.clusters ?? {}) };
  for (const [name, healthy] of Object.entries(health)) {
    if (typeof healthy !== "boolean") throw new pulumi.RunError(`clusterfleet:health.${name}: got ${JSON.stringify(healthy)}; expected true or false`);
    if (clusters[name]) clusters[name] = { ...clusters[name], healthy };
  }
  return { ...base, clusters };
}

/**
 * The previous deployment's `observed` output. Without it the planner cannot refuse a deployed
 * cluster dropped from the spec, and `pulumi up` would destroy that cluster with no drain, no
 * cleanup and no date check. So the program never runs blind on a stack that was deployed: it
 * refuses `readPreviousDeployment: false` unless the observed state is given instead, and a
 * ClusterFleet deployment (outputs `fleet`, `plan`) that lacks `observed`.
 */
async function ownPrevious(config: pulumi.Config, observedGiven: boolean): Promise<ObservedFleet | undefined> {
  if (config.getBoolean("readPreviousDeployment") === false) {
    if (observedGiven) return undefined;
    throw new pulumi.RunError(
      `clusterfleet:readPreviousDeployment is false and no clusterfleet:observed is given: without the previous deployment a cluster removed from the spec would be destroyed unguarded. Give the observed state instead (\`pulumi config set clusterfleet:observed '{"clusters":{}}'\` for a stack never deployed), or remove the setting`,
    );
  }
  const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const ref = new pulumi.StackReference(`${pulumi.getStack()}-previous-deployment`, { name: self });
  const value = await outputOf(ref, "observed");
  if (value !== undefined) return parseObserved(value);
  for (const marker of ["fleet", "plan"]) {
    if ((await outputOf(ref, marker)) !== undefined) {
      throw new pulumi.RunError(
        `stack ${pulumi.getStack()} has a previous ClusterFleet deployment (output \`${marker}\`) but no \`observed\` output, so a cluster removed from the spec could not be protected: give clusterfleet:observed (e.g. from a saved \`pulumi stack output observed --json\`)`,
      );
    }
  }
  return undefined; // never deployed
}

/** A stack output's value, secret or not (undefined when the stack has no such output). */
export async function outputOf(ref: Pick<ShardOutputs, "getOutputDetails">, name: string): Promise<unknown> {
  const details = await ref.getOutputDetails(name);
  return details.value ?? details.secretValue;
}

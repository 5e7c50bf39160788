// The Pulumi stack that runs one shard of a stack's fleet. One function, so the local sharded runner,
// the program (StackReferences between shards), `clusterfleet operator` and `clusterfleet shards`
// all name a shard's stack the same way.
//
// Pulumi stack names: "Stack names may only contain alphanumeric characters, hyphens, underscores, or
// periods" (pulumi.com/docs/iac/concepts/stacks/#create-stack), at most 100 characters (pulumi/pulumi
// pkg/backend: validateStackName, `^[A-Za-z0-9_.-]{1,100}$`). The separator is a period: shard names
// never hold one (they are `-`-joined DNS labels), so `<stack>.<shard>` splits back at its last period
// whatever the stack is called, and `-` would not (`prod-eu` + `cluster-x` vs `prod` + `eu-cluster-x`).
import { stableHash } from "./names.ts";

export const STACK_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
export const MAX_STACK_NAME = 100;
export const SHARD_SEPARATOR = ".";

/** Why `stack` cannot be a Pulumi stack name, or undefined when it can. */
export function stackNameProblem(stack: string): string | undefined {
  if (STACK_NAME_PATTERN.test(stack)) return undefined;
  return `${JSON.stringify(stack)} is not a Pulumi stack name: 1-${MAX_STACK_NAME} letters, digits, '-', '_' or '.'`;
}

/**
 * `<stack>.<shard>`, e.g. `global.cluster-eu-aws-fra`. Past 100 characters the shard part is cut and
 * given a stable hash of the full name (deterministic, and two long names never collide).
 */
export function shardStackName(stack: string, shard: string): string {
  const problem = stackNameProblem(stack);
  if (problem) throw new Error(problem);
  const full = `${stack}${SHARD_SEPARATOR}${shard}`;
  if (full.length <= MAX_STACK_NAME) return full;
  const room = MAX_STACK_NAME - stack.length - SHARD_SEPARATOR.length - 7;
  if (room < 1) throw new Error(`stack name ${JSON.stringify(stack)} leaves no room for a shard name within ${MAX_STACK_NAME} characters`);
  return `${stack}${SHARD_SEPARATOR}${shard.slice(0, room).replace(/-+$/, "")}-${stableHash(full, 6)}`;
}

// Secrets a plan needs that an offline run cannot read: absent from the stack file (a shipped
// example) or encrypted by the Pulumi CLI. Offline runs (preview, tests) use each secret's
// well-formed placeholder, marked secret, and report which ones they stood in for.
import { requiredSecrets, type RequiredSecret } from "../plan/secrets.ts";
import type { FleetPlan } from "../plan/types.ts";

export interface SecretStatus extends RequiredSecret {
  /** The stack file's value: a plain string is used as is; ciphertext or nothing gets the placeholder. */
  readonly given: unknown;
}

export function secretStatus(plan: FleetPlan, stackConfig: Readonly<Record<string, unknown>>): SecretStatus[] {
  return requiredSecrets(plan).map((s) => ({ ...s, given: stackConfig[`clusterfleet:${s.key}`] ?? stackConfig[s.key] }));
}

/** Puts each placeholder into the runtime config (as a secret) where the stack file has no plain value. */
export function applyPlaceholders(runtime: { config: Record<string, string>; secretKeys: string[] }, statuses: readonly SecretStatus[]): void {
  for (const s of statuses) {
    if (typeof s.given === "string") continue; // a plain value in the stack file: used as is
    const key = `clusterfleet:${s.key}`;
    runtime.config[key] = s.placeholder;
    if (!runtime.secretKeys.includes(key)) runtime.secretKeys.push(key);
  }
}

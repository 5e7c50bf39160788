// Puts a stack in the state a user's README steps leave it in: initialised on the backend, with the
// secrets its plan asks for set as secret config (`pulumi config set --secret clusterfleet:<key> ...`).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { requiredSecrets } from "../../../src/plan/secrets.ts";
import type { EngineSession } from "./session.ts";

/** The fleet spec of a stack file in the scratch project. */
export function stackFleet(session: EngineSession, stack: string): Record<string, unknown> {
  const file = parse(readFileSync(join(session.project, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return file.config["clusterfleet:fleet"] as Record<string, unknown>;
}

/** Test values for the secrets a plan needs: recognisable, so the tests can look for them in the state. */
export const secretValueFor = (key: string): string => `engine-test-secret-${key}-5f0c1a`;

export async function initStack(session: EngineSession, stack: string, fleet?: Record<string, unknown>): Promise<void> {
  if (fleet) setFleet(session, stack, fleet);
  await session.pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]);
  const plan = planFleet(fleet ?? stackFleet(session, stack), defaultCatalog, undefined, { now: new Date() });
  if (plan.problems) throw new Error(`stack ${stack}: ${JSON.stringify(plan.problems)}`);
  for (const s of requiredSecrets(plan)) await session.pulumi(["config", "set", "--secret", "--stack", stack, `clusterfleet:${s.key}`, secretValueFor(s.key)]);
}

/** Writes the stack's fleet spec into its stack file, as a user edits it (other keys kept). */
export function setFleet(session: EngineSession, stack: string, fleet: Record<string, unknown>): void {
  const file = join(session.project, "stacks", `Pulumi.${stack}.yaml`);
  let doc: { config?: Record<string, unknown> } & Record<string, unknown> = {};
  try {
    doc = parse(readFileSync(file, "utf8")) as typeof doc;
  } catch {
    // A new stack file.
  }
  writeFileSync(file, stringify({ ...doc, config: { ...(doc.config ?? {}), "clusterfleet:fleet": fleet } }));
}

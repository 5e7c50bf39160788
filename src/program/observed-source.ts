// Where the program finds what the previous deployment left: the `clusterfleet:observed` config
// value when a job passes one, else the stack's own `observed` output (a StackReference to itself);
// then health reports (`clusterfleet:health`, cluster → true/false) that wave gates read.
import * as pulumi from "@pulumi/pulumi";
import { parseObserved, type ObservedFleet } from "../plan/observed.ts";

export async function readObserved(config: pulumi.Config): Promise<ObservedFleet | undefined> {
  const base = (await previousDeployment(config)) ?? undefined;
  const health = config.getObject<Record<string, boolean>>("health");
  if (!health) return base;
  const clusters = { ...(base?.clusters ?? {}) };
  for (const [name, healthy] of Object.entries(health)) {
    if (typeof healthy !== "boolean") throw new pulumi.RunError(`clusterfleet:health.${name}: got ${JSON.stringify(healthy)}; expected true or false`);
    if (clusters[name]) clusters[name] = { ...clusters[name], healthy };
  }
  return { clusters };
}

async function previousDeployment(config: pulumi.Config): Promise<ObservedFleet | undefined> {
  const given = config.getObject<unknown>("observed");
  if (given !== undefined) return parseObserved(given);
  if (config.getBoolean("readPreviousDeployment") === false) return undefined;
  const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const ref = new pulumi.StackReference(`${pulumi.getStack()}-previous-deployment`, { name: self });
  const details = await ref.getOutputDetails("observed");
  const value = details.value ?? details.secretValue;
  return value === undefined ? undefined : parseObserved(value);
}

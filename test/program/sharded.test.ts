// The shipped global stack run sharded under mocks, shard by shard in stage order, each reading its
// siblings' outputs through StackReferences: together the shards create the single stack's resources,
// same names, same inputs.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import type { MockRun } from "../../src/preview/mock-run.ts";
import { revealSecrets, SecretValue } from "../../src/preview/wire-values.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";
import { runStack } from "../fixtures/run-stack.ts";

/** Custom resources by type and name (what identifies a resource across stacks), with their inputs. */
function customs(run: MockRun): Map<string, unknown> {
  return new Map(run.resources.filter((r) => r.custom && r.type !== "pulumi:pulumi:StackReference").map((r) => [`${r.type} ${r.name}`, revealSecrets(r.inputs)]));
}

describe("the global stack, sharded", { timeout: 600_000 }, () => {
  it("creates, over its shards, exactly the single stack's resources with the same inputs", async () => {
    const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });
    const single = customs(await runStack("global"));
    const outputs: Record<string, Record<string, unknown>> = {};
    const union = new Map<string, unknown>();
    const rendered = new Map<string, string>();
    for (const shard of plan.shards!) {
      const name = shardStackName("global", shard.name);
      const run = await runStack("global", { stackName: name, config: { "clusterfleet:shard": shard.name }, stackOutputs: outputs });
      outputs[name] = revealSecrets(run.outputs) as Record<string, unknown>;
      expect(run.outputs["shard"]).toBe(shard.name);
      // Keys and tokens leave a shard only as secrets; certificates are public.
      if (shard.kind === "mesh-identity") {
        expect(run.outputs["meshRootKeys"]).toBeInstanceOf(SecretValue);
        expect(run.outputs["meshRootCerts"]).not.toBeInstanceOf(SecretValue);
        expect(Object.keys(revealSecrets(run.outputs["meshRootKeys"]) as object).sort()).toEqual([...(shard.roots ?? [])]);
      }
      if (shard.kind === "cluster" && run.outputs["meshAccess"] !== undefined) expect(run.outputs["meshAccess"]).toBeInstanceOf(SecretValue);
      for (const [key, inputs] of customs(run)) {
        // A provider a fabric shard rebuilds is the cluster shard's provider: same name, same inputs.
        if (union.has(key)) expect(inputs, `${key} in ${shard.name} and ${rendered.get(key)}`).toEqual(union.get(key));
        else rendered.set(key, shard.name);
        union.set(key, inputs);
      }
    }
    const missing = [...single.keys()].filter((k) => !union.has(k));
    const extra = [...union.keys()].filter((k) => !single.has(k));
    expect(extra).toEqual([]);
    expect(missing).toEqual([]);
    // The mesh links were rendered, by their pairs' shards.
    expect([...rendered].filter(([k, shard]) => /-mesh-links-/.test(k) && shard.startsWith("mesh-")).length).toBeGreaterThan(0);
    for (const [key, inputs] of union) expect(inputs, key).toEqual(single.get(key));
  });

  it("refuses a shard the plan does not have, naming the ones it has", async () => {
    await expect(runStack("global", { stackName: "global.cluster-nowhere", config: { "clusterfleet:shard": "cluster-nowhere" } })).rejects.toThrow(/no shard "cluster-nowhere"; its shards: mesh-identity-[a-z]+, /);
  });

  it("refuses a shard stack not named <stack>.<shard>", async () => {
    await expect(runStack("global", { stackName: "global-eu", config: { "clusterfleet:shard": "mesh-identity-eu" } })).rejects.toThrow(/must be named <fleet stack>\.mesh-identity-eu/);
  });
});

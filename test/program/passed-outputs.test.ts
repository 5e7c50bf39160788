// A shard whose predecessors keep their state in another backend gets their outputs as config
// (clusterfleet:shardOutputs, and the secret clusterfleet:shardSecrets), as `clusterfleet up` passes
// them: it renders exactly what it renders through StackReferences, and makes none to those shards.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import type { MockRun } from "../../src/preview/mock-run.ts";
import { revealSecrets, SecretValue } from "../../src/preview/wire-values.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";
import { runStack } from "../fixtures/run-stack.ts";

const customs = (run: MockRun) => new Map(run.resources.filter((r) => r.custom && r.type !== "pulumi:pulumi:StackReference").map((r) => [`${r.type} ${r.name}`, revealSecrets(r.inputs)]));

describe("outputs passed as config instead of StackReferences", { timeout: 300_000 }, () => {
  it("render a mesh link shard exactly as StackReferences do, its secrets staying secret", async () => {
    const plan = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW });
    const target = plan.shards!.find((s) => s.kind === "mesh-link" && s.name === "mesh-eu-aws-fra--eu-gcp-bru")!;
    // Its predecessors and theirs, run first through StackReferences.
    const needed = new Set<string>();
    const add = (n: string): void => void (needed.has(n) || (needed.add(n), plan.shards!.find((s) => s.name === n)!.after.forEach(add)));
    target.after.forEach(add);
    const outputs: Record<string, Record<string, unknown>> = {}; // as StackReferences see them
    const raw: Record<string, Record<string, unknown>> = {}; // with their secrets marked
    for (const s of plan.shards!.filter((x) => needed.has(x.name))) {
      const name = shardStackName("global", s.name);
      const run = await runStack("global", { stackName: name, config: { "clusterfleet:shard": s.name }, stackOutputs: outputs });
      raw[name] = run.outputs as Record<string, unknown>;
      outputs[name] = revealSecrets(run.outputs) as Record<string, unknown>;
    }
    const stackName = shardStackName("global", target.name);
    const byRefs = await runStack("global", { stackName, config: { "clusterfleet:shard": target.name }, stackOutputs: outputs });

    // As `clusterfleet up` passes them when the two cluster shards keep their state elsewhere.
    const passedPlain: Record<string, Record<string, unknown>> = {};
    const passedSecret: Record<string, Record<string, unknown>> = {};
    for (const shard of target.reads) {
      passedPlain[shard] = {};
      for (const [k, v] of Object.entries(raw[shardStackName("global", shard)]!)) {
        if (v instanceof SecretValue) (passedSecret[shard] ??= {})[k] = revealSecrets(v);
        else passedPlain[shard][k] = revealSecrets(v);
      }
    }
    expect(Object.keys(passedSecret).length).toBeGreaterThan(0); // the clusters' kubeconfigs and mesh tokens
    // The cluster shards' stacks are not there to reference (a StackReference to them would answer
    // nothing and fail the shard): only the config carries their outputs.
    const onlyFabric = Object.fromEntries(Object.entries(outputs).filter(([k]) => !target.reads.some((r) => k === shardStackName("global", r))));
    const byConfig = await runStack("global", {
      stackName,
      config: { "clusterfleet:shard": target.name, "clusterfleet:shardOutputs": passedPlain },
      secretConfig: { "clusterfleet:shardSecrets": JSON.stringify(passedSecret) },
      stackOutputs: onlyFabric,
    });
    expect(customs(byConfig)).toEqual(customs(byRefs));
    expect(customs(byConfig).size).toBeGreaterThan(0);
    // A kubeconfig read from the passed secret is still a secret where it is used (the mesh link's provider).
    const provider = (run: MockRun) => run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider(byConfig).inputs["kubeconfig"]).toBeInstanceOf(SecretValue);
  });
});

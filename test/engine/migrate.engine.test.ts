// Moving a fleet deployed as one stack into its shard stacks, on the real engine: `clusterfleet
// migrate` cuts the single stack's checkpoint by what each shard renders and runs the real
// `pulumi state move`. Then every shard's first update, as `clusterfleet up` runs it (its shard
// selected, the deployed observed state passed), touches no cloud resource: the stand-in providers
// record no create, update or delete, every resource keeps its ID, and the in-cluster objects on the
// real API servers are adopted as they are (a create would fail: they exist). Without
// src/program/moved-state.ts this fails: `pulumi state move` (CLI 3.276, cmd/pulumi/state/state_move.go)
// re-parents a moved resource whose parent stays behind to the stack, under a parentless URN, and the
// first update then created new root CA keys and deleted the moved ones.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { runMigrateCommand } from "../../src/cli/migrate-command.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { automationStack } from "../../src/decommission/automation-stack.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { requiredSecrets } from "../../src/plan/secrets.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import { PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { initShardStack, moveState } from "../../src/shards/shard-stack.ts";
import { startClusterApis } from "./harness/cluster-apis.ts";
import type { KubeApiServers } from "./harness/kube-apiservers.ts";
import type { EngineSession } from "./harness/session.ts";
import { initStack, secretValueFor } from "./harness/stack-setup.ts";
import { usSliceFleet } from "./harness/us-slice.ts";
import { useEngine } from "./harness/use-engine.ts";

let session: EngineSession;
let apis: KubeApiServers;
useEngine((s, a) => {
  session = s;
  apis = a;
});

const STACK = "movy";
const cloud = (type: string) => type !== "pulumi:pulumi:Stack" && type !== "pulumi:pulumi:StackReference" && !type.startsWith("pulumi:providers:") && !type.startsWith("clusterfleet:");

/** A config value in the stack file, as `clusterfleet up` writes a shard's (objects stay objects). */
function setConfig(stack: string, values: Record<string, unknown>): void {
  const file = join(session.project, "stacks", `Pulumi.${stack}.yaml`);
  const doc = (existsSync(file) ? parse(readFileSync(file, "utf8")) : {}) as { config?: Record<string, unknown> };
  writeFileSync(file, stringify({ ...doc, config: { ...doc.config, ...values } }));
}

describe("clusterfleet migrate on the real engine", () => {
  it("moves a deployed single stack into its shards without touching a cloud resource", async () => {
    const fleet = usSliceFleet(session);
    const plan = planFleet(fleet, defaultCatalog, undefined, { now: new Date() });
    expect(plan.problems).toBeUndefined();
    await startClusterApis(session, apis, fleet);

    // The fleet deployed the way it always was: one stack.
    await initStack(session, STACK, fleet);
    const up = await session.drive({ op: "up", stack: STACK });
    expect(up.error ?? "", up.stdout.slice(-6000)).toBe("");
    const before = new Map((await session.resources(STACK)).filter((r) => r.custom && cloud(r.type)).map((r) => [r.urn.replace(`urn:pulumi:${STACK}::`, ""), r.id]));
    expect(before.size).toBeGreaterThan(50);
    if (process.env["DEBUG_MIGRATE"]) console.log("SINGLE", (await session.resources(STACK)).map((x) => x.urn).filter((u) => u.includes("mesh-identity") || u.includes("us-gcp-dsm-vpn")).join("\n"));

    // The move, through the command itself and the real CLI.
    const pulumiCommand = await PulumiCommand.get({ root: join(session.toolchain.bin, "..") });
    const lines: string[] = [];
    const cwd = process.cwd();
    process.chdir(session.project);
    let code: number;
    try {
      code = await runMigrateCommand({ stack: STACK, yes: true }, (s) => lines.push(s), () => new Date(), {
        projectDir: session.project,
        openStack: (stack, dir) => automationStack(stack, dir, { pulumiCommand, envVars: session.env }),
        initStack: (stackName, projectDir, secretsProvider) => initShardStack({ projectDir, stackName, secretsProvider: secretsProvider ?? "passphrase", pulumiCommand, envVars: session.env }),
        stateMove: (source, dest, urns, projectDir) => moveState({ projectDir, source, dest, urns, pulumi: join(session.toolchain.bin, "pulumi"), envVars: session.env }),
      });
    } finally {
      process.chdir(cwd);
    }
    expect(code, lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toMatch(/now holds only providers and components/);
    const record = JSON.parse(readFileSync(join(session.project, ".clusterfleet/runs", `${STACK}.json`), "utf8")) as { shards: Record<string, { observed?: unknown; moved?: boolean }> };

    // Each shard's first update as `clusterfleet up` runs it: its config, its secrets, the deployed observed state.
    const opsBefore = session.standinOps().length;
    const after = new Map<string, string | undefined>();
    const observed = Object.values(record.shards).reduce<{ clusters: Record<string, unknown> }>((m, s) => {
      const o = s.observed as { clusters: Record<string, unknown>; fabric?: unknown; meshTrust?: unknown } | undefined;
      return o ? { ...m, ...o, clusters: { ...m.clusters, ...o.clusters } } : m;
    }, { clusters: {} });
    for (const shard of plan.shards!) {
      const stack = shardStackName(STACK, shard.name);
      // A shard the migration moved nothing to has no stack yet: `clusterfleet up` creates it.
      if (!record.shards[shard.name]?.moved) await session.pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]);
      setConfig(stack, { "clusterfleet:fleet": fleet, "clusterfleet:shard": shard.name, "clusterfleet:observed": observed, "clusterfleet:adoptMovedState": record.shards[shard.name]?.moved === true });
      for (const s of requiredSecrets(plan)) await session.pulumi(["config", "set", "--secret", "--stack", stack, `clusterfleet:${s.key}`, secretValueFor(s.key)]);
      if (process.env["DEBUG_MIGRATE"]) console.log("BEFORE", shard.name, (await session.resources(stack)).map((x) => `${x.urn} ${x.id ?? ""}`).join("\n"));
      const r = await session.drive({ op: "up", stack });
      if (process.env["DEBUG_MIGRATE"]) console.log("AFTER", shard.name, (await session.resources(stack)).map((x) => `${x.urn} ${x.id ?? ""}`).join("\n"));
      expect(r.error ?? "", `${shard.name}: ${r.stdout.slice(-6000)}${apis.recentLogs()}`).toBe("");
      expect(r.changes["delete"] ?? 0, `${shard.name}: ${r.stdout.slice(-4000)}`).toBe(0);
      expect(r.changes["replace"] ?? 0, shard.name).toBe(0);
      for (const res of await session.resources(stack)) if (res.custom && cloud(res.type)) after.set(res.urn.replace(`urn:pulumi:${stack}::`, ""), res.id);
    }
    // No stand-in was asked to create, update or delete anything: no cloud resource was touched.
    expect(session.standinOps().slice(opsBefore)).toEqual([]);
    // Every resource is where a shard holds it, with the ID it had.
    expect([...before.keys()].filter((k) => !after.has(k))).toEqual([]);
    expect([...after.keys()].filter((k) => !before.has(k)), "created by a shard after the move").toEqual([]);
    for (const [k, id] of before) expect(after.get(k), k).toBe(id);
    // What is left of the single stack owns nothing.
    expect((await session.resources(STACK)).filter((r) => r.custom && cloud(r.type))).toEqual([]);
  });
});

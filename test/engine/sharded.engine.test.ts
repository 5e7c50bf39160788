// A fleet run sharded on the real engine: each shard its own stack `<stack>.<shard>` on one file
// backend, run in stage order by the real Pulumi CLI, each reading the shards before it through real
// StackReferences (mesh roots, link ends, cluster access). Together the shards' checkpoints hold
// what the single stack would create; a second run of a shard asks for nothing.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { shardStackName } from "../../src/plan/shard-names.ts";
import { startClusterApis, withoutCharts } from "./harness/cluster-apis.ts";
import type { KubeApiServers } from "./harness/kube-apiservers.ts";
import { offlinePreview, typeAndName } from "./harness/offline-preview.ts";
import { secretPlaintexts, type EngineSession } from "./harness/session.ts";
import { initStack, stackFleet } from "./harness/stack-setup.ts";
import { usSliceFleet } from "./harness/us-slice.ts";
import { useEngine } from "./harness/use-engine.ts";

let session: EngineSession;
let apis: KubeApiServers;
useEngine((s, a) => {
  session = s;
  apis = a;
});

const STACK = "shardy";

/** Resources the state holds that a single stack would also hold: no StackReferences, no providers (a shard rebuilds its siblings'). */
const comparable = (type: string) => type !== "pulumi:pulumi:StackReference" && type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");

// CI runs the two-cluster slice (about 4 minutes). CLUSTERFLEET_ENGINE_FULL_GLOBAL=1 runs the whole
// shipped global stack instead: 11 clusters, 24 shard stacks (README: how long it took here).
const FULL = process.env["CLUSTERFLEET_ENGINE_FULL_GLOBAL"] === "1";

describe("a fleet run as shards on the real engine", () => {
  it(`creates, shard by shard in stage order, what the single stack would, and a second run changes nothing (${FULL ? "all of global" : "a slice of global"})`, { timeout: FULL ? 3_600_000 : 900_000 }, async () => {
    const fleet = FULL ? withoutCharts(stackFleet(session, "global")) : usSliceFleet(session);
    const plan = planFleet(fleet, defaultCatalog, undefined, { now: new Date() });
    expect(plan.problems).toBeUndefined();
    const shards = plan.shards!;
    expect(new Set(shards.map((s) => s.kind))).toEqual(new Set(["mesh-identity", "cluster", "fabric", "mesh-link"]));
    await startClusterApis(session, apis, fleet);

    const union = new Set<string>();
    for (const shard of shards) {
      const stack = shardStackName(STACK, shard.name);
      await initStack(session, stack, fleet);
      await session.pulumi(["config", "set", "--stack", stack, "clusterfleet:shard", shard.name]);
      const up = await session.drive({ op: "up", stack });
      expect(up.error ?? "", `${shard.name}: ${up.stdout.slice(-6000)}${apis.recentLogs()}`).toBe("");
      for (const r of await session.resources(stack)) if (comparable(r.type)) union.add(typeAndName(r));
      // Root keys and mesh tokens are in no shard's checkpoint in clear.
      const checkpoint = session.checkpointText(stack);
      for (const s of await secretPlaintexts(session, stack)) expect(checkpoint.includes(s), `${shard.name}: a secret in clear`).toBe(false);
      expect(checkpoint, shard.name).not.toContain("PRIVATE KEY");
    }

    // The single stack of the same fleet, as the offline preview (mocks) lists it.
    const single = join(session.project, "stacks", `Pulumi.${STACK}-single.yaml`);
    writeFileSync(single, stringify({ config: { "clusterfleet:fleet": fleet } }));
    const expected = new Set(offlinePreview(single).filter((r) => comparable(r.type)).map(typeAndName));
    expect([...expected].filter((k) => !union.has(k)), "missing from the shards").toEqual([]);
    expect([...union].filter((k) => !expected.has(k)), "created by a shard but not by the single stack").toEqual([]);

    // Each shard's second run finds its siblings through the same StackReferences and asks for nothing.
    for (const shard of shards) {
      const again = await session.drive({ op: "preview", stack: shardStackName(STACK, shard.name), expectNoChanges: true });
      expect(again.error ?? "", `${shard.name}: ${again.stdout.slice(-6000)}`).toBe("");
    }
  });
});

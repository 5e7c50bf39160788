// One stack of a synthetic fleet rendered under mocks in a fresh process, as one `pulumi preview` of
// it runs its program: the whole fleet as a single stack, or one shard reading its predecessors'
// outputs (files that their own runs of this script wrote) through StackReferences.
//   node bench/shard-preview-child.ts <size> single|<shard> <outputs dir>
// prints one JSON line: { target, ms, maxRssMb, resources }; a shard's outputs go to <dir>/<shard>.json.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { shardStackName } from "../src/plan/shard-names.ts";
import { shardStackOutputs } from "../src/program/shard-outputs.ts";
import { ShardReader } from "../src/program/shard-source.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { revealSecrets } from "../src/preview/wire-values.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

const [size, target, dir] = [Number(process.argv[2]), process.argv[3]!, process.argv[4]!];
const NOW = new Date("2026-11-21T00:00:00Z");
const STACK = "bench";

const t0 = performance.now();
const plan = planFleet(syntheticFleet(size), syntheticCatalog, undefined, { now: NOW });
if (plan.problems) throw new Error(JSON.stringify(plan.problems.slice(0, 3)));
let resources: number;
if (target === "single") {
  const run = await runUnderMocks(async () => void new ClusterFleet(plan.fleet, { plan }), { project: "clusterfleet", stack: STACK, config: {} });
  resources = run.resources.length;
} else {
  const shard = plan.shards!.find((s) => s.name === target);
  if (!shard) throw new Error(`no shard ${target}`);
  const stackOutputs = Object.fromEntries(shard.after.map((a) => [shardStackName(STACK, a), JSON.parse(readFileSync(join(dir, `${a}.json`), "utf8")) as Record<string, unknown>]));
  const run = await runUnderMocks(
    async () => {
      const reader = new ShardReader(STACK);
      await reader.observed(shard, undefined);
      return shardStackOutputs(plan, shard, new ClusterFleet(plan.fleet, { plan, shard: reader.slice(plan, shard) }));
    },
    { project: "clusterfleet", stack: shardStackName(STACK, shard.name), config: {}, stackOutputs },
  );
  writeFileSync(join(dir, `${target}.json`), JSON.stringify(revealSecrets(run.outputs)));
  resources = run.resources.length;
}
process.stdout.write(`${JSON.stringify({ target, ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, resources })}\n`);

// One cluster shard of a synthetic fleet rendered under mocks in a fresh process, so peak memory is
// this run's alone: the whole fleet is planned (every shard plans it), the observed state is read
// from the shards it runs after (as the program does), then only the shard's cluster is rendered.
//   node bench/shard-child.ts <size>   prints one JSON line: { size, ms, maxRssMb, resources, planMs }
import { performance } from "node:perf_hooks";
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { shardStackName } from "../src/plan/shard-names.ts";
import { ShardReader } from "../src/program/shard-source.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

const size = Number(process.argv[2]);
const NOW = new Date("2026-11-21T00:00:00Z");
const STACK = "bench";

const t0 = performance.now();
const plan = planFleet(syntheticFleet(size), syntheticCatalog, undefined, { now: NOW });
const planMs = performance.now() - t0;
if (plan.problems) throw new Error(JSON.stringify(plan.problems.slice(0, 3)));
const shard = plan.shards!.find((s) => s.kind === "cluster")!;
// The mesh-identity shards have run: their roots' certificates and keys (any text will do under mocks).
const stackOutputs = Object.fromEntries(
  plan.shards!.filter((s) => s.kind === "mesh-identity").map((s) => [shardStackName(STACK, s.name), { meshRootCerts: Object.fromEntries((s.roots ?? []).map((k) => [k, "cert"])), meshRootKeys: Object.fromEntries((s.roots ?? []).map((k) => [k, "key"])) }]),
);
const run = await runUnderMocks(
  async () => {
    const reader = new ShardReader(STACK);
    await reader.observed(shard, undefined);
    new ClusterFleet(plan.fleet, { plan, shard: reader.slice(plan, shard) });
  },
  { project: "clusterfleet", stack: shardStackName(STACK, shard.name), config: {}, stackOutputs },
);
const ms = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ size, ms, planMs, maxRssMb: process.resourceUsage().maxRSS / 1024, resources: run.resources.length })}\n`);

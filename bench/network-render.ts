// One fleet's network fabric rendered under mocks, in a process of its own (`network.bench.ts` starts
// it): every cluster's resources are recorded, so a 200-cluster fleet needs a heap of ~11 GB, more than
// the bench's parent process should hold. Prints the counts as JSON.
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../components/tokens.ts";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { subtreeOf } from "../src/preview/report.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

export interface FabricRender {
  readonly resources: number;
  readonly fabricResources: number;
  readonly ms: number;
  readonly rssMb: number;
}

const [size, topology] = [Number(process.argv[2]), process.argv[3] as "hub-spoke" | "mesh"];
const plan = planFleet(syntheticFleet(size, topology), syntheticCatalog, undefined, {});
const t = performance.now();
const run = await runUnderMocks(
  async () => {
    new ClusterFleet("bench", { plan });
  },
  { project: "clusterfleet", stack: `network-${size}-${topology}`, config: {} },
);
const root = run.resources.find((r) => r.type === TOKENS.fabric)!;
const result: FabricRender = {
  resources: run.resources.filter((r) => r.custom).length,
  fabricResources: subtreeOf(root, run.resources).filter((r) => r.custom).length,
  ms: Math.round(performance.now() - t),
  rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
};
process.stdout.write(JSON.stringify(result));

// The network fabric at fleet scale: links by kind and the resources the fabric creates, for synthetic
// fleets of 10, 50 and 200 clusters in both topologies, measured in one run. A full mesh is refused
// above 12 clusters (n(n-1)/2 links), so the mesh column is measured where the planner allows it and
// reported as refused elsewhere.
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../components/tokens.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { subtreeOf } from "../src/preview/report.ts";
import { planFleet } from "../src/plan/plan-fleet.ts";
import { printTable } from "./measure.ts";
import { syntheticFleet } from "./synthetic-fleet.ts";

const KINDS = ["aws-vpc-peering", "aws-transit-gateway", "gcp-vpc-peering", "azure-vnet-peering", "ipsec-vpn"] as const;

export async function benchNetwork(sizes: readonly number[] = [10, 50, 200], render = true): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    for (const topology of ["hub-spoke", "mesh"] as const) {
      const spec = syntheticFleet(size, topology);
      const t = performance.now();
      const plan = planFleet(spec, undefined, undefined, {});
      const planMs = performance.now() - t;
      if (plan.problems) {
        rows.push([size, topology, `refused: ${plan.problems[0]!.code}`, ...KINDS.map(() => "-"), "-", "-", "-"]);
        continue;
      }
      const byKind = KINDS.map((k) => plan.peerings.filter((p) => p.kind === k).length);
      const tunnels = plan.fabric!.links.reduce((n, l) => n + (l.vpn?.tunnels.length ?? 0), 0);
      // Rendering a whole fleet under mocks in one process runs out of the default heap past ~100
      // clusters (every cluster's resources are recorded): the fabric is rendered up to 50.
      let fabricResources: number | string = "not rendered";
      if (render && size <= 50) {
        const run = await runUnderMocks(
          async () => {
            new ClusterFleet("bench", { plan });
          },
          { project: "clusterfleet", stack: `network-${size}-${topology}`, config: {} },
        );
        const root = run.resources.find((r) => r.type === TOKENS.fabric)!;
        fabricResources = subtreeOf(root, run.resources).filter((r) => r.custom).length;
      }
      rows.push([size, topology, plan.peerings.length, ...byKind, tunnels, fabricResources, planMs.toFixed(0)]);
    }
  }
  printTable(
    "Network fabric: links by kind and resources the fabric creates (mesh is refused above 12 clusters)",
    ["clusters", "topology", "links", ...KINDS, "VPN tunnels", "fabric resources", "plan ms"],
    rows,
  );
}

if (import.meta.main) await benchNetwork(process.argv[2] ? process.argv[2].split(",").map(Number) : undefined);

// The network fabric at fleet scale: links by kind and the resources the fabric creates, for synthetic
// fleets of 10, 50 and 200 clusters in both topologies, measured in one run. A full mesh is refused
// above 12 clusters (n(n-1)/2 links), so the mesh column is measured where the planner allows it and
// reported as refused elsewhere.
import { execFileSync } from "node:child_process";
import { totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { planFleet } from "../src/plan/plan-fleet.ts";
import type { FabricRender } from "./network-render.ts";
import { medianMs, printTable } from "./measure.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

/** The heap a rendering process gets: the 200-cluster fleet peaks at ~10.5 GB. */
const RENDER_HEAP_MB = 16384;

function renderFabric(size: number, topology: string): FabricRender {
  const child = fileURLToPath(new URL("./network-render.ts", import.meta.url));
  const out = execFileSync(process.execPath, [`--max-old-space-size=${RENDER_HEAP_MB}`, child, String(size), topology], { encoding: "utf8", maxBuffer: 16 << 20 });
  return JSON.parse(out) as FabricRender;
}

const KINDS = ["aws-vpc-peering", "aws-transit-gateway", "gcp-vpc-peering", "azure-vnet-peering", "ipsec-vpn"] as const;

export async function benchNetwork(sizes: readonly number[] = [10, 50, 200], render = true): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    for (const topology of ["hub-spoke", "mesh"] as const) {
      const spec = syntheticFleet(size, topology);
      const plan = planFleet(spec, syntheticCatalog, undefined, {});
      const planMs = medianMs(5, () => planFleet(spec, syntheticCatalog, undefined, {}));
      if (plan.problems) {
        rows.push([size, topology, `refused: ${plan.problems[0]!.code}`, ...KINDS.map(() => "-"), "-", "-", "-", "-", "-"]);
        continue;
      }
      const byKind = KINDS.map((k) => plan.peerings.filter((p) => p.kind === k).length);
      const tunnels = plan.fabric!.links.reduce((n, l) => n + (l.vpn?.tunnels.length ?? 0), 0);
      // Each fleet is rendered under mocks in a fresh process with a large heap (every resource of every
      // cluster is recorded); a machine with too little memory for it reports the fabric as not rendered.
      let fabric: (string | number)[] = [render ? "not rendered: needs ~11 GB of memory" : "not rendered", "-", "-"];
      if (render && (size <= 50 || totalmem() >= (RENDER_HEAP_MB + 4096) * 2 ** 20)) {
        const r = renderFabric(size, topology);
        fabric = [r.fabricResources, r.resources, `${(r.ms / 1000).toFixed(1)} s, ${(r.rssMb / 1024).toFixed(1)} GB`];
      }
      rows.push([size, topology, plan.peerings.length, ...byKind, tunnels, ...fabric, planMs.toFixed(0)]);
    }
  }
  printTable(
    "Network fabric: links by kind and resources the fabric creates (mesh is refused above 12 clusters)",
    ["clusters", "topology", "links", ...KINDS, "VPN tunnels", "fabric resources", "all resources", "render (time, peak RSS)", "plan ms (median)"],
    rows,
  );
}

if (import.meta.main) await benchNetwork(process.argv[2] ? process.argv[2].split(",").map(Number) : undefined);

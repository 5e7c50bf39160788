// One synthetic fleet rendered under mocks in a process of its own (`report.bench.ts` starts it), then
// what `clusterfleet preview` does with the recorded resources, timed: the text report (buildReport
// and the tables) and, for comparison, the `--json` output. Prints the figures as JSON.
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { jsonResource, renderPreview } from "../src/cli/preview-command.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { medianMs } from "./measure.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

export interface ReportRender {
  readonly resources: number;
  readonly renderMs: number;
  readonly textMs: number;
  readonly jsonMs: number;
}

const size = Number(process.argv[2]);
const NOW = new Date("2026-11-21T00:00:00Z");
const t = performance.now();
const run = await runUnderMocks(
  async () => {
    new ClusterFleet("bench", { spec: syntheticFleet(size), catalog: syntheticCatalog, now: NOW });
  },
  { project: "clusterfleet", stack: `report-${size}`, config: {} },
);
const renderMs = performance.now() - t;
const result: ReportRender = {
  resources: run.resources.length,
  renderMs: Math.round(renderMs),
  textMs: medianMs(3, () => renderPreview(`report-${size}`, run.resources)),
  jsonMs: medianMs(3, () => JSON.stringify({ resources: run.resources.map(jsonResource) }, null, 2)),
};
process.stdout.write(JSON.stringify(result));

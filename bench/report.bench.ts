// The preview's text report at fleet scale: synthetic fleets of 25, 50 and 100 clusters, each rendered
// under mocks in a fresh process, then the report built from its recorded resources. Doubling the
// clusters doubles the resources, so a time ratio of ~2 per doubling is linear (it was ~5, N^2.3).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { printTable } from "./measure.ts";
import type { ReportRender } from "./report-render.ts";

function renderReport(size: number): ReportRender {
  const child = fileURLToPath(new URL("./report-render.ts", import.meta.url));
  // The heap Pulumi.yaml gives the real program (nodeargs): a 100-cluster fleet needs more than the default.
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", child, String(size)], { encoding: "utf8", maxBuffer: 16 << 20 });
  return JSON.parse(out) as ReportRender;
}

export function benchReport(sizes: readonly number[] = [25, 50, 100]): ReportRender[] {
  const rows = sizes.map(renderReport);
  printTable(
    "Preview report (clusterfleet preview): text report and --json from the same recorded resources, median of 3",
    ["clusters", "resources", "text report ms", "growth vs previous size", "--json ms", "render under mocks"],
    rows.map((r, i) => [
      sizes[i]!,
      r.resources,
      r.textMs.toFixed(0),
      i ? `${(r.textMs / rows[i - 1]!.textMs).toFixed(1)}x for ${(sizes[i]! / sizes[i - 1]!).toFixed(0)}x clusters` : "-",
      r.jsonMs.toFixed(0),
      `${(r.renderMs / 1000).toFixed(1)} s`,
    ]),
  );
  return rows;
}

if (import.meta.main) benchReport(process.argv[2] ? process.argv[2].split(",").map(Number) : undefined);

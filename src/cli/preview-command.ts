// `clusterfleet preview [--stack NAME] [--json]`: runs the real program entry with the stack's own
// config under Pulumi mocks (no cloud, no Pulumi CLI) and shows what `pulumi up` would create.
import { buildReport } from "../preview/report.ts";
import type { RecordedResource } from "../preview/recording-monitor.ts";
import { planStack, runStackOffline } from "./offline-stack.ts";
import { plainTable } from "./render-plan.ts";

export interface PreviewOptions {
  readonly stack?: string;
  readonly json?: boolean;
  readonly now?: string;
}

export async function runPreviewCommand(file: string | undefined, opts: PreviewOptions, out: (s: string) => void, clock: () => Date): Promise<void> {
  const planned = planStack("preview", file, opts, clock);
  const run = await runStackOffline(planned);
  if (opts.json) return out(JSON.stringify({ resources: run.resources.map(jsonResource) }, null, 2));
  out(renderPreview(planned.stack, run.resources));
  // The secrets the plan needs cannot be read offline: absent from the stack file (a shipped example)
  // or encrypted by the Pulumi CLI. The preview used well-formed placeholders and says so.
  const missing = run.secrets.filter((s) => s.given === undefined);
  const encrypted = run.secrets.filter((s) => s.given !== undefined && typeof s.given !== "string");
  if (missing.length) {
    out(["", "Secrets not in the stack file (the preview used placeholders; set them before `pulumi up`):", ...missing.map((s) => `  pulumi config set --secret clusterfleet:${s.key} ...   # ${s.purpose}`)].join("\n"));
  }
  if (encrypted.length) {
    out(["", "Encrypted secrets (only the Pulumi CLI can decrypt them; the preview used placeholders):", ...encrypted.map((s) => `  clusterfleet:${s.key}   # ${s.purpose}`)].join("\n"));
  }
}

/** The `--json` shape: type token, name, parent's name, inputs (secrets "[secret]"), dependencies. */
export function jsonResource(r: RecordedResource): Record<string, unknown> {
  return { type: r.type, name: r.name, parent: r.parent ?? null, inputs: r.inputs, dependsOn: r.dependsOn };
}

export function renderPreview(stack: string, resources: readonly RecordedResource[]): string {
  const report = buildReport(resources);
  const byType = plainTable(["RESOURCE TYPE", "COUNT"]);
  for (const [type, n] of report.byType) byType.push([type, String(n)]);
  const byCluster = plainTable(["CLUSTER COMPONENT", "TYPE", "RESOURCES", "ADD-ONS", "ZONES", "CONTROL PLANE"]);
  for (const c of report.clusters) {
    byCluster.push([c.name, c.type, String(c.resources), String(c.addonResources), c.ha?.zones.join(" ") || "-", c.ha?.controlPlane ?? "not built yet: no resources"]);
  }
  return [
    `Preview of stack ${stack} (offline, under Pulumi mocks): ${report.total} resources would be created`,
    "",
    "By cluster",
    byCluster.toString(),
    "",
    "By type",
    byType.toString(),
    "",
    "Resource tree",
    ...report.tree,
  ].join("\n");
}

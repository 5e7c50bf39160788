// Where each add-on's chart is pulled from: its official repository, or the fleet's mirror (an OCI
// registry, a Helm repository, or a folder of packaged charts), with a per-add-on source over both.
// The chart name and the pinned version never change with the source; only where Helm fetches it.
import type { ChartFact } from "../catalog/types.ts";
import type { AddonId, ChartSourcesSpec } from "../spec/addons.ts";

/** helm-repository: an index.yaml over http(s); oci: a registry path; local: a folder of <chart>-<version>.tgz. */
export type ChartSourceKind = "helm-repository" | "oci" | "local";

export const chartSourceKind = (location: string): ChartSourceKind => (location.startsWith("oci://") ? "oci" : /^https?:\/\//.test(location) ? "helm-repository" : "local");

/** The location a chart is pulled from: the add-on's own source, else the fleet's mirror, else the catalog's repository. */
export function chartLocation(id: AddonId, chart: ChartFact, sources: ChartSourcesSpec | undefined): { repository: string; source: ChartSourceKind } {
  const given = sources?.addons[id] ?? sources?.mirror;
  // A user's trailing "/" is dropped: the chart's path is joined to it.
  const repository = given === undefined ? chart.repository : given.replace(/\/+$/, "");
  return { repository, source: chartSourceKind(repository) };
}

/** What a Helm release names to get the chart (pulumi-kubernetes helm.v3.Release `chart`, `version`, `repositoryOpts`). */
export interface ReleaseChart {
  readonly chart: string;
  readonly version: string;
  readonly repositoryOpts?: { readonly repo: string };
}

/**
 * How Helm is told where the chart is. The forms are Helm's own (helm.sh/docs/topics/registries/ for
 * `oci://<registry>/<path>/<chart>` with `--version`; a packaged chart by its path), as pulumi-kubernetes'
 * Release resolves them (provider/pkg/provider/helm_release.go locateChart: without a repository URL
 * a chart that exists on disk is loaded from there, an oci:// reference is pulled at `version`).
 * A local chart's version comes from the file it names: `<chart>-<version>.tgz`, so the pin is kept.
 */
export function releaseChart(a: { readonly chart: string; readonly version: string; readonly repository: string; readonly source: ChartSourceKind }): ReleaseChart {
  switch (a.source) {
    case "helm-repository":
      return { chart: a.chart, version: a.version, repositoryOpts: { repo: a.repository } };
    case "oci":
      return { chart: `${a.repository}/${a.chart}`, version: a.version };
    case "local":
      return { chart: `${a.repository}/${a.chart}-${a.version}.tgz`, version: a.version };
  }
}

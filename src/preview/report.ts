// What `clusterfleet preview` shows: the resources a `pulumi up` would create, counted by type
// and by cluster, as a parent tree, and each cluster's HA facts as rendered.
import { TOKENS } from "../../components/tokens.ts";
import { haFactsReaders, type HaFacts } from "./ha-facts.ts";
import type { RecordedResource } from "./recording-monitor.ts";

export const CLUSTER_TOKENS: ReadonlySet<string> = new Set([TOKENS.eks, TOKENS.gke, TOKENS.aks, TOKENS.kubeadm, TOKENS.adopted, TOKENS.plannedCluster]);

export interface ClusterReport {
  readonly name: string;
  readonly type: string;
  /** The cluster's own resources, the component included. */
  readonly resources: number;
  /** Resources of the add-ons installed in it (Helm releases, policies, CAs...). */
  readonly addonResources: number;
  readonly ha?: HaFacts;
}

export interface PreviewReport {
  readonly total: number;
  readonly byType: readonly (readonly [string, number])[];
  readonly clusters: readonly ClusterReport[];
  /** Indented `type name` lines, parents before children. */
  readonly tree: readonly string[];
}

/** Resources under `root` (not including it), by parent links. */
export function subtreeOf(root: RecordedResource, all: readonly RecordedResource[]): RecordedResource[] {
  const kids = new Map<string, RecordedResource[]>();
  for (const r of all) if (r.parentUrn) kids.set(r.parentUrn, [...(kids.get(r.parentUrn) ?? []), r]);
  const out: RecordedResource[] = [];
  const walk = (urn: string) => {
    for (const k of kids.get(urn) ?? []) {
      out.push(k);
      walk(k.urn);
    }
  };
  walk(root.urn);
  return out;
}

export function buildReport(resources: readonly RecordedResource[]): PreviewReport {
  const counted = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const byType = new Map<string, number>();
  for (const r of counted) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);

  const clusters = counted
    .filter((r) => CLUSTER_TOKENS.has(r.type))
    .map((c): ClusterReport => {
      const subtree = subtreeOf(c, resources);
      const addonRoots = subtree.filter((r) => (r.type.startsWith("clusterfleet:addons:") || r.type.startsWith("clusterfleet:sovereignty:")));
      const addons = new Set(addonRoots.flatMap((a) => [a.urn, ...subtreeOf(a, resources).map((r) => r.urn)]));
      const own = subtree.filter((r) => !addons.has(r.urn));
      const reader = haFactsReaders[c.type];
      return { name: c.name, type: c.type, resources: own.length + 1, addonResources: addons.size, ...(reader ? { ha: reader(c, own) } : {}) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));

  const tree: string[] = [];
  const children = new Map<string, RecordedResource[]>();
  for (const r of resources) if (r.parentUrn) children.set(r.parentUrn, [...(children.get(r.parentUrn) ?? []), r]);
  const walk = (r: RecordedResource, depth: number) => {
    tree.push(`${"  ".repeat(depth)}${r.type}  ${r.name}`);
    for (const k of children.get(r.urn) ?? []) walk(k, depth + 1);
  };
  for (const root of resources.filter((r) => !r.parentUrn)) walk(root, 0);

  return {
    total: counted.length,
    byType: [...byType.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    clusters,
    tree,
  };
}

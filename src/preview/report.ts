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

/** Each resource's children, by parent URN, in registration order: built once, then walked. */
export function childrenByParent(all: readonly RecordedResource[]): ReadonlyMap<string, readonly RecordedResource[]> {
  const kids = new Map<string, RecordedResource[]>();
  for (const r of all) {
    if (!r.parentUrn) continue;
    const list = kids.get(r.parentUrn);
    if (list) list.push(r);
    else kids.set(r.parentUrn, [r]);
  }
  return kids;
}

/** Resources under the resource `urn` (not including it), parents before children. */
function descendants(urn: string, kids: ReadonlyMap<string, readonly RecordedResource[]>, out: RecordedResource[] = []): RecordedResource[] {
  for (const k of kids.get(urn) ?? []) {
    out.push(k);
    descendants(k.urn, kids, out);
  }
  return out;
}

/** Resources under `root` (not including it), by parent links. */
export function subtreeOf(root: RecordedResource, all: readonly RecordedResource[]): RecordedResource[] {
  return descendants(root.urn, childrenByParent(all));
}

const isAddonRoot = (r: RecordedResource) => r.type.startsWith("clusterfleet:addons:") || r.type.startsWith("clusterfleet:sovereignty:");

/**
 * A cluster's own resources (parents before children) and how many belong to its add-ons: an add-on
 * component and everything under it. One walk of the cluster's subtree, so the whole report stays
 * linear in the number of resources (indexing the fleet's resources again per cluster and per add-on
 * made a 100-cluster preview's text report take seconds).
 */
function splitAddons(cluster: RecordedResource, kids: ReadonlyMap<string, readonly RecordedResource[]>): { own: RecordedResource[]; addons: number } {
  const own: RecordedResource[] = [];
  let addons = 0;
  const walk = (urn: string, inAddon: boolean) => {
    for (const k of kids.get(urn) ?? []) {
      const addon = inAddon || isAddonRoot(k);
      if (addon) addons++;
      else own.push(k);
      walk(k.urn, addon);
    }
  };
  walk(cluster.urn, false);
  return { own, addons };
}

export function buildReport(resources: readonly RecordedResource[]): PreviewReport {
  const counted = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const byType = new Map<string, number>();
  for (const r of counted) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const children = childrenByParent(resources);

  const clusters = counted
    .filter((r) => CLUSTER_TOKENS.has(r.type))
    .map((c): ClusterReport => {
      const { own, addons } = splitAddons(c, children);
      const reader = haFactsReaders[c.type];
      return { name: c.name, type: c.type, resources: own.length + 1, addonResources: addons, ...(reader ? { ha: reader(c, own) } : {}) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));

  const tree: string[] = [];
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

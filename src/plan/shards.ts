// The fleet cut into shards: slices that are each one Pulumi stack, run where their resources can be
// reached and keep their state in their jurisdiction. One shard per cluster (its infrastructure and
// in-cluster layer), the mesh trust roots, the fabric's islands and the mesh links per pair. Pure: it
// reads the finished plan and decides nothing else.
//
// Mesh roots are one shard per jurisdiction (`mesh-identity-<jurisdiction>`), as the plan's roots are
// (FleetPlan.meshTrustRoots): a root's private key stays in its jurisdiction's state, and a cluster
// shard reads its own jurisdiction's key and only the certificates of the roots it trusts.
//
// Cross-shard needs that would form a cycle, and how they are cut:
// - The two ends of a link (VPN tunnels, peering requests and accepts, transit attachments) and
//   everything a link shares with another (a site's transit gateway, a cluster's VPN gateway, its
//   firewall priorities) are in ONE fabric shard: the connected island of links. Nothing is split.
// - A cluster whose private API a single-stack runner reaches over the fabric (`network.apiRoute`)
//   would need the fabric before its in-cluster layer, and the fabric needs its network first. A
//   cluster shard's runner sits in the cluster's own network instead (`runsIn`), so it needs no route.
// - Mesh links need both clusters' API servers and the fabric between them: they run last, per pair.
import { SHARD_SEPARATOR, shardStackName, stackNameProblem } from "./shard-names.ts";
import type { ClusterPlan, FleetPlan } from "./types.ts";

export type ShardKind = "mesh-identity" | "cluster" | "fabric" | "mesh-link";

/** Where a shard's runner must be to reach what it creates. */
export type ShardPlacement =
  /** Inside the cluster's network: its API server may be private. */
  | { readonly kind: "cluster-network"; readonly cluster: string; readonly provider: ClusterPlan["provider"]; readonly region: string }
  /** Anywhere that reaches the clouds' APIs (a fabric shard creates cloud resources only; mesh roots are local). */
  | { readonly kind: "cloud-apis" };

export interface ShardPlan {
  /** Stable, unique: `mesh-identity-<jurisdiction>`, `cluster-<cluster>`, `fabric-<first cluster>`, `mesh-<from>--<to>`. */
  readonly name: string;
  readonly kind: ShardKind;
  /** Clusters whose resources (cluster) or links (fabric, mesh-link) this shard renders, sorted. */
  readonly clusters: readonly string[];
  /** Fabric shards: the keys of the links they build (plan `fabric.links[].key`), sorted. */
  readonly links?: readonly string[];
  /** Mesh-identity shards: the keys of the roots they create (plan `meshTrustRoots[].key`), sorted. */
  readonly roots?: readonly string[];
  /** Jurisdictions whose clusters' data the shard's state holds, sorted. */
  readonly jurisdictions: readonly string[];
  readonly runsIn: ShardPlacement;
  /** Shards whose stack outputs this one reads (StackReferences), sorted. */
  readonly reads: readonly string[];
  /** Shards that must have run first: `reads` and, for mesh links, the fabric between the pair; sorted. */
  readonly after: readonly string[];
  /** Stage: every shard of `after` is in an earlier stage; a stage's shards may run in parallel. */
  readonly stage: number;
  /** Where its state is kept (see `shardState`). */
  readonly state: ShardState;
}

/**
 * A shard's state backend: the one its jurisdictions declare (`jurisdictions.<j>.stateBackend`).
 * A shard holding several jurisdictions' data (a link between them) is kept in the first one's that
 * declares a backend; `holdsOutside` names the jurisdictions whose declared backend that is not, and
 * `consented` says whether they all may peer with each other (the link exists by their consent).
 */
export interface ShardState {
  /** Absent: the backend the runner is logged in to. */
  readonly backend?: string;
  /** The jurisdiction whose backend it is. */
  readonly of?: string;
  readonly holdsOutside: readonly string[];
  readonly consented: boolean;
}

/** What the shards need of the spec's jurisdictions. */
export interface ShardJurisdiction {
  readonly stateBackend?: string | undefined;
  readonly mayPeerWith: readonly string[];
}

export const meshIdentityShardName = (jurisdiction: string): string => `mesh-identity-${jurisdiction}`;
export const clusterShardName = (cluster: string): string => `cluster-${cluster}`;

/** The shards of a plan (none for a refused plan), in stage then name order. */
export function planShards(plan: Pick<FleetPlan, "clusters" | "meshLinks" | "fabric" | "meshTrustRoots" | "problems">, jurisdictions: Readonly<Record<string, ShardJurisdiction>>): ShardPlan[] {
  if (plan.problems) return [];
  const live = plan.clusters.filter((c) => c.action !== "destroy");
  const byName = new Map(live.map((c) => [c.name, c]));
  const jurisdictionsOf = (clusters: readonly string[]) => [...new Set(clusters.map((c) => byName.get(c)!.jurisdiction))].sort();
  const shards: Omit<ShardPlan, "stage" | "state">[] = [];

  // The roots, one shard per jurisdiction that has any: nothing but keys and certificates (@pulumi/tls).
  const roots = plan.meshTrustRoots ?? [];
  const rootJurisdiction = new Map(roots.map((r) => [r.key, r.jurisdiction]));
  for (const j of [...new Set(roots.map((r) => r.jurisdiction))].sort()) {
    const keys = roots.filter((r) => r.jurisdiction === j).map((r) => r.key).sort();
    shards.push({ name: meshIdentityShardName(j), kind: "mesh-identity", clusters: [], roots: keys, jurisdictions: [j], runsIn: { kind: "cloud-apis" }, reads: [], after: [] });
  }

  // Clusters side by side, as in a single stack: waves are the planner's business (it holds a later
  // wave's upgrade until the earlier wave is observed healthy), so no wave waits for another here.
  for (const c of live) {
    // Its own jurisdiction's root (key and certificate), and the certificates of the roots it trusts.
    const trusted = c.meshTrust?.trustedRoots ?? [];
    const reads = [...new Set(trusted.map((k) => rootJurisdiction.get(k)).filter((j): j is string => j !== undefined))].map(meshIdentityShardName).sort();
    shards.push({
      name: clusterShardName(c.name),
      kind: "cluster",
      clusters: [c.name],
      jurisdictions: [c.jurisdiction],
      runsIn: { kind: "cluster-network", cluster: c.name, provider: c.provider, region: c.region },
      reads,
      after: reads,
    });
  }

  // The fabric: one shard per island of links that share a cluster or a transit gateway.
  const fabricOf = new Map<string, string>();
  for (const island of fabricIslands(plan.fabric, byName)) {
    const name = `fabric-${island.clusters[0]}`;
    for (const c of island.clusters) fabricOf.set(c, name);
    const reads = island.clusters.map(clusterShardName).sort();
    shards.push({ name, kind: "fabric", clusters: island.clusters, links: island.links, jurisdictions: jurisdictionsOf(island.clusters), runsIn: { kind: "cloud-apis" }, reads, after: reads });
  }

  // Mesh links, per pair: both API servers, and the fabric that carries their traffic.
  for (const l of plan.meshLinks) {
    if (!byName.has(l.from) || !byName.has(l.to)) continue;
    const pair = [l.from, l.to].sort();
    const reads = pair.map(clusterShardName);
    const fabric = [...new Set(pair.map((c) => fabricOf.get(c)).filter((f): f is string => f !== undefined))];
    const first = byName.get(pair[0]!)!;
    shards.push({
      name: `mesh-${pair[0]}--${pair[1]}`,
      kind: "mesh-link",
      clusters: pair,
      jurisdictions: jurisdictionsOf(pair),
      // From the first cluster's network; the second's API over the fabric (peering.kubernetesApi) or its public endpoint.
      runsIn: { kind: "cluster-network", cluster: first.name, provider: first.provider, region: first.region },
      reads,
      after: [...reads, ...fabric].sort(),
    });
  }
  return staged(shards).map((s) => ({ ...s, state: shardState(s.jurisdictions, jurisdictions) }));
}

function shardState(held: readonly string[], jurisdictions: Readonly<Record<string, ShardJurisdiction>>): ShardState {
  const of = held.find((j) => jurisdictions[j]?.stateBackend !== undefined);
  const backend = of === undefined ? undefined : jurisdictions[of]!.stateBackend;
  const holdsOutside = held.filter((j) => jurisdictions[j]?.stateBackend !== undefined && jurisdictions[j]!.stateBackend !== backend);
  const allows = (a: string, b: string) => a === b || jurisdictions[a]?.mayPeerWith.some((p) => p === "*" || p === b) === true;
  const consented = held.every((a) => held.every((b) => allows(a, b) && allows(b, a)));
  return { ...(backend !== undefined && of !== undefined ? { backend, of } : {}), holdsOutside, consented };
}

interface Island {
  readonly clusters: string[];
  readonly links: string[];
}

/** Connected components of the fabric's links, joined also by shared transit gateways. */
function fabricIslands(fabric: FleetPlan["fabric"], live: ReadonlyMap<string, ClusterPlan>): Island[] {
  if (!fabric) return [];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: every node on the way now points at the root.
    for (let n = x, next = parent.get(n)!; n !== root; n = next, next = parent.get(n)!) parent.set(n, root);
    return root;
  };
  const add = (x: string) => void (parent.has(x) || parent.set(x, x));
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const links = fabric.links.filter((l) => live.has(l.from) && live.has(l.to));
  for (const l of links) union(l.from, l.to);
  for (const tgw of fabric.transitGateways) {
    const attached = tgw.clusters.filter((c) => parent.has(c));
    for (const c of attached.slice(1)) union(attached[0]!, c);
  }
  const islands = new Map<string, Island>();
  for (const c of [...parent.keys()].sort()) {
    const root = find(c);
    if (!islands.has(root)) islands.set(root, { clusters: [], links: [] });
    islands.get(root)!.clusters.push(c);
  }
  for (const l of links) islands.get(find(l.from))!.links.push(l.key);
  return [...islands.values()].map((i) => ({ clusters: i.clusters, links: i.links.sort() }));
}

/** Stages from `after` (longest path); sorted by stage, then name. */
function staged<S extends { readonly name: string; readonly after: readonly string[] }>(shards: readonly S[]): (S & { readonly stage: number })[] {
  const byName = new Map(shards.map((s) => [s.name, s]));
  const stage = new Map<string, number>();
  const stageOf = (name: string): number => {
    const known = stage.get(name);
    if (known !== undefined) return known;
    const s = byName.get(name)!;
    const value = s.after.reduce((m, a) => Math.max(m, stageOf(a) + 1), 0);
    stage.set(name, value);
    return value;
  };
  return shards.map((s) => ({ ...s, stage: stageOf(s.name) })).sort((a, b) => a.stage - b.stage || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The fleet's stack a shard stack belongs to, or undefined when `stackName` is not the shard's stack
 * name (`shardStackName`: `<stack>.<shard>`, shortened with a hash past 100 characters). Shard names
 * hold no period, so the fleet's stack is what precedes the last one.
 */
export function fleetStackOf(stackName: string, shard: string): string | undefined {
  const dot = stackName.lastIndexOf(SHARD_SEPARATOR);
  if (dot <= 0) return undefined;
  const stack = stackName.slice(0, dot);
  return stackNameProblem(stack) === undefined && shardStackName(stack, shard) === stackName ? stack : undefined;
}

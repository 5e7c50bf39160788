// A shard's inputs, read from the shards before it through StackReferences (same backend; across
// backends, a runner passes them as config instead: `clusterfleet:observed` for the fleet's
// observed state). Every shard plans the whole fleet, so every shard must see the same observed
// state: the union of the cluster shards' and fabric shards' `observed` outputs.
import * as pulumi from "@pulumi/pulumi";
import { ISTIO_CA, LINKERD_CA, type Signer } from "../../components/addons/mesh/ca.ts";
import type { MeshRoots, ShardSlice } from "../../components/fleet/shard-slice.ts";
import type { LinkEndHandles } from "../../components/network/remote-ends.ts";
import { parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { fleetStackOf, MESH_IDENTITY_SHARD, shardStackName, type ShardPlan } from "../plan/shards.ts";
import type { FleetPlan } from "../plan/types.ts";

const refs = new Map<string, pulumi.StackReference>();

/** The stack reference of a sibling shard (one per shard per program run). */
function shardRef(fleetStack: string, shard: string): pulumi.StackReference {
  const name = shardStackName(fleetStack, shard);
  let ref = refs.get(name);
  if (!ref) {
    ref = new pulumi.StackReference(`shard-${shard}`, { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${name}` });
    refs.set(name, ref);
  }
  return ref;
}

/** The fleet stack this shard stack belongs to; refuses a stack not named `<stack>.<shard>`. */
export function fleetStackFor(shard: string): string {
  const stack = fleetStackOf(pulumi.getStack(), shard);
  if (!stack) throw new pulumi.RunError(`clusterfleet:shard is "${shard}", so the stack must be named <fleet stack>.${shard} (got "${pulumi.getStack()}"): sibling shards are found by that name`);
  return stack;
}

async function outputOf(ref: pulumi.StackReference, name: string): Promise<unknown> {
  const details = await ref.getOutputDetails(name);
  return details.value ?? details.secretValue;
}

/**
 * The fleet's observed state from every cluster and fabric shard that has run (a shard never run
 * adds nothing). `shards` come from a plan of the same spec without observed state: the shard
 * names depend only on the spec.
 */
export async function observedFromShards(fleetStack: string, shards: readonly ShardPlan[]): Promise<ObservedFleet | undefined> {
  const sources = shards.filter((s) => s.kind === "cluster" || s.kind === "fabric");
  const parts = await Promise.all(sources.map(async (s) => ({ shard: s.name, value: await outputOf(shardRef(fleetStack, s.name), "observed") })));
  const found = parts.filter((p) => p.value !== undefined);
  if (!found.length) return undefined;
  const merged: { clusters: Record<string, unknown>; fabric: { asns: Record<string, number>; tunnels: Record<string, string[]>; gatewaySubnets: Record<string, string> } } = {
    clusters: {},
    fabric: { asns: {}, tunnels: {}, gatewaySubnets: {} },
  };
  for (const p of found) {
    const o = parseObserved(p.value);
    Object.assign(merged.clusters, o.clusters);
    if (o.fabric) {
      Object.assign(merged.fabric.asns, o.fabric.asns);
      Object.assign(merged.fabric.tunnels, o.fabric.tunnels);
      Object.assign(merged.fabric.gatewaySubnets, o.fabric.gatewaySubnets);
    }
  }
  return parseObserved(merged);
}

/** What the shard reads from the shards before it: the mesh roots (cluster shards), the link ends (fabric shards). */
export function shardSlice(fleetStack: string, plan: FleetPlan, shard: ShardPlan): ShardSlice {
  if (shard.kind === "cluster" && shard.reads.includes(MESH_IDENTITY_SHARD)) {
    const roots = shardRef(fleetStack, MESH_IDENTITY_SHARD).requireOutput("meshRoots") as pulumi.Output<Record<string, { certPem: string; keyPem: string }>>;
    const cluster = plan.clusters.find((c) => c.name === shard.clusters[0])!;
    const signer = (mesh: "istio" | "linkerd"): Signer => ({
      certPem: roots.apply((r) => need(r, mesh).certPem),
      keyPem: pulumi.secret(roots.apply((r) => need(r, mesh).keyPem)),
      profile: (mesh === "istio" ? ISTIO_CA : LINKERD_CA).root(plan.fleet).profile,
    });
    const meshRoots: MeshRoots = cluster.mesh === "istio" ? { istio: signer("istio") } : cluster.mesh === "linkerd" ? { linkerd: signer("linkerd") } : {};
    return { shard, meshRoots };
  }
  if (shard.kind === "fabric") {
    const fabricEnds = Object.fromEntries(shard.clusters.map((c) => [c, shardRef(fleetStack, `cluster-${c}`).requireOutput("fabricEnd") as pulumi.Output<LinkEndHandles>]));
    return { shard, fabricEnds };
  }
  return { shard };
}

function need(roots: Record<string, { certPem: string; keyPem: string }>, mesh: string): { certPem: string; keyPem: string } {
  const r = roots[mesh];
  if (!r) throw new Error(`shard ${MESH_IDENTITY_SHARD} exports no ${mesh} root (output meshRoots): run it first, with the same spec`);
  return r;
}

// A shard's inputs, read from the shards before it through StackReferences (same backend; across
// backends, a runner passes them as config instead: `clusterfleet:observed` for the fleet's
// observed state). Every shard plans the whole fleet, so every shard must see the same observed
// state: the union of the cluster shards' and fabric shards' `observed` outputs, which
// `clusterfleet up` gathers and passes (observed-source.ts).
import * as pulumi from "@pulumi/pulumi";
import { ISTIO_CA, LINKERD_CA, type Signer } from "../../components/addons/mesh/ca.ts";
import type { ClusterTrust, MeshTrustSource } from "../../components/addons/mesh/mesh-identity.ts";
import { meshSideOf, type MeshAccess, type RemoteMeshSide } from "../../components/fleet/remote-mesh.ts";
import type { ShardSlice } from "../../components/fleet/shard-slice.ts";
import type { LinkEndHandles } from "../../components/network/remote-ends.ts";
import { mergeObserved, parseObserved, type ObservedFleet } from "../plan/observed.ts";
import { outputOf } from "./observed-source.ts";
import type { PassedOutputs, ShardOutputs } from "./passed-outputs.ts";
import { shardStackName } from "../plan/shard-names.ts";
import { clusterShardName, fleetStackOf, meshIdentityShardName, type ShardPlan } from "../plan/shards.ts";
import type { ClusterPlan, FleetPlan } from "../plan/types.ts";

/** The fleet stack this shard stack belongs to; refuses a stack not named `<stack>.<shard>`. */
export function fleetStackFor(shard: string): string {
  const stack = fleetStackOf(pulumi.getStack(), shard);
  if (!stack) throw new pulumi.RunError(`clusterfleet:shard is "${shard}", so the stack must be named <fleet stack>.${shard} (got "${pulumi.getStack()}"): sibling shards are found by that name`);
  return stack;
}

/**
 * The sibling shards' stacks one program run reads: one StackReference per shard on the same backend;
 * for a shard on another backend, its outputs as the stack's config passes them (passed-outputs.ts).
 */
export class ShardReader {
  private readonly refs = new Map<string, ShardOutputs>();
  private readonly fleetStack: string;
  private readonly passed: PassedOutputs | undefined;
  constructor(fleetStack: string, passed?: PassedOutputs) {
    this.fleetStack = fleetStack;
    this.passed = passed;
  }

  ref(shard: string): ShardOutputs {
    let ref = this.refs.get(shard);
    if (!ref) {
      ref = this.passed?.has(shard) ? this.passed.of(shard) : new pulumi.StackReference(`shard-${shard}`, { name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${shardStackName(this.fleetStack, shard)}` });
      this.refs.set(shard, ref);
    }
    return ref;
  }

  /**
   * The fleet's observed state as this shard can know it: `base` (readObserved: the whole fleet's as
   * `clusterfleet up` passes it, with this shard's own previous `observed` over it), and the
   * `observed` outputs of the shards it runs after over that (they exist: they ran first). Not every
   * sibling's: a StackReference to a stack that does not exist yet fails the run on the real engine
   * (a shard of the same stage may never have run), and one per sibling costs a checkpoint read each.
   */
  async observed(shard: ShardPlan, base: ObservedFleet | undefined): Promise<ObservedFleet | undefined> {
    const parts = await Promise.all(shard.after.map(async (name) => await outputOf(this.ref(name), "observed")));
    return mergeObserved([base, ...parts.map((p) => (p === undefined ? undefined : parseObserved(p)))]);
  }

  /** What the shard reads from the shards before it: the mesh trust (cluster shards), the link ends (fabric shards). */
  slice(plan: FleetPlan, shard: ShardPlan): ShardSlice {
    if (shard.kind === "cluster" && shard.reads.some((r) => r.startsWith(meshIdentityShardName("")))) return { shard, meshRoots: new RemoteMeshTrust(this, plan) };
    if (shard.kind === "mesh-link") {
      const meshSides = Object.fromEntries(
        shard.clusters.map((c) => {
          const ref = this.ref(clusterShardName(c));
          const access = ref.requireOutput("clusters").apply((cs) => {
            const a = (cs as Record<string, { endpoint: string; kubeconfig: string } | undefined>)[c];
            if (!a) throw new Error(`shard ${clusterShardName(c)} exports no access to cluster "${c}" (output clusters): run it first, with the same spec`);
            return a;
          });
          const has = meshSideOf(plan.clusters.find((x) => x.name === c)!);
          // A cluster with no mesh token exports no `meshAccess` (nothing would read it).
          const tokens = has.istioToken || has.linkerdToken ? (ref.requireOutput("meshAccess") as pulumi.Output<MeshAccess>) : pulumi.output<MeshAccess>({});
          const side: RemoteMeshSide = { kubeconfig: pulumi.secret(access.apply((a) => a.kubeconfig)), endpoint: access.apply((a) => a.endpoint), access: tokens };
          return [c, side];
        }),
      );
      return { shard, meshSides };
    }
    if (shard.kind === "fabric") {
      const fabricEnds = Object.fromEntries(shard.clusters.map((c) => [c, this.ref(clusterShardName(c)).requireOutput("fabricEnd") as pulumi.Output<LinkEndHandles>]));
      return { shard, fabricEnds };
    }
    return { shard };
  }
}

/**
 * A cluster shard's mesh trust: its own jurisdiction's root (certificate and, secret, key) and the
 * certificates of the roots it trusts, from the outputs `meshRootCerts` and `meshRootKeys` of the
 * mesh-identity shard of each root's jurisdiction.
 */
class RemoteMeshTrust implements MeshTrustSource {
  private readonly reader: ShardReader;
  private readonly plan: FleetPlan;
  constructor(reader: ShardReader, plan: FleetPlan) {
    this.reader = reader;
    this.plan = plan;
  }

  trustFor(c: ClusterPlan): ClusterTrust | undefined {
    const t = c.meshTrust;
    if (!t) return undefined;
    const rootOf = (key: string) => {
      const r = (this.plan.meshTrustRoots ?? []).find((x) => x.key === key);
      if (!r) throw new Error(`cluster "${c.name}": meshTrust names root "${key}", which the plan's meshTrustRoots do not list`);
      return r;
    };
    const read = (key: string, output: "meshRootCerts" | "meshRootKeys") => {
      const shard = meshIdentityShardName(rootOf(key).jurisdiction);
      return this.reader
        .ref(shard)
        .requireOutput(output)
        .apply((m) => {
          const v = (m as Record<string, string> | undefined)?.[key];
          if (v === undefined) throw new Error(`shard ${shard} exports no root "${key}" (output ${output}): run it first, with the same spec`);
          return v;
        });
    };
    const own = rootOf(t.root);
    const root: Signer = { certPem: read(t.root, "meshRootCerts"), keyPem: pulumi.secret(read(t.root, "meshRootKeys")), profile: (own.mesh === "istio" ? ISTIO_CA : LINKERD_CA).root(this.plan.fleet, own).profile };
    return { root, peerRoots: t.trustedRoots.filter((k) => k !== t.root).map((k) => ({ certPem: read(k, "meshRootCerts") })) };
  }
}

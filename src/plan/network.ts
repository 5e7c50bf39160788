// Fleet-wide network planning: every cluster's node, pod and service CIDRs, none overlapping,
// inside their supernets, stable by cluster name (see ipam.ts).
import type { ClusterSpec } from "../spec/cluster.ts";
import { show } from "../spec/issue.ts";
import type { PlanContext } from "./context.ts";
import { allocatePool, canonicalCidr, capacity, findOverlaps, spanOf, type OwnedSpan, type PoolRequest, type Span } from "./ipam.ts";
import type { NetworkOrigin, NetworkPlan } from "./types.ts";

const POOLS = [
  { field: "cidr", pool: "nodes", label: "node network" },
  { field: "podCidr", pool: "pods", label: "pod" },
  { field: "serviceCidr", pool: "services", label: "service" },
] as const;
type Field = (typeof POOLS)[number]["field"];

/** AWS VPCs accept /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). */
const AWS_VPC_PREFIX = { min: 16, max: 28 };
/** Pod addresses per node: a /24 (110 pods), the default of GKE, AKS overlay and kube-controller-manager. */
const NODE_POD_PREFIX = 24;

export function planNetworks(ctx: PlanContext): Map<string, NetworkPlan> {
  const { spec, problems } = ctx;
  const ipam = spec.ipam;
  checkSupernets(ctx);

  // Fixed CIDRs: pinned in the spec first, then those of the previous deployment.
  const fixed = new Map<string, Partial<Record<Field, { cidr: string; origin: Exclude<NetworkOrigin, "allocated"> }>>>();
  const owned: OwnedSpan[] = [];
  spec.clusters.forEach((c, i) => {
    const entry: Partial<Record<Field, { cidr: string; origin: Exclude<NetworkOrigin, "allocated"> }>> = {};
    for (const { field } of POOLS) {
      const pinned = c.network?.[field];
      const observed = ctx.observed?.clusters[c.name]?.network?.[field];
      if (pinned) {
        const canon = canonicalCidr(pinned);
        if (canon !== pinned) {
          problems.error(`clusters[${i}].network.${field}`, "network/host-bits", `${show(pinned)} has host bits set; did you mean "${canon}"?`, pinned);
          continue;
        }
        if (observed && observed !== pinned) {
          problems.error(`clusters[${i}].network.${field}`, "network/changes-deployed", `${show(pinned)} differs from the deployed ${observed}; changing a cluster's CIDR replaces its network: pin ${observed} or create a new cluster`, pinned);
        }
        entry[field] = { cidr: pinned, origin: "pinned" };
        owned.push({ ...spanOf(pinned), cidr: pinned, owner: `clusters[${i}].network.${field}` });
      } else if (observed) {
        entry[field] = { cidr: observed, origin: "observed" };
        owned.push({ ...spanOf(observed), cidr: observed, owner: `clusters[${i}] (${field} deployed)` });
      }
    }
    fixed.set(c.name, entry);
  });

  // The fabric's deployed VPN gateway subnets (Azure) are taken out of the grid too: a new cluster never lands on one.
  for (const [name, cidr] of Object.entries(ctx.observed?.fabric?.gatewaySubnets ?? {})) {
    owned.push({ ...spanOf(cidr), cidr, owner: `fabric.gatewaySubnets.${name} (deployed)` });
  }

  // A pinned network inside a reserved range (a corporate network, a VPN pool) is refused like an
  // allocated one could never be: the range is reserved so that no cluster uses it.
  const reserved: OwnedSpan[] = ipam.reserved.map((cidr, k) => ({ ...spanOf(cidr), cidr, owner: `ipam.reserved[${k}]` }));
  for (const [a, b] of findOverlaps([...reserved, ...owned.filter((o) => !o.owner.includes("deployed"))])) {
    const [pin, res] = a.owner.startsWith("ipam.reserved") ? [b, a] : [a, b];
    if (!res.owner.startsWith("ipam.reserved") || pin.owner.startsWith("ipam.reserved")) continue;
    problems.error(pin.owner, "network/reserved", `${pin.cidr} overlaps the reserved range ${res.cidr} (${res.owner}); no cluster may use a reserved range: pin a CIDR outside it`, pin.cidr);
  }

  for (const [a, b] of findOverlaps(owned)) {
    problems.error(b.owner.includes("deployed") ? a.owner : b.owner, "network/overlap", `${b.cidr} (${b.owner}) overlaps ${a.cidr} (${a.owner}); every cluster network must be disjoint`, b.cidr);
  }

  const occupied: Span[] = [...ipam.reserved.map(spanOf), ...owned];
  const result = new Map<string, Record<Field, { cidr: string; origin: NetworkOrigin }>>();
  for (const { field, pool, label } of POOLS) {
    const grid = ipam[pool];
    const requests: PoolRequest[] = spec.clusters.map((c) => {
      const f = fixed.get(c.name)?.[field];
      return f ? { name: c.name, fixed: f } : { name: c.name };
    });
    const allocation = allocatePool(pool, grid, requests, occupied);
    if (allocation.unplaced.length > 0) {
      const needed = requests.filter((r) => !r.fixed).length;
      problems.error(
        `ipam.${pool}.supernet`,
        "ipam/supernet-too-small",
        `${grid.supernet} split into /${grid.prefix} blocks holds ${allocation.capacity} ${label} block${allocation.capacity === 1 ? "" : "s"}` +
          `${allocation.blocked ? ` (${allocation.blocked} taken by reserved, pinned or deployed ranges)` : ""}; ${needed} cluster${needed === 1 ? "" : "s"} need one: ` +
          `use a larger supernet or a longer prefix (no block for ${allocation.unplaced.slice(0, 5).join(", ")}${allocation.unplaced.length > 5 ? ", …" : ""})`,
        grid.supernet,
      );
    }
    for (const [name, v] of allocation.cidrs) {
      const r = result.get(name) ?? ({} as Record<Field, { cidr: string; origin: NetworkOrigin }>);
      r[field] = v;
      result.set(name, r);
    }
  }

  const plans = new Map<string, NetworkPlan>();
  spec.clusters.forEach((c, i) => {
    const r = result.get(c.name);
    if (!r?.cidr || !r.podCidr || !r.serviceCidr) return;
    checkClusterFit(ctx, c, i, r.cidr.cidr, r.podCidr.cidr);
    plans.set(c.name, {
      cidr: r.cidr.cidr,
      podCidr: r.podCidr.cidr,
      serviceCidr: r.serviceCidr.cidr,
      origin: { cidr: r.cidr.origin, podCidr: r.podCidr.origin, serviceCidr: r.serviceCidr.origin },
    });
  });
  return plans;
}

function checkSupernets(ctx: PlanContext): void {
  const { ipam } = ctx.spec;
  const spans: OwnedSpan[] = [];
  for (const { pool } of POOLS) {
    const grid = ipam[pool];
    const canon = canonicalCidr(grid.supernet);
    if (canon !== grid.supernet) {
      ctx.problems.error(`ipam.${pool}.supernet`, "network/host-bits", `${show(grid.supernet)} has host bits set; did you mean "${canon}"?`, grid.supernet);
      continue;
    }
    if (capacity(grid) === 0) {
      ctx.problems.error(`ipam.${pool}.prefix`, "ipam/prefix-shorter-than-supernet", `/${grid.prefix} is larger than the supernet ${grid.supernet}; a block must fit inside it`, grid.prefix);
    }
    spans.push({ ...spanOf(grid.supernet), cidr: grid.supernet, owner: `ipam.${pool}.supernet` });
  }
  for (const [a, b] of findOverlaps(spans)) {
    ctx.problems.error(b.owner, "ipam/supernets-overlap", `${b.cidr} overlaps ${a.cidr} (${a.owner}); node, pod and service supernets must be disjoint`, b.cidr);
  }
}

/** Provider prefix limits, and whether the pod CIDR can address every node the pools allow. */
function checkClusterFit(ctx: PlanContext, c: ClusterSpec, i: number, cidr: string, podCidr: string): void {
  const nodePrefix = Number(cidr.split("/")[1]);
  if (c.provider === "aws" && (nodePrefix < AWS_VPC_PREFIX.min || nodePrefix > AWS_VPC_PREFIX.max)) {
    ctx.problems.error(`clusters[${i}].network.cidr`, "network/aws-vpc-prefix", `${cidr} is a /${nodePrefix}; an AWS VPC must be between /${AWS_VPC_PREFIX.min} and /${AWS_VPC_PREFIX.max}`, cidr);
  }
  if (c.provider === "existing") return;
  const podPrefix = Number(podCidr.split("/")[1]);
  const nodeSlots = podPrefix > NODE_POD_PREFIX ? 0 : 2 ** (NODE_POD_PREFIX - podPrefix);
  const maxNodes = c.nodePools.reduce((n, p) => n + p.max, 0) + (c.provider === "kubeadm" ? (c.controlPlane.replicas ?? (c.controlPlane.ha ? 3 : 1)) : 0);
  if (maxNodes > nodeSlots) {
    ctx.problems.error(
      c.network?.podCidr ? `clusters[${i}].network.podCidr` : "ipam.pods.prefix",
      "network/pod-cidr-too-small",
      `cluster "${c.name}": pod CIDR ${podCidr} gives ${nodeSlots} nodes a /${NODE_POD_PREFIX} each, but its node pools allow up to ${maxNodes} nodes; use a shorter pod prefix or lower the pools' max`,
      podCidr,
    );
  }
}

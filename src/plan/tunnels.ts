// VPN tunnels: how many a pair of ends needs, which interface of each end's gateway each one uses,
// and its inside /30. Inside CIDRs are chosen by a hash of the link and tunnel, probing onward past
// /30s either end's device already uses; those of the previous deployment are kept first, so adding
// a link never renumbers another. Pure: no Pulumi, no clock.
import { createHash } from "node:crypto";
import { AZURE_APIPA_POOLS, TUNNEL_POOL, TUNNEL_POOL_EXCLUDED } from "../catalog/bgp.ts";
import { addressOf, blockAt, overlaps, type Span } from "./ipam.ts";
import type { FabricOrigin, VpnSide } from "./types.ts";

/** One tunnel of a layout: the interface it uses at the lower-ranked end and at the other. */
export interface TunnelSlot {
  readonly lo: number;
  readonly hi: number;
}

export interface TunnelLayout {
  /** Interfaces each end uses (AWS: VPN connections; GCP: HA VPN interfaces; Azure: gateway instances; on-prem: one address). */
  readonly loInterfaces: number;
  readonly hiInterfaces: number;
  readonly tunnels: readonly TunnelSlot[];
}

/** Ends in a fixed order, so a pair has one layout whatever the link's direction. AWS always takes the /30's first address, as AWS requires. */
export const SIDE_RANK: Record<VpnSide, number> = { aws: 0, gcp: 1, azure: 2, onprem: 3 };

/**
 * Highly available layouts, as each pair's providers document them:
 * - AWS–GCP: 2 VPN connections (one per HA VPN interface) × 2 tunnels = 4 (Google: HA VPN to AWS, 99.99%);
 * - AWS–Azure: 2 VPN connections (one per active-active instance) × 2 tunnels = 4 (Azure: connect AWS and Azure with BGP);
 * - GCP–Azure: one tunnel per HA VPN interface, each to one Azure instance = 2;
 * - any cloud–on-prem: 2 tunnels to the site's one address (AWS: one connection's two tunnels; GCP: both HA VPN interfaces; Azure: both instances).
 */
export function tunnelLayout(lo: VpnSide, hi: VpnSide): TunnelLayout {
  const key = `${lo}-${hi}`;
  switch (key) {
    case "aws-gcp":
    case "aws-azure":
      return { loInterfaces: 2, hiInterfaces: 2, tunnels: [0, 1, 2, 3].map((k) => ({ lo: k >> 1, hi: k >> 1 })) };
    case "gcp-azure":
      return { loInterfaces: 2, hiInterfaces: 2, tunnels: [0, 1].map((k) => ({ lo: k, hi: k })) };
    case "aws-onprem":
      return { loInterfaces: 1, hiInterfaces: 1, tunnels: [0, 1].map(() => ({ lo: 0, hi: 0 })) };
    case "gcp-onprem":
    case "azure-onprem":
      return { loInterfaces: 2, hiInterfaces: 1, tunnels: [0, 1].map((k) => ({ lo: k, hi: 0 })) };
    default:
      throw new Error(`no VPN layout for ${key}: same-provider links peer natively and two on-prem sites are unmanaged`);
  }
}

/**
 * A CIDR's first and last address, parsed directly: the fabric reads thousands at fleet scale, and
 * these are the planner's own well-formed values (the spec's went through ip-num's parser already).
 */
export function quickSpan(cidr: string): Span {
  const [ip, len] = cidr.split("/");
  const n = ip!.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(len));
  const first = n - (n % size);
  return { first: BigInt(first), last: BigInt(first + size - 1) };
}
const spanOf = quickSpan;

const BASE = spanOf(TUNNEL_POOL).first;
/** Index of a /30 in 169.254.0.0/16 (0 … 16383). */
const slotOf = (cidr: string): number => Number((spanOf(cidr).first - BASE) / 4n);
export const cidrOfSlot = (slot: number): string => blockAt(BASE, 30, slot);
/** The /30's two usable addresses: the lower-ranked end takes the first. */
export function insideAddresses(cidr: string): [string, string] {
  const first = spanOf(cidr).first;
  return [addressOf(first + 1n), addressOf(first + 2n)];
}

function slotsOf(cidrs: readonly string[], excluded: readonly string[] = []): number[] {
  const out: number[] = [];
  const ex = excluded.map(spanOf);
  for (const cidr of cidrs) {
    const span = spanOf(cidr);
    for (let first = span.first; first + 3n <= span.last; first += 4n) {
      if (ex.some((e) => overlaps(e, { first, last: first + 3n }))) continue;
      out.push(Number((first - BASE) / 4n));
    }
  }
  return out;
}

type PoolName = "azure" | "general";
let pools: { readonly slots: Record<PoolName, readonly number[]>; readonly sets: Record<PoolName, ReadonlySet<number>> } | undefined;
/** The pools' slots, listed on first use: a few thousand /30s, which every `clusterfleet` start need not pay for. */
function poolsOnce(): NonNullable<typeof pools> {
  if (pools) return pools;
  const slots = { azure: slotsOf(AZURE_APIPA_POOLS), general: slotsOf([TUNNEL_POOL], [...TUNNEL_POOL_EXCLUDED, ...AZURE_APIPA_POOLS]) };
  return (pools = { slots, sets: { azure: new Set(slots.azure), general: new Set(slots.general) } });
}
/** Where a link's /30s come from: Azure's APIPA range when Azure is an end, else the rest of 169.254.0.0/16. */
export const TUNNEL_POOLS: Readonly<Record<PoolName, readonly number[]>> = {
  get azure() {
    return poolsOnce().slots.azure;
  },
  get general() {
    return poolsOnce().slots.general;
  },
};
export const poolLabel = (pool: keyof typeof TUNNEL_POOLS): string =>
  pool === "azure" ? `Azure's APIPA range (${AZURE_APIPA_POOLS.join(", ")})` : `${TUNNEL_POOL} less ${[...TUNNEL_POOL_EXCLUDED, ...AZURE_APIPA_POOLS].join(", ")}`;

export interface TunnelRequest {
  readonly link: string;
  readonly devices: readonly [string, string];
  readonly count: number;
  readonly pool: keyof typeof TUNNEL_POOLS;
  /** The previous deployment's /30s for this link, kept when they still fit. */
  readonly observed?: readonly string[];
}

export interface TunnelAllocation {
  readonly cidrs: ReadonlyMap<string, { readonly cidrs: readonly string[]; readonly origin: Exclude<FabricOrigin, "declared"> }>;
  /** Links that found no free /30 for every tunnel, with the device that ran out. */
  readonly exhausted: readonly { readonly link: string; readonly device: string; readonly pool: keyof typeof TUNNEL_POOLS }[];
}

/** Inside /30s for every request: unique per device (a gateway never has two tunnels with the same inside addresses). */
export function allocateTunnels(requests: readonly TunnelRequest[]): TunnelAllocation {
  const used = new Map<string, Set<number>>();
  const usedAt = (device: string) => used.get(device) ?? used.set(device, new Set()).get(device)!;
  const cidrs = new Map<string, { cidrs: string[]; origin: Exclude<FabricOrigin, "declared"> }>();
  const sorted = [...requests].sort((a, b) => (a.link < b.link ? -1 : 1));

  // The previous deployment's first: kept whole when every /30 is in the link's pool and free at both ends.
  for (const r of sorted) {
    const slots = r.observed?.map(slotOf);
    if (!slots || slots.length !== r.count || new Set(slots).size !== slots.length) continue;
    if (!slots.every((s) => poolsOnce().sets[r.pool].has(s) && !r.devices.some((d) => usedAt(d).has(s)))) continue;
    for (const s of slots) for (const d of r.devices) usedAt(d).add(s);
    cidrs.set(r.link, { cidrs: slots.map(cidrOfSlot), origin: "observed" });
  }

  const exhausted: { link: string; device: string; pool: keyof typeof TUNNEL_POOLS }[] = [];
  for (const r of sorted) {
    if (cidrs.has(r.link)) continue;
    const pool = TUNNEL_POOLS[r.pool];
    const got: number[] = [];
    for (let t = 0; t < r.count; t++) {
      const start = preferred(`${r.link}/${t}`, pool.length);
      let slot: number | undefined;
      for (let i = 0; i < pool.length; i++) {
        const s = pool[(start + i) % pool.length]!;
        if (!r.devices.some((d) => usedAt(d).has(s))) {
          slot = s;
          break;
        }
      }
      if (slot === undefined) {
        const full = r.devices.find((d) => pool.every((s) => usedAt(d).has(s) || got.includes(s))) ?? r.devices[0];
        exhausted.push({ link: r.link, device: full, pool: r.pool });
        break;
      }
      got.push(slot);
      for (const d of r.devices) usedAt(d).add(slot);
    }
    if (got.length === r.count) cidrs.set(r.link, { cidrs: got.map(cidrOfSlot), origin: "allocated" });
  }
  return { cidrs, exhausted };
}

export function preferred(key: string, size: number): number {
  const digest = createHash("sha256").update(`clusterfleet/fabric/v1/${key}`).digest("hex").slice(0, 13);
  return Number(BigInt(`0x${digest}`) % BigInt(size));
}

// IP address allocation. Each cluster takes one block per pool on the pool's grid, at a slot
// chosen by a hash of its name (probing onward past taken slots). Pinned CIDRs and the CIDRs of
// the previous deployment are kept as they are and taken out of the grid first, so a new cluster
// never moves an existing one, and removing one frees only its own blocks.
// CIDR parsing and containment are ip-num's; only slot offsets and the dotted form are computed here.
import { createHash } from "node:crypto";
import { IPv4CidrRange, RangedSet } from "ip-num";
import type { NetworkOrigin } from "./types.ts";

export interface Span {
  readonly first: bigint;
  readonly last: bigint;
}

export function spanOf(cidr: string): Span {
  const r = IPv4CidrRange.fromCidr(cidr);
  return { first: r.getFirst().getValue(), last: r.getLast().getValue() };
}

/** The CIDR with host bits cleared, if the given one has any set ("10.0.0.1/8" → "10.0.0.0/8"). */
export function canonicalCidr(cidr: string): string {
  const r = IPv4CidrRange.fromCidr(cidr);
  return RangedSet.fromCidrRange(r).toCidrRange().toCidrString();
}

/** Block `index` of `cidr` cut into blocks of `/prefix` ("10.0.0.0/16", 18, 2 → "10.0.128.0/18"). */
export function subBlock(cidr: string, prefix: number, index: number): string {
  return blockAt(spanOf(cidr).first, prefix, index);
}

/**
 * Block `index` of `/prefix` counted from the address `first`. Takes the parent as a number because
 * parsing is ip-num's slow part and allocation loops already hold it.
 */
export function blockAt(first: bigint, prefix: number, index: number): string {
  return `${addressOf(first + BigInt(index) * 2n ** BigInt(32 - prefix))}/${prefix}`;
}

/**
 * An IPv4 address (as a number) in dotted form. Four shifts, not ip-num's IPv4.fromNumber, which goes
 * through binary strings: a fifth of a 1,000-cluster plan was spent there (issue 13's plan target is
 * 200 ms). test/plan/ipam-format.test.ts holds both equal to ip-num's formatting.
 */
export const addressOf = (n: bigint): string => {
  if (n < 0n || n > 0xffffffffn) throw new RangeError(`not an IPv4 address: ${n}`);
  const v = Number(n);
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
};

export const overlaps = (a: Span, b: Span): boolean => a.first <= b.last && b.first <= a.last;
export const inside = (inner: Span, outer: Span): boolean => inner.first >= outer.first && inner.last <= outer.last;

export interface PoolGrid {
  readonly supernet: string;
  readonly prefix: number;
}

/** How many blocks of `prefix` the supernet holds (0 if the prefix is shorter than the supernet's). */
export function capacity(grid: PoolGrid): number {
  const superPrefix = Number(grid.supernet.split("/")[1]);
  return grid.prefix < superPrefix ? 0 : 2 ** (grid.prefix - superPrefix);
}

export interface PoolRequest {
  readonly name: string;
  /** Kept as is: from the spec (pinned) or the previous deployment (observed). */
  readonly fixed?: { readonly cidr: string; readonly origin: Exclude<NetworkOrigin, "allocated"> };
}

export interface PoolAllocation {
  readonly cidrs: ReadonlyMap<string, { readonly cidr: string; readonly origin: NetworkOrigin }>;
  /** Clusters that found no free block. */
  readonly unplaced: readonly string[];
  readonly capacity: number;
  /** Blocks unavailable before any allocation (reserved, pinned or observed ranges on the grid). */
  readonly blocked: number;
}

/**
 * Allocates one block per request from the grid, avoiding every span in `occupied`
 * (reserved ranges and every fixed CIDR of the fleet, all pools).
 */
export function allocatePool(poolKey: string, grid: PoolGrid, requests: readonly PoolRequest[], occupied: readonly Span[]): PoolAllocation {
  const blocks = capacity(grid);
  const superSpan = spanOf(grid.supernet);
  const size = superSpan.last - superSpan.first + 1n;
  const blockSize = blocks > 0 ? size / BigInt(blocks) : size;
  // Taken slots as ranges, never one by one: a reserved /4 on a grid of /28s is 2^24 slots, and
  // listing them ran for half a minute and then overflowed a Set.
  const used = new SlotRanges();
  for (const span of occupied) {
    if (!overlaps(span, superSpan) || blocks === 0) continue;
    const from = Number(((span.first > superSpan.first ? span.first : superSpan.first) - superSpan.first) / blockSize);
    const to = Number(((span.last < superSpan.last ? span.last : superSpan.last) - superSpan.first) / blockSize);
    used.add(from, to);
  }
  const blocked = used.size;
  const cidrs = new Map<string, { cidr: string; origin: NetworkOrigin }>();
  const unplaced: string[] = [];
  const toAllocate = requests.filter((r) => !r.fixed).map((r) => r.name).sort();
  for (const r of requests) if (r.fixed) cidrs.set(r.name, { cidr: r.fixed.cidr, origin: r.fixed.origin });
  for (const name of toAllocate) {
    const slot = blocks > 0 ? used.firstFreeFrom(preferredSlot(poolKey, name, blocks), blocks) : undefined;
    if (slot === undefined) {
      unplaced.push(name);
      continue;
    }
    used.add(slot, slot);
    cidrs.set(name, { cidr: blockAt(superSpan.first, grid.prefix, slot), origin: "allocated" });
  }
  return { cidrs, unplaced, capacity: blocks, blocked };
}

function preferredSlot(poolKey: string, name: string, blocks: number): number {
  // 13 hex digits are 52 bits: exact as a Number, so the remainder is the one BigInt gave (no BigInt per slot).
  const digest = createHash("sha256").update(`clusterfleet/ipam/v1/${poolKey}/${name}`).digest("hex").slice(0, 13);
  return parseInt(digest, 16) % blocks;
}

/**
 * A set of slot numbers kept as sorted, disjoint, non-adjacent ranges: memory and time grow with
 * the number of ranges (reserved, fixed and allocated blocks), never with the address space.
 */
export class SlotRanges {
  private readonly ranges: { from: number; to: number }[] = [];
  private taken = 0;

  /** How many slots are taken. */
  get size(): number {
    return this.taken;
  }

  /**
   * Takes `from`..`to`, merged with the ranges it overlaps or touches. Found by binary search and
   * replaced in place: a fleet's allocation adds one range per cluster, so a scan and a sort per add
   * made it quadratic.
   */
  add(from: number, to: number): void {
    // The first range that ends at or after from - 1: the first one that could touch [from, to].
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.to < from - 1) lo = mid + 1;
      else hi = mid;
    }
    const merged = { from, to };
    let end = lo;
    for (; end < this.ranges.length && this.ranges[end]!.from <= to + 1; end++) {
      const r = this.ranges[end]!;
      merged.from = Math.min(merged.from, r.from);
      merged.to = Math.max(merged.to, r.to);
      this.taken -= r.to - r.from + 1;
    }
    this.ranges.splice(lo, end - lo, merged);
    this.taken += merged.to - merged.from + 1;
  }

  /** The range holding `slot`, if it is taken. */
  private rangeAt(slot: number): { from: number; to: number } | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (slot < r.from) hi = mid - 1;
      else if (slot > r.to) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** The first free slot at or after `start`, wrapping around at `blocks`; none when all are taken. */
  firstFreeFrom(start: number, blocks: number): number | undefined {
    if (this.size >= blocks) return undefined;
    let slot = start;
    // Each step jumps past one taken range, so this ends after at most ranges + 1 steps.
    for (let steps = 0; steps <= this.ranges.length + 1; steps++) {
      const taken = this.rangeAt(slot);
      if (!taken) return slot;
      slot = taken.to + 1 >= blocks ? 0 : taken.to + 1;
    }
    return undefined;
  }
}

export interface OwnedSpan extends Span {
  readonly cidr: string;
  readonly owner: string;
}

/** Pairs of spans that overlap, found by one sweep over the spans sorted by start address. */
export function findOverlaps(spans: readonly OwnedSpan[]): [OwnedSpan, OwnedSpan][] {
  const sorted = [...spans].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const found: [OwnedSpan, OwnedSpan][] = [];
  let reach: OwnedSpan | undefined;
  for (const s of sorted) {
    if (reach && s.first <= reach.last) found.push([reach, s]);
    if (!reach || s.last > reach.last) reach = s;
  }
  return found;
}

// BGP ASNs for the fleet's own BGP speakers (transit gateways, GCP Cloud Routers, Azure VPN gateways):
// one private 16-bit ASN each, at a slot chosen by a hash of the device's key and kept from the
// previous deployment; never one an on-prem gateway declares, never one a cloud reserves.
import { PRIVATE_ASN_RANGE, RESERVED_FLEET_ASNS } from "../catalog/bgp.ts";
import { preferred } from "./tunnels.ts";
import type { AsnPlan } from "./types.ts";

export const FLEET_ASN_POOL: readonly number[] = Array.from({ length: PRIVATE_ASN_RANGE.last - PRIVATE_ASN_RANGE.first + 1 }, (_, i) => PRIVATE_ASN_RANGE.first + i).filter(
  (a) => !RESERVED_FLEET_ASNS.includes(a),
);

export interface AsnRequest {
  /** The device: `tgw:<site>`, `gcp:<cluster>`, `azure:<cluster>`. */
  readonly device: string;
  readonly observed?: number;
}

export interface AsnAllocation {
  readonly asns: ReadonlyMap<string, AsnPlan>;
  /** Devices that found no free ASN. */
  readonly unplaced: readonly string[];
  /** Deployed ASNs that an on-prem gateway now declares: [device, asn]. */
  readonly collisions: readonly (readonly [string, number])[];
}

/** ASNs for the devices, avoiding `declared` (the on-prem gateways') and each other. */
export function allocateAsns(requests: readonly AsnRequest[], declared: ReadonlySet<number>, pool: readonly number[] = FLEET_ASN_POOL): AsnAllocation {
  const taken = new Set<number>(declared);
  const asns = new Map<string, AsnPlan>();
  const collisions: [string, number][] = [];
  const sorted = [...requests].sort((a, b) => (a.device < b.device ? -1 : 1));
  for (const r of sorted) {
    if (r.observed === undefined) continue;
    if (declared.has(r.observed)) {
      collisions.push([r.device, r.observed]);
      continue;
    }
    if (taken.has(r.observed)) continue;
    taken.add(r.observed);
    asns.set(r.device, { asn: r.observed, origin: "observed" });
  }
  const unplaced: string[] = [];
  for (const r of sorted) {
    if (asns.has(r.device) || collisions.some(([d]) => d === r.device)) continue;
    const start = preferred(`asn/${r.device}`, pool.length);
    let asn: number | undefined;
    for (let i = 0; i < pool.length; i++) {
      const candidate = pool[(start + i) % pool.length]!;
      if (!taken.has(candidate)) {
        asn = candidate;
        break;
      }
    }
    if (asn === undefined) unplaced.push(r.device);
    else {
      taken.add(asn);
      asns.set(r.device, { asn, origin: "allocated" });
    }
  }
  return { asns, unplaced, collisions };
}

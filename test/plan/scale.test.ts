// Planning stays valid at fleet scale, and its work grows linearly. How long it takes is measured
// in bench/plan.bench.ts (ratios in one run): a wall-clock limit here failed on a loaded machine
// (5 of 7 runs) without saying anything about the code.
import { describe, expect, it } from "vitest";
import { syntheticCatalog, syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { meshPeersByCluster } from "../../src/plan/mesh.ts";
import { SlotRanges } from "../../src/plan/ipam.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { MeshLinkPlan } from "../../src/plan/types.ts";
import { NOW } from "../fixtures/fleets.ts";

describe("a 1,000-cluster fleet", () => {
  it("plans without problems, every cluster placed, with hub-spoke links growing linearly", () => {
    const links = (n: number) => {
      const plan = planFleet(syntheticFleet(n), syntheticCatalog, undefined, { now: NOW });
      expect(plan.problems).toBeUndefined();
      expect(plan.clusters).toHaveLength(n);
      expect(new Set(plan.clusters.map((c) => c.network.cidr)).size).toBe(n);
      return plan.peerings.length;
    };
    const [small, large] = [links(100), links(1000)];
    expect(large).toBeLessThan(1000 + 3);
    // Linear, not quadratic: 10x the clusters, at most ~10x the links.
    expect(large / small).toBeLessThanOrEqual(11);
  });
});

/** Hub-spoke mesh links (three hubs, each spoke on one) whose ends count how often they are read. */
function countedLinks(n: number): { links: MeshLinkPlan[]; reads: () => number } {
  let reads = 0;
  const links = Array.from({ length: n }, (_, i): MeshLinkPlan => {
    const [from, to] = [`hub-${i % 3}`, `spoke-${String(i).padStart(4, "0")}`];
    return {
      get from() {
        reads++;
        return from;
      },
      get to() {
        reads++;
        return to;
      },
      mesh: "istio",
    };
  });
  return { links, reads: () => reads };
}

describe("the planner's work per cluster does not grow with the fleet", () => {
  // Counted work, not wall time (see above): a return to a scan of every link per cluster reads
  // each link once per cluster, 10x more per link at 1,000 than at 100.
  it("reads each mesh link a fixed number of times to find every cluster's peers", () => {
    const perLink = (n: number) => {
      const { links, reads } = countedLinks(n);
      const peers = meshPeersByCluster(links);
      expect(peers.size).toBe(n + 3);
      return reads() / n;
    };
    const [small, large] = [perLink(100), perLink(1000)];
    expect(large).toBeLessThanOrEqual(6);
    expect(large).toBe(small);
  });

  it("gives each cluster its mesh peers sorted, both ends of every link", () => {
    const links: MeshLinkPlan[] = [
      { from: "hub", to: "c", mesh: "istio" },
      { from: "a", to: "hub", mesh: "istio" },
      { from: "hub", to: "b", mesh: "istio" },
      { from: "b", to: "c", mesh: "istio" },
    ];
    expect(Object.fromEntries(meshPeersByCluster(links))).toEqual({ hub: ["a", "b", "c"], a: ["hub"], b: ["c", "hub"], c: ["b", "hub"] });
  });

  it("keeps taken slots as merged ranges whatever the order they are taken in", () => {
    // The allocator's slot set against a plain Set of slots: same size, same first free slot.
    const slots = new SlotRanges();
    const plain = new Set<number>();
    let seed = 7;
    const next = (m: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % m;
    for (let i = 0; i < 400; i++) {
      const from = next(500);
      const to = from + next(4);
      slots.add(from, to);
      for (let s = from; s <= to; s++) plain.add(s);
      expect(slots.size).toBe(plain.size);
      const start = next(510);
      let free: number | undefined;
      for (let k = 0; k < 510 && free === undefined; k++) if (!plain.has((start + k) % 510)) free = (start + k) % 510;
      expect(slots.firstFreeFrom(start, 510)).toBe(free);
    }
  });
});

// Upgrades across waves, over random fleets and random deployed versions: no plan skips a minor,
// puts a node pool ahead of its control plane, or starts a wave before the earlier ones finish;
// and applying plan after plan brings every cluster to its target.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ObservedFleet } from "../../src/plan/observed.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { minorDistance } from "../../src/plan/versions.ts";
import { NOW } from "../fixtures/fleets.ts";

/** Versions stay within 1.32-1.36, the AWS minors in the catalog, so every step is supported. */
const minor = (n: number) => `1.${n}`;

interface Seed {
  readonly wave: number;
  readonly target: number;
  readonly deployed?: { readonly cp: number; readonly pools: readonly number[]; readonly healthy?: boolean };
}

const seedArb = (waves: number) =>
  fc.record({ wave: fc.nat(waves - 1), target: fc.integer({ min: 33, max: 36 }), lag: fc.integer({ min: 0, max: 3 }), poolLag: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }), deployed: fc.boolean(), healthy: fc.option(fc.boolean(), { nil: undefined }) }).map(
    (r): Seed => {
      const cp = Math.max(32, r.target - r.lag);
      return r.deployed
        ? { wave: r.wave, target: r.target, deployed: { cp, pools: r.poolLag.map((l) => Math.max(cp - 3, cp - l)), ...(r.healthy === undefined ? {} : { healthy: r.healthy }) } }
        : { wave: r.wave, target: r.target };
    },
  );

const fleetArb = fc.integer({ min: 1, max: 4 }).chain((waves) =>
  fc.record({
    waves: fc.constant(waves),
    gates: fc.array(fc.boolean(), { minLength: waves, maxLength: waves }),
    clusters: fc.array(seedArb(waves), { minLength: 1, maxLength: 12 }),
  }),
);

type Fleet = { waves: number; gates: boolean[]; clusters: Seed[] };

function specOf(f: Fleet) {
  return {
    name: "waves",
    jurisdictions: { eu: { regions: { aws: ["eu-central-1"] } } },
    defaults: { kubernetesVersion: "1.35" },
    peering: { topology: "none" as const },
    rollout: { waves: Array.from({ length: f.waves }, (_, i) => (f.gates[i] ? { name: `w${i}`, gate: "healthy" as const } : `w${i}`)) },
    clusters: f.clusters.map((c, i) => ({
      name: `c${i}`,
      provider: "aws" as const,
      region: "eu-central-1",
      jurisdiction: "eu",
      environment: "prod" as const,
      wave: `w${c.wave}`,
      kubernetesVersion: minor(c.target),
      nodePools: (c.deployed?.pools ?? [0]).map((_, j) => ({ name: `p${j}` })),
    })),
  };
}

function observedOf(f: Fleet): ObservedFleet {
  const clusters: ObservedFleet["clusters"] = {};
  f.clusters.forEach((c, i) => {
    if (!c.deployed) return;
    clusters[`c${i}`] = {
      kubernetesVersion: minor(c.deployed.cp),
      nodePools: Object.fromEntries(c.deployed.pools.map((p, j) => [`p${j}`, { kubernetesVersion: minor(p) }])),
      ...(c.deployed.healthy === undefined ? {} : { healthy: c.deployed.healthy }),
    };
  });
  return { clusters };
}

/** The rules every plan must keep, given the deployment it starts from. */
function checkPlan(plan: FleetPlan, observed: ObservedFleet, gates: boolean[]): void {
  expect(plan.problems).toBeUndefined();
  for (const c of plan.clusters) {
    const o = observed.clusters[c.name];
    if (o?.kubernetesVersion) {
      const step = minorDistance(o.kubernetesVersion, c.kubernetesVersion)!;
      expect(step, `${c.name} control plane ${o.kubernetesVersion} → ${c.kubernetesVersion}`).toBeGreaterThanOrEqual(0);
      expect(step, `${c.name} control plane skips a minor`).toBeLessThanOrEqual(1);
    }
    for (const p of c.nodePools) {
      const behind = minorDistance(p.kubernetesVersion, c.kubernetesVersion)!;
      expect(behind, `${c.name}/${p.name} ahead of its control plane`).toBeGreaterThanOrEqual(0);
      expect(behind, `${c.name}/${p.name} more than 3 minors behind`).toBeLessThanOrEqual(3);
      const was = o?.nodePools?.[p.name]?.kubernetesVersion;
      if (was) expect(minorDistance(was, p.kubernetesVersion), `${c.name}/${p.name} skips a minor`).toBeLessThanOrEqual(1);
    }
  }
  // A wave moves only when every earlier wave is done (at target, pools too; healthy where gated).
  for (const c of plan.clusters.filter((x) => x.action === "upgrade")) {
    for (const e of plan.clusters.filter((x) => x.waveIndex < c.waveIndex && x.lifecycle.state === "active")) {
      const o = observed.clusters[e.name];
      expect(o?.kubernetesVersion, `${c.name} (wave ${c.wave}) upgrades while ${e.name} (wave ${e.wave}) is not deployed`).toBeDefined();
      expect(o!.kubernetesVersion, `${c.name} upgrades while ${e.name} is not at target`).toBe(e.targetVersion);
      for (const p of e.nodePools) expect(o!.nodePools?.[p.name]?.kubernetesVersion).toBe(e.targetVersion);
      if (gates[e.waveIndex]) expect(o!.healthy, `${c.name} upgrades while ${e.name} (gated wave) is not healthy`).toBe(true);
    }
  }
}

describe("rollout properties", () => {
  it("never skips a minor, never puts a pool ahead of its control plane, never starts a wave early", () => {
    fc.assert(
      fc.property(fleetArb, (f) => {
        const observed = observedOf(f);
        checkPlan(planFleet(specOf(f), undefined, observed, { now: NOW }), observed, f.gates);
      }),
      { numRuns: 300 },
    );
  });

  it("reaches every target when plans are applied one after another (all clusters healthy)", () => {
    fc.assert(
      fc.property(fleetArb, (f) => {
        let observed = observedOf(f);
        const runs = 4 * f.waves + 4;
        for (let run = 0; run < runs; run++) {
          const plan = planFleet(specOf(f), undefined, observed, { now: NOW });
          checkPlan(plan, observed, f.gates);
          const next = observedFromPlan(plan);
          observed = { clusters: Object.fromEntries(Object.entries(next.clusters).map(([n, c]) => [n, { ...c, healthy: true }])) };
        }
        const final = planFleet(specOf(f), undefined, observed, { now: NOW });
        for (const c of final.clusters) {
          expect(c.kubernetesVersion, c.name).toBe(c.targetVersion);
          expect(c.action, c.name).toBe("keep");
        }
      }),
      { numRuns: 100 },
    );
  });

  it("says why a cluster waits", () => {
    const f: Fleet = { waves: 2, gates: [true, false], clusters: [{ wave: 0, target: 35, deployed: { cp: 35, pools: [35] } }, { wave: 1, target: 35, deployed: { cp: 34, pools: [34] } }] };
    const plan = planFleet(specOf(f), undefined, observedOf(f), { now: NOW });
    const waiting = plan.clusters.find((c) => c.name === "c1")!;
    expect(waiting).toMatchObject({ action: "keep", kubernetesVersion: "1.34", targetVersion: "1.35" });
    expect(waiting.conditions).toContainEqual({ type: "UpgradeGate", status: "False", reason: "WaitingForHealth", message: "waits for wave w0 to finish: c0 not reported healthy" });
    const healthy = { clusters: { ...observedOf(f).clusters, c0: { ...observedOf(f).clusters["c0"]!, healthy: true } } };
    expect(planFleet(specOf(f), undefined, healthy, { now: NOW }).clusters.find((c) => c.name === "c1")).toMatchObject({ action: "upgrade", kubernetesVersion: "1.35" });
  });
});

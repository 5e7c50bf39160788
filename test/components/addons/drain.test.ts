// Drain (issue 8) as the add-ons render it: a drained cluster's mesh gateway runs no pod, and no
// other cluster keeps discovering its endpoints.
import { describe, expect, it } from "vitest";
import { eastWestGatewayValues } from "../../../components/addons/values/istio.ts";
import { linkerdMulticlusterValues } from "../../../components/addons/values/linkerd.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";

function planWith(state: "active" | "draining", mesh: "istio" | "linkerd") {
  const spec = baseFleet();
  spec.defaults.mesh = mesh;
  spec.clusters[1].lifecycle = { state };
  const plan = planFleet(spec, undefined, undefined, { now: NOW });
  if (plan.problems) throw new Error(JSON.stringify(plan.problems));
  return plan;
}

describe("a draining cluster", () => {
  it("scales its Istio east-west gateway to zero and leaves every other cluster's discovery", () => {
    const serving = planWith("active", "istio");
    const draining = planWith("draining", "istio");
    const gcp = (p: typeof serving) => p.clusters.find((c) => c.name === "eu-gcp")!;
    expect(eastWestGatewayValues({ fleet: "acme", cluster: gcp(serving) } as never)).toMatchObject({ autoscaling: { enabled: true } });
    expect(eastWestGatewayValues({ fleet: "acme", cluster: gcp(draining) } as never)).toMatchObject({ autoscaling: { enabled: false }, replicaCount: 0 });
    expect(serving.meshLinks.some((l) => l.from === "eu-gcp" || l.to === "eu-gcp")).toBe(true);
    expect(draining.meshLinks.some((l) => l.from === "eu-gcp" || l.to === "eu-gcp")).toBe(false);
    for (const c of draining.clusters) expect(c.meshPeers).not.toContain("eu-gcp");
    // Its network links stay: it still runs.
    expect(draining.peerings.filter((p) => p.from === "eu-gcp" || p.to === "eu-gcp").length).toBeGreaterThan(0);
  });

  it("runs no Linkerd gateway pod", () => {
    const draining = planWith("draining", "linkerd").clusters.find((c) => c.name === "eu-gcp")!;
    expect((linkerdMulticlusterValues({ fleet: "acme", cluster: draining } as never) as { gateway: { replicas: number } }).gateway.replicas).toBe(0);
  });
});

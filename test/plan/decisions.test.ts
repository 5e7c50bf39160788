// Phase and action from the facts: lifecycle, the observed deployment and the clock.
import { describe, expect, it } from "vitest";
import type { ObservedFleet } from "../../src/plan/observed.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const deployedAt = (version: string): ObservedFleet => ({
  clusters: Object.fromEntries(["eu-aws", "eu-gcp", "eu-dc", "us-aws"].map((n) => [n, { kubernetesVersion: version }])),
});

interface Row {
  readonly lifecycle: { state: "active" | "draining" | "retired"; decommissionAfter?: string };
  readonly observed?: ObservedFleet;
  readonly now?: Date | undefined;
  /** Clusters the decommission job approved for this run. */
  readonly approved?: string[];
  readonly want: { action: string; phase: string; version: string; reason?: string };
}

const rows: Row[] = [
  { lifecycle: { state: "active" }, want: { action: "create", phase: "Pending", version: "1.35" } },
  { lifecycle: { state: "active" }, observed: deployedAt("1.35"), want: { action: "keep", phase: "Provisioned", version: "1.35" } },
  { lifecycle: { state: "active" }, observed: deployedAt("1.34"), want: { action: "upgrade", phase: "Upgrading", version: "1.35" } },
  { lifecycle: { state: "draining" }, observed: deployedAt("1.34"), want: { action: "drain", phase: "Draining", version: "1.34" } },
  { lifecycle: { state: "retired", decommissionAfter: "2026-12-01" }, observed: deployedAt("1.35"), want: { action: "drain", phase: "Retiring", version: "1.35" } },
  // Due, but a plain `pulumi up` never destroys: the decommission job cleans up first, then approves.
  { lifecycle: { state: "retired", decommissionAfter: "2026-11-21" }, observed: deployedAt("1.35"), want: { action: "drain", phase: "Retiring", version: "1.35", reason: "AwaitingDecommissionJob" } },
  { lifecycle: { state: "retired", decommissionAfter: "2026-11-21" }, observed: deployedAt("1.35"), approved: ["eu-aws"], want: { action: "destroy", phase: "Deleting", version: "1.35", reason: "Approved" } },
  { lifecycle: { state: "retired", decommissionAfter: "2026-11-01" }, observed: { clusters: {} }, approved: ["eu-aws"], want: { action: "destroy", phase: "Deleted", version: "1.35", reason: "Approved" } },
  // Approval for a cluster that is not due yet changes nothing.
  { lifecycle: { state: "retired", decommissionAfter: "2026-12-01" }, observed: deployedAt("1.35"), approved: ["eu-aws"], want: { action: "drain", phase: "Retiring", version: "1.35", reason: "Scheduled" } },
  // Without a clock, no date is ever treated as passed: nothing is destroyed by accident.
  { lifecycle: { state: "retired", decommissionAfter: "2020-01-01" }, observed: deployedAt("1.35"), now: undefined, want: { action: "drain", phase: "Retiring", version: "1.35" } },
];

describe("phase and action", () => {
  it.each(rows)("$lifecycle.state $lifecycle.decommissionAfter approved=$approved → $want.action", ({ lifecycle, observed, want, approved, ...rest }) => {
    const spec = baseFleet();
    spec.clusters[0].lifecycle = lifecycle;
    const now = "now" in rest ? rest.now : NOW;
    const plan = planFleet(spec, undefined, observed, { ...(now ? { now } : {}), ...(approved ? { decommission: approved } : {}) });
    expect(plan.problems).toBeUndefined();
    const c = plan.clusters.find((x) => x.name === "eu-aws")!;
    const { reason, ...rest2 } = want;
    expect({ action: c.action, phase: c.phase, version: c.kubernetesVersion }).toEqual(rest2);
    if (reason) expect(c.conditions.find((k) => k.type === "DecommissionDue")?.reason).toBe(reason);
    expect(c.conditions.every((k) => k.reason && k.message)).toBe(true);
  });

  it("upgrades node pools with their control plane unless a pool is held back", () => {
    const spec = baseFleet();
    // At the deployed minor: EKS steps the control plane only while every node group runs its current one.
    spec.clusters[0].nodePools.push({ name: "legacy", kubernetesVersion: "1.34" });
    const plan = planFleet(spec, undefined, deployedAt("1.34"), { now: NOW });
    const c = plan.clusters.find((x) => x.name === "eu-aws")!;
    expect(c.currentVersion).toBe("1.34");
    expect(c.nodePools.map((p) => [p.name, p.kubernetesVersion])).toEqual([
      ["system", "1.35"],
      ["legacy", "1.34"],
    ]);
  });

  it("keeps the previous deployment's CIDRs, even when the allocator would now choose others", () => {
    const spec = baseFleet();
    const observed = deployedAt("1.35");
    const moved = { cidr: "10.200.0.0/20", podCidr: "100.100.0.0/18", serviceCidr: "172.30.0.0/22" };
    const plan = planFleet(spec, undefined, { clusters: { ...observed.clusters, "eu-aws": { kubernetesVersion: "1.35", network: moved } } }, { now: NOW });
    const c = plan.clusters.find((x) => x.name === "eu-aws")!;
    expect(c.network).toEqual({ ...moved, origin: { cidr: "observed", podCidr: "observed", serviceCidr: "observed" } });
  });

  it("round-trips: the state a plan leaves plans to 'keep' with the same networks", () => {
    const first = planFleet(baseFleet(), undefined, undefined, { now: NOW });
    const second = planFleet(baseFleet(), undefined, observedFromPlan(first), { now: NOW });
    expect(second.clusters.map((c) => c.action)).toEqual(first.clusters.map(() => "keep"));
    expect(second.clusters.map((c) => c.network.cidr)).toEqual(first.clusters.map((c) => c.network.cidr));
  });
});

describe("peering kinds", () => {
  it("peers same-provider clusters natively, joins providers by IPsec VPN, leaves existing networks unmanaged", () => {
    const spec = baseFleet();
    spec.jurisdictions["eu"].regions.azure = ["westeurope", "germanywestcentral"];
    spec.jurisdictions["eu"].regions.gcp.push("europe-west1");
    spec.clusters.push(
      { name: "eu-aws-2", provider: "aws", region: "eu-west-1", jurisdiction: "eu", environment: "prod" },
      { name: "eu-gcp-2", provider: "gcp", region: "europe-west1", jurisdiction: "eu", environment: "prod", gcp: { project: "acme-eu-prod" } },
      { name: "eu-az-1", provider: "azure", region: "westeurope", jurisdiction: "eu", environment: "prod" },
      { name: "eu-az-2", provider: "azure", region: "germanywestcentral", jurisdiction: "eu", environment: "prod" },
      { name: "eu-old", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod", network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" } },
    );
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    const kind = (a: string, b: string) => plan.peerings.find((p) => (p.from === a && p.to === b) || (p.from === b && p.to === a))?.kind;
    expect(kind("eu-aws", "eu-aws-2")).toBe("aws-vpc-peering");
    expect(kind("eu-gcp", "eu-gcp-2")).toBe("gcp-vpc-peering");
    expect(kind("eu-az-1", "eu-az-2")).toBe("azure-vnet-peering");
    expect(kind("eu-aws", "eu-gcp")).toBe("ipsec-vpn");
    expect(kind("eu-dc", "eu-az-1")).toBe("ipsec-vpn");
    expect(kind("eu-old", "eu-aws")).toBe("unmanaged");
    expect(kind("eu-aws", "us-aws")).toBeUndefined(); // eu and us do not consent
  });
});

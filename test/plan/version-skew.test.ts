// Version skew is a per-provider fact (src/catalog/version-skew.ts), and the planner never plans a
// step the provider would refuse:
// - EKS updates a control plane only when every managed node group runs the cluster's current minor
//   (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html): the planner
//   holds the control plane and brings the groups up first.
// - GKE (https://cloud.google.com/kubernetes-engine/versioning) and AKS (AgentPool.orchestratorVersion:
//   "within two minor versions of the control plane") allow pools two minors behind, not upstream's three.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import type { ObservedFleet } from "../../src/plan/observed.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW } from "../fixtures/fleets.ts";

type Provider = "aws" | "azure";

function fleet(provider: Provider, target: string, pools: { name: string; kubernetesVersion?: string }[]) {
  return {
    name: "skew",
    jurisdictions: { us: { regions: { aws: ["us-east-1"], azure: ["eastus2"] } } },
    defaults: { kubernetesVersion: target },
    peering: { topology: "none" as const },
    clusters: [{ name: "c", provider, region: provider === "aws" ? "us-east-1" : "eastus2", jurisdiction: "us", environment: "prod" as const, nodePools: pools }],
  };
}

const deployed = (cp: string, pools: Record<string, string>): ObservedFleet => ({
  clusters: { c: { kubernetesVersion: cp, nodePools: Object.fromEntries(Object.entries(pools).map(([p, v]) => [p, { kubernetesVersion: v }])) } },
});

describe("version skew per provider", () => {
  it("is a catalog fact: 2 minors on GKE and AKS, 3 on EKS and upstream; EKS needs its groups at the current minor", () => {
    expect(Object.fromEntries(Object.entries(defaultCatalog.versionSkew).map(([p, f]) => [p, [f.maxPoolSkew, f.controlPlaneStep]]))).toEqual({
      aws: [3, "at-current"],
      gcp: [2, "within-skew"],
      azure: [2, "within-skew"],
      kubeadm: [3, "within-skew"],
      existing: [3, "within-skew"],
    });
  });

  const rows: { name: string; provider: Provider; target: string; cp: string; pools: Record<string, string>; want: { cp: string; pools: Record<string, string>; reason?: string } }[] = [
    { name: "EKS steps when its groups run the current minor", provider: "aws", target: "1.36", cp: "1.35", pools: { a: "1.35" }, want: { cp: "1.36", pools: { a: "1.36" } } },
    { name: "EKS holds its control plane while a group is behind, and brings the group up", provider: "aws", target: "1.36", cp: "1.35", pools: { a: "1.35", b: "1.34" }, want: { cp: "1.35", pools: { a: "1.35", b: "1.35" }, reason: "NodePoolsBehind" } },
    { name: "AKS steps with a pool one minor behind (two after the step)", provider: "azure", target: "1.36", cp: "1.35", pools: { a: "1.34" }, want: { cp: "1.36", pools: { a: "1.35" } } },
    { name: "AKS holds a step that would leave a pool three minors behind", provider: "azure", target: "1.36", cp: "1.35", pools: { a: "1.33", b: "1.35" }, want: { cp: "1.35", pools: { a: "1.34", b: "1.35" }, reason: "NodePoolsBehind" } },
  ];

  it.each(rows)("$name", ({ provider, target, cp, pools, want }) => {
    const spec = fleet(provider, target, Object.keys(pools).map((name) => ({ name })));
    const plan = planFleet(spec, undefined, deployed(cp, pools), { now: NOW });
    expect(plan.problems).toBeUndefined();
    const c = plan.clusters[0]!;
    expect({ cp: c.kubernetesVersion, pools: Object.fromEntries(c.nodePools.map((p) => [p.name, p.kubernetesVersion])) }).toEqual({ cp: want.cp, pools: want.pools });
    const held = c.conditions.find((k) => k.reason === "NodePoolsBehind");
    if (want.reason) expect(held?.message).toMatch(/refuses .* while node pool/);
    else expect(held).toBeUndefined();
  });

  it("EKS reaches the target after the groups caught up: hold, then step", () => {
    const spec = fleet("aws", "1.36", [{ name: "a" }]);
    const first = planFleet(spec, undefined, deployed("1.35", { a: "1.34" }), { now: NOW });
    expect(first.clusters[0]).toMatchObject({ action: "keep", kubernetesVersion: "1.35" });
    const second = planFleet(spec, undefined, observedFromPlan(first), { now: NOW });
    expect(second.clusters[0]).toMatchObject({ action: "upgrade", kubernetesVersion: "1.36" });
  });

  it("refuses an AKS pool pinned three minors behind, naming the provider's limit", () => {
    const plan = planFleet(fleet("azure", "1.36", [{ name: "old", kubernetesVersion: "1.33" }]), undefined, undefined, { now: NOW });
    expect(plan.problems).toContainEqual(expect.objectContaining({ path: "clusters[0].nodePools[0].kubernetesVersion", code: "version/pool-skew", message: expect.stringContaining("Azure allows at most 2") }));
  });

  it("refuses a pin that would hold the control plane forever (EKS: a group below the current minor)", () => {
    const plan = planFleet(fleet("aws", "1.36", [{ name: "old", kubernetesVersion: "1.34" }]), undefined, deployed("1.35", { old: "1.34" }), { now: NOW });
    expect(plan.problems).toContainEqual(expect.objectContaining({ path: "clusters[0].nodePools[0].kubernetesVersion", code: "version/pool-blocks-upgrade" }));
  });

  // Azure/AKS#3087: the managed-cluster API upgrades only the control plane; AKS's system pool (made
  // inside the managed cluster) stays behind and AKS refuses the step that would put it 3 minors back.
  it("refuses an AKS step its system pool would not survive, saying how to upgrade that pool", () => {
    const plan = planFleet(fleet("azure", "1.36", [{ name: "a" }]), undefined, deployed("1.35", { a: "1.35", fleetsys: "1.33" }), { now: NOW });
    expect(plan.problems).toContainEqual(
      expect.objectContaining({ path: "clusters[0].kubernetesVersion", code: "version/provider-pool-behind", message: expect.stringContaining("az aks nodepool upgrade -g <resource group> --cluster-name <cluster> -n fleetsys -k 1.35") }),
    );
    const fine = planFleet(fleet("azure", "1.36", [{ name: "a" }]), undefined, deployed("1.35", { a: "1.35", fleetsys: "1.34" }), { now: NOW });
    expect(fine.problems).toBeUndefined();
    expect(fine.clusters[0]!.kubernetesVersion).toBe("1.36");
  });
});

// Quotas a cloud enforces mid-run, refused at plan time instead. AWS: 60 inbound rules per security
// group by default (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html); the
// fabric writes one rule per port and peer CIDR on the EKS cluster security group, which already holds
// EKS's own rule.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { NOW } from "../fixtures/fleets.ts";

const hubWith = (spokes: number) => ({
  name: "acme",
  jurisdictions: { eu: { regions: { aws: ["eu-central-1"], gcp: ["europe-west3"] } } },
  defaults: { kubernetesVersion: "1.35", mesh: "istio" },
  peering: { topology: "hub-spoke", hub: "hub" },
  clusters: [
    { name: "hub", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }] },
    ...Array.from({ length: spokes }, (_, i) => ({ name: `g${i}`, provider: "gcp", region: "europe-west3", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }], gcp: { project: "acme-eu-prod" } })),
  ],
});

describe("the AWS security-group rule quota", () => {
  it("lets a hub have as many peers as its cluster security group holds (9 GKE peers: 9 × 3 ports × 2 CIDRs + 1 = 55)", () => {
    expect(planFleet(hubWith(9), undefined, undefined, { now: NOW }).problems).toBeUndefined();
  });

  it("refuses the peer that would take it past 60, with the count and the limit", () => {
    const plan = planFleet(hubWith(10), undefined, undefined, { now: NOW });
    expect(plan.problems).toContainEqual(
      expect.objectContaining({ path: "clusters[0]", code: "fabric/security-group-quota", message: expect.stringMatching(/would need 61 inbound rules on its cluster security group .* AWS allows 60 per security group/) }),
    );
  });

  it("reads a raised quota from the catalog", () => {
    const raised = { ...defaultCatalog, awsSecurityGroups: { inboundRulesPerGroup: 120, eksClusterGroupOwnRules: 1 } };
    expect(planFleet(hubWith(10), raised, undefined, { now: NOW }).problems).toBeUndefined();
  });
});

// https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html: EXTENDED is not upgraded and
// enters (billed) extended support; STANDARD is upgraded by EKS at the end of standard support.
describe("the EKS upgrade policy", () => {
  const eks = (version: string, upgradePolicy?: "standard" | "extended") => ({
    name: "acme",
    jurisdictions: { eu: { regions: { aws: ["eu-central-1"] } } },
    defaults: { kubernetesVersion: version },
    clusters: [{ name: "a", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }], ...(upgradePolicy ? { aws: { upgradePolicy } } : {}) }],
  });

  it("refuses standard on a minor past standard support: EKS would upgrade outside the plan", () => {
    const plan = planFleet(eks("1.33", "standard"), undefined, undefined, { now: NOW });
    expect(plan.problems).toContainEqual(expect.objectContaining({ path: "clusters[0].aws.upgradePolicy", code: "aws/upgrade-policy-standard-on-extended" }));
  });

  it("warns that a minor in extended support is billed at the extended rate (the default policy keeps it)", () => {
    const plan = planFleet(eks("1.33"), undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: "aws/extended-support", path: "clusters[0].kubernetesVersion" }));
    expect(plan.clusters[0]!.settings["upgradePolicy"]).toBe("extended");
  });

  it("accepts standard on a minor in standard support", () => {
    const plan = planFleet(eks("1.35", "standard"), undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    expect(plan.warnings ?? []).toEqual([]);
  });
});

// EKS managed add-ons as the planner pins them: one version per control-plane minor, from the catalog.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { eksAddons } from "../../src/catalog/eks-addons.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { baseFleet, NOW, STACKS, stackFile } from "../fixtures/fleets.ts";

const awsMinors = defaultCatalog.kubernetesVersions.aws.minors;
const cluster = (plan: ReturnType<typeof planFleet>, name: string): ClusterPlan => plan.clusters.find((c) => c.name === name)!;
const versionsOf = (c: ClusterPlan) => Object.fromEntries((c.managedAddons ?? []).map((a) => [a.name, a.version]));

describe("the EKS add-on catalog", () => {
  it.each(awsMinors)("pins every add-on for EKS %s, kube-proxy at that very minor", (minor) => {
    for (const a of eksAddons) {
      expect(a.versions[minor], `${a.name} ${minor}`).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      expect(a.source).not.toBe("");
    }
    expect(eksAddons.find((a) => a.name === "kube-proxy")!.versions[minor]).toMatch(new RegExp(`^v${minor.replace(".", "\\.")}\\.`));
  });

  it("creates the node networking add-ons before the nodes and the pod-running ones after them", () => {
    expect(Object.fromEntries(eksAddons.map((a) => [a.name, a.after]))).toEqual({ "vpc-cni": "control-plane", "kube-proxy": "control-plane", coredns: "nodes", "aws-ebs-csi-driver": "nodes" });
  });
});

describe("managed add-ons in the plan", () => {
  it.each(STACKS)("stack %s: every AWS cluster gets the four add-ons at its control plane's minor, no other cluster any", (stack) => {
    const plan = planFleet(stackFile(stack).spec, undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    for (const c of plan.clusters) {
      if (c.provider !== "aws" || c.action === "destroy") {
        expect(c.managedAddons, c.name).toBeUndefined();
        continue;
      }
      expect(versionsOf(c)).toEqual(Object.fromEntries(eksAddons.map((a) => [a.name, a.versions[c.kubernetesVersion]])));
    }
  });

  it("moves the add-ons with the control plane on an upgrade run", () => {
    const spec = baseFleet();
    spec.defaults = { kubernetesVersion: "1.36" };
    const plan = planFleet(spec, undefined, { clusters: { "eu-aws": { kubernetesVersion: "1.35" } } }, { now: NOW });
    expect(plan.problems).toBeUndefined();
    const c = cluster(plan, "eu-aws");
    expect([c.action, c.currentVersion, c.kubernetesVersion]).toEqual(["upgrade", "1.35", "1.36"]);
    expect(versionsOf(c)).toEqual({ "vpc-cni": "v1.22.4-eksbuild.3", "kube-proxy": "v1.36.0-eksbuild.14", coredns: "v1.14.3-eksbuild.3", "aws-ebs-csi-driver": "v1.66.0-eksbuild.1" });
  });

  it("keeps a draining cluster's add-ons at the version it keeps", () => {
    const spec = baseFleet();
    spec.defaults = { kubernetesVersion: "1.36" };
    spec.clusters[0].lifecycle = { state: "draining" };
    const plan = planFleet(spec, undefined, { clusters: { "eu-aws": { kubernetesVersion: "1.34" } } }, { now: NOW });
    const c = cluster(plan, "eu-aws");
    expect(c.kubernetesVersion).toBe("1.34");
    expect(versionsOf(c)["kube-proxy"]).toBe("v1.34.6-eksbuild.13");
    expect(versionsOf(c)["coredns"]).toBe("v1.13.2-eksbuild.11");
  });

  it("refuses a minor the provider supports but the add-on table does not pin, naming each add-on", () => {
    const spec = baseFleet();
    spec.defaults = { kubernetesVersion: "1.37" };
    (spec as Record<string, unknown>)["catalog"] = { kubernetesVersions: { aws: ["1.35", "1.36", "1.37"], gcp: ["1.35", "1.36", "1.37"] } };
    spec.clusters = spec.clusters.filter((c) => c.provider !== "kubeadm");
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    const issues = (plan.problems ?? []).filter((p) => p.code === "eks/addon-version-unknown");
    // Two AWS clusters, four add-ons each.
    expect(issues).toHaveLength(8);
    expect(issues[0]!.path).toBe("defaults.kubernetesVersion");
    expect(issues.map((i) => i.message).join("\n")).toMatch(/EKS 1\.37 \(cluster "eu-aws"\) has no pinned version of the coredns add-on; pinned minors: .*1\.36/);
  });

  it("leaves out the pod-running add-ons of a cluster without node pools, with a warning", () => {
    const spec = baseFleet();
    spec.clusters[0].nodePools = [];
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    expect(cluster(plan, "eu-aws").managedAddons!.map((a) => a.name)).toEqual(["vpc-cni", "kube-proxy"]);
    expect(plan.warnings?.map((w) => [w.path, w.code])).toEqual([["clusters[0].nodePools", "eks/addons-need-nodes"]]);
    expect(cluster(plan, "us-aws").managedAddons!.map((a) => a.name)).toEqual(["vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver"]);
  });

  it("names each add-on's IAM role after fleet, cluster and add-on, within IAM's 64 characters", () => {
    const spec = baseFleet();
    spec.name = "a-fleet-name-of-twen"; // 20 characters, the longest allowed
    spec.clusters[0].name = "a-cluster-name-of-thirty-chars";
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    const roles = cluster(plan, "a-cluster-name-of-thirty-chars").managedAddons!.flatMap((a) => (a.serviceAccount ? [a.serviceAccount.roleName] : []));
    expect(roles).toHaveLength(2);
    for (const r of roles) expect(r.length).toBeLessThanOrEqual(64);
    expect(new Set(roles).size).toBe(2);
    expect(cluster(planFleet(baseFleet(), undefined, undefined, { now: NOW }), "eu-aws").managedAddons!.find((a) => a.name === "vpc-cni")!.serviceAccount).toEqual({
      namespace: "kube-system",
      name: "aws-node",
      roleName: "acme-eu-aws-vpc-cni",
      managedPolicy: "AmazonEKS_CNI_Policy",
    });
  });
});

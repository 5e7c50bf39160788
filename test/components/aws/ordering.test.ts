// Order, upgrades and stability of an EKS cluster as rendered: what waits for what, what a version
// bump changes (version fields only), and that the same plan renders the same inputs twice.
import { beforeAll, describe, expect, it } from "vitest";
import { eksAddons } from "../../../src/catalog/eks-addons.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { byUrn, crossClusterDependencies } from "../../fixtures/graph.ts";
import { awsFleet, changedPaths, eksOf, planOf, render, T } from "./fixtures.ts";

let run: MockRun;
beforeAll(async () => {
  run = await render(planOf(awsFleet()));
});

const addon = (c: ReturnType<typeof eksOf>, name: string) => c.of(T.addon).find((a) => a.inputs["addonName"] === name)!;

/** Every resource `r` depends on, directly or through others. */
function closure(run: MockRun, r: RecordedResource): Set<string> {
  const urns = byUrn(run);
  const seen = new Set<string>();
  const walk = (x: RecordedResource) => {
    for (const u of x.dependsOnUrns) {
      if (seen.has(u)) continue;
      seen.add(u);
      const dep = urns.get(u);
      if (dep) walk(dep);
    }
  };
  walk(r);
  return seen;
}

describe("creation order", () => {
  it("creates CoreDNS and the EBS CSI driver after every node group, so they never start DEGRADED", () => {
    const prod = eksOf(run, "prod-fra");
    const groups = prod.of(T.nodeGroup);
    expect(groups).toHaveLength(2);
    for (const name of ["coredns", "aws-ebs-csi-driver"]) {
      for (const g of groups) expect(addon(prod, name).dependsOnUrns, `${name} waits for ${g.name}`).toContain(g.urn);
    }
  });

  it("creates vpc-cni and kube-proxy before the node groups (nodes need them to become Ready), right after the control plane", () => {
    const prod = eksOf(run, "prod-fra");
    const cluster = prod.one(T.cluster);
    for (const name of ["vpc-cni", "kube-proxy"]) {
      const a = addon(prod, name);
      expect(a.dependsOnUrns).toContain(cluster.urn);
      for (const g of prod.of(T.nodeGroup)) {
        expect(g.dependsOnUrns, `${g.name} waits for ${name}`).toContain(a.urn);
        expect(closure(run, a).has(g.urn)).toBe(false);
      }
    }
  });

  it("creates the node groups of a cluster in parallel: none depends on another, even indirectly", () => {
    const groups = eksOf(run, "prod-fra").of(T.nodeGroup);
    for (const g of groups) for (const other of groups) if (other !== g) expect(closure(run, g).has(other.urn), `${g.name} → ${other.name}`).toBe(false);
  });

  it("creates the control plane first and the node groups after it", () => {
    const prod = eksOf(run, "prod-fra");
    const cluster = prod.one(T.cluster);
    for (const g of prod.of(T.nodeGroup)) expect(closure(run, g).has(cluster.urn)).toBe(true);
    expect([...closure(run, cluster)].some((u) => prod.of(T.nodeGroup).some((g) => g.urn === u))).toBe(false);
  });

  it("never makes one cluster wait for another", () => {
    expect(crossClusterDependencies(run)).toEqual([]);
  });
});

describe("add-on versions", () => {
  it("match the control plane's minor, as the catalog pins them", () => {
    for (const [cluster, minor] of [["prod-fra", "1.35"], ["dev-dub", "1.35"]] as const) {
      const c = eksOf(run, cluster);
      expect(c.one(T.cluster).inputs["version"]).toBe(minor);
      for (const a of c.of(T.addon)) {
        const fact = eksAddons.find((f) => f.name === a.inputs["addonName"])!;
        expect(a.inputs["addonVersion"], String(a.inputs["addonName"])).toBe(fact.versions[minor]);
      }
      expect(addon(c, "kube-proxy").inputs["addonVersion"]).toMatch(/^v1\.35\./);
    }
  });
});

describe("a Kubernetes version bump", () => {
  it("changes version fields only: every resource keeps its name, nothing is replaced", async () => {
    const before = await render(planOf(awsFleet({ version: "1.35" })));
    const upgrade = planOf(awsFleet({ version: "1.36" }), {
      clusters: { "prod-fra": { kubernetesVersion: "1.35" }, "dev-dub": { kubernetesVersion: "1.35" } },
    });
    expect(upgrade.clusters.map((c) => [c.name, c.action, c.kubernetesVersion])).toEqual([
      ["dev-dub", "upgrade", "1.36"],
      ["prod-fra", "upgrade", "1.36"],
    ]);
    const after = await render(upgrade);
    const key = (r: RecordedResource) => `${r.type} ${r.name}`;
    expect(after.resources.map(key).sort()).toEqual(before.resources.map(key).sort());

    const changed = new Map<string, string[]>();
    const beforeByKey = new Map(before.resources.map((r) => [key(r), r]));
    for (const r of after.resources) {
      const paths = changedPaths(beforeByKey.get(key(r))!.inputs, r.inputs);
      if (paths.length) changed.set(key(r), paths);
    }
    const allowed: Record<string, string[]> = { [T.cluster]: ["version"], [T.nodeGroup]: ["version"], [T.addon]: ["addonVersion"] };
    for (const [k, paths] of changed) expect(paths, k).toEqual(allowed[k.split(" ")[0]!] ?? []);
    // What does change: both control planes, all three node groups, and kube-proxy (coredns, vpc-cni
    // and the EBS CSI driver pin the same version for 1.35 and 1.36).
    expect([...changed.keys()].sort()).toEqual(
      [
        `${T.addon} acme-dev-dub-addon-kube-proxy`,
        `${T.addon} acme-prod-fra-addon-kube-proxy`,
        `${T.cluster} acme-dev-dub-eks`,
        `${T.cluster} acme-prod-fra-eks`,
        `${T.nodeGroup} acme-dev-dub-nodegroup-general`,
        `${T.nodeGroup} acme-prod-fra-nodegroup-batch`,
        `${T.nodeGroup} acme-prod-fra-nodegroup-system`,
      ].sort(),
    );
    const ng = eksOf(after, "prod-fra").one(T.nodeGroup, "acme-prod-fra-nodegroup-system");
    expect(ng.inputs["version"]).toBe("1.36");
    expect(addon(eksOf(after, "prod-fra"), "kube-proxy").inputs["addonVersion"]).toBe("v1.36.0-eksbuild.14");
  });
});

describe("stability", () => {
  it("renders the same plan to the same inputs, byte for byte: nothing from the clock or a random source", async () => {
    const again = await render(planOf(awsFleet()));
    const snapshot = (r: MockRun) => JSON.stringify(r.resources.map((x) => [x.type, x.name, x.inputs, x.dependsOn]));
    expect(snapshot(again)).toBe(snapshot(run));
  });

  it("declares unordered lists in a stable order (taints, log types), and leaves desiredSize to the autoscaler", () => {
    const batch = eksOf(run, "prod-fra").one(T.nodeGroup, "acme-prod-fra-nodegroup-batch");
    expect(batch.inputs["taints"]).toEqual([
      { key: "spot", effect: "PREFER_NO_SCHEDULE" },
      { key: "workload", value: "batch", effect: "NO_SCHEDULE" },
    ]);
    expect(batch.ignoreChanges).toContain("scalingConfig.desiredSize");
    expect(eksOf(run, "prod-fra").one(T.cluster).inputs["enabledClusterLogTypes"]).toEqual(["api", "audit", "authenticator"]);
  });
});

// The preview's report (src/preview/report.ts): counts per cluster, add-ons apart, and a parent
// tree, built in work that grows linearly with the resources. Counted work, not wall time: indexing
// every resource again per cluster and per add-on made a 100-cluster text report take seconds, and
// would read each resource's parent once per cluster again.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../components/tokens.ts";
import { buildReport } from "../../src/preview/report.ts";
import type { RecordedResource } from "../../src/preview/recording-monitor.ts";

/**
 * A recorded fleet: stack, fleet, then per cluster a component with 5 resources of its own and an
 * add-ons component holding 2 add-ons of 3 resources each. Reads of `urn` and `parentUrn` are counted.
 */
function recordedFleet(clusters: number): { resources: RecordedResource[]; reads: () => number } {
  let reads = 0;
  const resources: RecordedResource[] = [];
  const add = (type: string, name: string, parentUrn?: string): string => {
    const urn = `urn:pulumi:s::p::${type}::${name}`;
    const r = { type, name, custom: !type.startsWith("clusterfleet:"), inputs: {}, dependsOn: [], dependsOnUrns: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], aliases: [] };
    Object.defineProperty(r, "urn", { enumerable: true, get: () => (reads++, urn) });
    if (parentUrn) Object.defineProperty(r, "parentUrn", { enumerable: true, get: () => (reads++, parentUrn) });
    resources.push(r as unknown as RecordedResource);
    return urn;
  };
  const stack = add("pulumi:pulumi:Stack", "s");
  const fleet = add(TOKENS.fleet, "f", stack);
  for (let i = 0; i < clusters; i++) {
    const c = add(TOKENS.plannedCluster, `c${i}`, fleet);
    for (let k = 0; k < 5; k++) add("aws:ec2/subnet:Subnet", `c${i}-subnet-${k}`, c);
    const addons = add(TOKENS.clusterAddons, `c${i}-addons`, c);
    for (const a of [TOKENS.istio, TOKENS.kyverno]) {
      const root = add(a, `c${i}-${a}`, addons);
      for (let k = 0; k < 3; k++) add("kubernetes:helm.sh/v3:Release", `c${i}-${a}-${k}`, root);
    }
  }
  return { resources, reads: () => reads };
}

describe("the preview report", () => {
  it("counts each cluster's own resources and its add-ons' apart, and lists every resource in the tree", () => {
    const { resources } = recordedFleet(3);
    const report = buildReport(resources);
    expect(report.total).toBe(resources.length - 1);
    expect(report.clusters.map((c) => [c.name, c.resources, c.addonResources])).toEqual([
      ["c0", 6, 9],
      ["c1", 6, 9],
      ["c2", 6, 9],
    ]);
    expect(report.tree).toHaveLength(resources.length);
    expect(report.tree.slice(0, 4)).toEqual(["pulumi:pulumi:Stack  s", "  clusterfleet:fleet:ClusterFleet  f", `    ${TOKENS.plannedCluster}  c0`, "      aws:ec2/subnet:Subnet  c0-subnet-0"]);
  });

  it("reads each resource's links a fixed number of times, however many clusters there are", () => {
    const perResource = (n: number) => {
      const { resources, reads } = recordedFleet(n);
      buildReport(resources);
      return reads() / resources.length;
    };
    const [small, large] = [perResource(50), perResource(200)];
    // Per cluster and per add-on re-indexing reads every resource ~3 times per cluster: 4x more here.
    expect(large).toBeLessThan(small * 1.1);
    expect(large).toBeLessThan(10);
  });
});

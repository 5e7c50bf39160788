// The shipped stacks through the real program entry: every GCP cluster they declare renders as a
// GkeCluster with the plan's project, location, zones and pools, and a second run changes nothing.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { STACKS, stackFile } from "../../fixtures/fleets.ts";
import { crossClusterDependencies, exposedKubeconfigs } from "../../fixtures/graph.ts";
import { runStack } from "../../fixtures/run-stack.ts";
import { at, gkeOf, T } from "./gke-fixtures.ts";

const gcpClustersOf = (plan: FleetPlan) => plan.clusters.filter((c) => c.provider === "gcp" && c.action !== "destroy");

const GCP_STACKS = STACKS.filter((s) => JSON.stringify(stackFile(s).spec).includes('"provider":"gcp"'));

describe.each(GCP_STACKS)("stack %s", (stack) => {
  it("renders each of its GCP clusters as a GkeCluster of the plan", async () => {
    const run = await runStack(stack);
    const plan = run.outputs["plan"] as FleetPlan;
    const gcp = gcpClustersOf(plan);
    expect(run.resources.filter((r) => r.type === TOKENS.gke).map((r) => r.name).sort()).toEqual(gcp.map((c) => `${plan.fleet}-${c.name}`).sort());
    const report = buildReport(run.resources);
    for (const c of gcp) {
      const g = gkeOf(run, plan, c.name);
      const cluster = g.one(T.cluster);
      expect(cluster.inputs["project"]).toBe(c.settings["project"]);
      expect(cluster.inputs["location"]).toBe(c.controlPlane.ha ? c.region : c.zones[0]);
      expect(cluster.inputs["minMasterVersion"]).toBe(c.kubernetesVersion);
      expect(g.all(T.nodePool).map((p) => p.inputs["name"]).sort()).toEqual(c.nodePools.map((p) => p.providerName).sort());
      expect(g.one(T.keyRing).inputs["location"]).toBe(c.region);
      expect(at(g.one(T.subnetwork), "ipCidrRange")).toBe(c.network.cidr);
      expect(report.clusters.find((r) => r.name === g.component.name)?.ha?.zones).toEqual(c.zones);
      const access = (run.outputs["clusters"] as Record<string, { endpoint: string; kubeconfig: unknown }>)[c.name]!;
      expect(access.endpoint).toMatch(/^https:\/\//);
      expect(access.kubeconfig).toBeInstanceOf(SecretValue);
      const observed = (run.outputs["observed"] as { clusters: Record<string, { kubernetesVersion: string; nodePools: Record<string, { kubernetesVersion: string }> }> }).clusters[c.name]!;
      expect(observed.kubernetesVersion).toBe(c.kubernetesVersion);
      expect(Object.keys(observed.nodePools).sort()).toEqual(c.nodePools.map((p) => p.name).sort());
    }
    expect(exposedKubeconfigs(run)).toEqual([]);
    expect(crossClusterDependencies(run)).toEqual([]);
  });
});

it("covers the shipped stacks that declare GCP clusters", () => {
  expect(GCP_STACKS).toEqual(["prod-eu", "global"]);
});

describe("the global stack run twice", () => {
  it("plans every GCP cluster as kept and renders byte-identical inputs the second time", async () => {
    const first = await runStack("global");
    const second = await runStack("global", { previousOutputs: first.outputs });
    const plan = second.outputs["plan"] as FleetPlan;
    expect(gcpClustersOf(plan).map((c) => c.action)).toEqual(["keep", "keep", "keep"]);
    const gcpInputs = (run: typeof first) => JSON.stringify(run.resources.filter((r) => r.type.startsWith("gcp:")).map((r) => [r.name, r.inputs]));
    expect(gcpInputs(second)).toBe(gcpInputs(first));
  });
});

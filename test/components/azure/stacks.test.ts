// The shipped stacks, through the real program entry under mocks: every live Azure cluster of the
// plan renders as an AksCluster with its managed cluster, pools and secret access.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { exposedKubeconfigs, ofType } from "../../fixtures/graph.ts";
import { runStack } from "../../fixtures/run-stack.ts";
import { ADMIN_GROUP, aksParts, at } from "./fixtures.ts";

describe.each(["prod-eu", "global"] as const)("stack %s", (stack) => {
  it("renders each live Azure cluster of its plan as an AksCluster", async () => {
    const run = await runStack(stack);
    const plan = run.outputs["plan"] as FleetPlan;
    const azure = plan.clusters.filter((c) => c.provider === "azure" && c.action !== "destroy");
    expect(azure.length).toBeGreaterThan(0);
    expect(ofType(run, TOKENS.aks).map((r) => r.name).sort()).toEqual(azure.map((c) => `${plan.fleet}-${c.name}`).sort());

    const report = buildReport(run.resources);
    const access = run.outputs["clusters"] as Record<string, { provider: string; endpoint: unknown; kubeconfig: unknown }>;
    const observed = (run.outputs["observed"] as { clusters: Record<string, { kubernetesVersion: string; nodePools: Record<string, { kubernetesVersion: string }> }> }).clusters;
    for (const c of azure) {
      const p = aksParts(run, `${plan.fleet}-${c.name}`);
      expect(p.cluster.inputs).toMatchObject({ resourceName: c.names["cluster"], location: c.region, kubernetesVersion: c.kubernetesVersion });
      expect(at(p.cluster, "sku.tier")).toBe(c.controlPlane.ha ? "Standard" : "Free");
      expect(p.pools.map((x) => at(x, "agentPoolName")).sort()).toEqual(c.nodePools.map((x) => x.providerName).sort());
      expect(report.clusters.find((r) => r.name === p.component.name)!.ha!.zones).toEqual([...c.zones]);
      expect(access[c.name]).toMatchObject({ provider: "azure", endpoint: expect.stringMatching(/^https:\/\/.+:443$/) });
      expect(access[c.name]!.kubeconfig).toBeInstanceOf(SecretValue);
      expect(observed[c.name]).toEqual({
        kubernetesVersion: c.kubernetesVersion,
        // The system pool too: the planner holds a control-plane step AKS would refuse because of it.
        nodePools: { ...Object.fromEntries(c.nodePools.map((x) => [x.name, { kubernetesVersion: x.kubernetesVersion }])), fleetsys: { kubernetesVersion: c.kubernetesVersion } },
        network: { cidr: c.network.cidr, podCidr: c.network.podCidr, serviceCidr: c.network.serviceCidr },
        lifecycle: c.lifecycle.state,
        drained: c.traffic === "drained",
      });
    }
    expect(exposedKubeconfigs(run)).toEqual([]);
  });
});

describe("stack prod-eu", () => {
  it("grants its admin group cluster-admin through Entra ID", async () => {
    const run = await runStack("prod-eu");
    expect(at(aksParts(run, "acme-eu-eu-azure-fra").cluster, "aadProfile.adminGroupObjectIDs")).toEqual([ADMIN_GROUP]);
  });
});

describe("stack global", () => {
  it("renders its non-HA dev cluster on spot capacity in one zone, and its HA clusters over three", async () => {
    const run = await runStack("global");
    const dev = aksParts(run, "acme-ap-azure-syd-dev");
    expect(at(dev.cluster, "sku.tier")).toBe("Free");
    expect(dev.pools.map((p) => [p.inputs["scaleSetPriority"], p.inputs["availabilityZones"]])).toEqual([["Spot", ["1"]]]);
    for (const name of ["acme-eu-azure-ams", "acme-us-azure-va"]) {
      const ha = aksParts(run, name);
      expect(at(ha.cluster, "sku.tier")).toBe("Standard");
      for (const p of ha.pools) expect(p.inputs["availabilityZones"]).toEqual(["1", "2", "3"]);
    }
  });
});

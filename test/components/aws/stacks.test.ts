// The shipped stacks through the real program entry: every AWS cluster of each stack renders as an
// EksCluster with the plan's names, versions and pools; none is left a placeholder.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import "../../../src/preview/mocks/index.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { NOW, STACKS, stackFile } from "../../fixtures/fleets.ts";
import { crossClusterDependencies, exposedKubeconfigs, ownResources } from "../../fixtures/graph.ts";
import { runStack } from "../../fixtures/run-stack.ts";
import { T } from "./fixtures.ts";

describe.each(STACKS)("stack %s", (stack) => {
  it("renders each live AWS cluster as an EksCluster built as planned", async () => {
    const plan = planFleet(stackFile(stack).spec, undefined, undefined, { now: NOW });
    const aws = plan.clusters.filter((c) => c.provider === "aws" && c.action !== "destroy");
    expect(aws.length).toBeGreaterThan(0);
    const run = await runStack(stack);
    const components = run.resources.filter((r) => r.type === TOKENS.eks);
    expect(components.map((c) => c.name).sort()).toEqual(aws.map((c) => `${plan.fleet}-${c.name}`).sort());
    // A retired, due cluster is not rendered at all.
    for (const gone of plan.clusters.filter((c) => c.action === "destroy")) expect(run.resources.some((r) => r.name === `${plan.fleet}-${gone.name}`)).toBe(false);

    for (const c of aws) {
      const component = components.find((x) => x.name === `${plan.fleet}-${c.name}`)!;
      const under = ownResources(run, component);
      const cluster = under.filter((r) => r.type === T.cluster);
      expect(cluster).toHaveLength(1);
      expect(cluster[0]!.inputs).toMatchObject({ name: c.names["cluster"], version: c.kubernetesVersion });
      expect(under.filter((r) => r.type === T.nodeGroup).map((g) => g.inputs["nodeGroupName"]).sort()).toEqual(c.nodePools.map((p) => p.providerName).sort());
      expect(under.filter((r) => r.type === T.subnet && r.name.includes("-subnet-private-")).map((s) => s.inputs["availabilityZone"]).sort()).toEqual([...c.zones].sort());
      expect(under.filter((r) => r.type === T.nat)).toHaveLength(c.environment === "prod" ? c.zones.length : 1);
      const admins = (c.settings["adminRoleArns"] as string[] | undefined) ?? [];
      expect(under.filter((r) => r.type === T.accessEntry).map((e) => e.inputs["principalArn"]).sort()).toEqual([...admins].sort());
      const access = (run.outputs["clusters"] as Record<string, { kubeconfig: unknown; provider: string }>)[c.name]!;
      expect(access.provider).toBe("aws");
      expect(access.kubeconfig).toBeInstanceOf(SecretValue);
    }
    expect(exposedKubeconfigs(run)).toEqual([]);
    expect(crossClusterDependencies(run)).toEqual([]);
  });
});

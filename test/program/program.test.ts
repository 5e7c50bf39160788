// The Pulumi program entry, run under mocks with each shipped stack file's own config.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../components/tokens.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { CLUSTER_TOKENS } from "../../src/preview/report.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { baseFleet, NOW, STACKS, stackFile } from "../fixtures/fleets.ts";
import { runStack } from "../fixtures/run-stack.ts";

describe.each(STACKS)("program on stack %s", (stack) => {
  it("renders the stack's plan: a ClusterFleet under the Stack, one child per live cluster, the mesh identity beside them", async () => {
    const run = await runStack(stack);
    const expected = planFleet(stackFile(stack).spec, defaultCatalog, undefined, { now: NOW });
    expect(JSON.parse(JSON.stringify(run.outputs["plan"]))).toEqual(JSON.parse(JSON.stringify(expected)));

    const root = run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
    expect(root.name).toBe(`clusterfleet-${stack}`);
    const fleet = run.resources.filter((r) => r.type === "clusterfleet:fleet:ClusterFleet");
    expect(fleet).toHaveLength(1);
    expect(fleet[0]!.parent).toBe(root.name);

    const live = expected.clusters.filter((c) => c.action !== "destroy");
    const children = run.resources.filter((r) => r.parentUrn === fleet[0]!.urn);
    expect(children.filter((r) => CLUSTER_TOKENS.has(r.type)).map((r) => r.name).sort()).toEqual(live.map((c) => `${expected.fleet}-${c.name}`).sort());
    // Fleet-level add-ons: the mesh's root of trust when a cluster runs a mesh, and the links between
    // clusters (remote secrets) when the plan joins any two.
    const fleetLevel = children.filter((r) => !CLUSTER_TOKENS.has(r.type)).map((r) => r.type);
    const meshed = live.some((c) => c.mesh !== "none");
    // And the network fabric (the links' resources), always there, empty when nothing is linked.
    expect(fleetLevel).toEqual([TOKENS.fabric, ...(meshed ? [TOKENS.meshIdentity] : []), ...(expected.meshLinks.length ? [TOKENS.meshLinks] : [])]);
    expect(Object.keys((run.outputs["observed"] as { clusters: object }).clusters).sort()).toEqual(live.map((c) => c.name).sort());
  });
});

describe("program across runs", () => {
  it("reads the previous deployment from its own stack outputs: same networks, nothing re-created", async () => {
    const first = await runStack("global");
    const second = await runStack("global", { previousOutputs: first.outputs });
    const a = first.outputs["plan"] as FleetPlan;
    const b = second.outputs["plan"] as FleetPlan;
    const active = b.clusters.filter((c) => c.lifecycle.state === "active");
    expect(active.map((c) => c.action)).toEqual(active.map(() => "keep"));
    expect(b.clusters.map((c) => c.network)).toEqual(
      a.clusters.map((c) => ({ ...c.network, origin: c.action === "destroy" ? c.network.origin : { cidr: "observed", podCidr: "observed", serviceCidr: "observed" } })),
    );
  });

  it("steps one minor when the fleet's version is raised", async () => {
    const first = await runStack("dev");
    const { spec } = stackFile("dev") as { spec: { defaults: { kubernetesVersion: string } } };
    const raised = { ...spec, defaults: { ...spec.defaults, kubernetesVersion: "1.36" } };
    const second = await runStack("dev", { previousOutputs: first.outputs, config: { "clusterfleet:fleet": raised } });
    const [c] = (second.outputs["plan"] as FleetPlan).clusters;
    expect(c).toMatchObject({ action: "upgrade", phase: "Upgrading", currentVersion: "1.35", kubernetesVersion: "1.36" });
  });
});

describe("program without its previous deployment", () => {
  it("refuses a stack deployed by ClusterFleet whose outputs lack `observed`: a dropped cluster could not be protected", async () => {
    const failure = await runStack("dev", { previousOutputs: { fleet: "acme", summary: {} } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/has a previous ClusterFleet deployment \(output `fleet`\) but no `observed` output/);
  });

  it("plans from the given observed state when readPreviousDeployment is false", async () => {
    const run = await runStack("dev", { config: { "clusterfleet:readPreviousDeployment": false, "clusterfleet:observed": { clusters: {} } } });
    expect((run.outputs["plan"] as FleetPlan).clusters.length).toBeGreaterThan(0);
  });
});

describe("program on an invalid spec", () => {
  it("fails the run with every problem listed and creates nothing under the fleet", async () => {
    const spec = baseFleet();
    spec.clusters[0].region = "eu-central-9";
    spec.clusters[2].controlPlane.replicas = 4;
    const failure = await runStack("dev", { config: { "clusterfleet:fleet": spec } }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toMatch(/fleet spec in stack "dev" \(config clusterfleet:fleet\) has 2 problems/);
    expect(failure!.message).toMatch(/clusters\[0\]\.region: "eu-central-9" is not an AWS region/);
    expect(failure!.message).toMatch(/clusters\[2\]\.controlPlane\.replicas: got 4/);
  });
});

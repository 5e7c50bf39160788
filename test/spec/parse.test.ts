import { describe, expect, it } from "vitest";
import { fleetJsonSchema } from "../../src/spec/json-schema.ts";
import { parseFleetSpec } from "../../src/spec/parse.ts";
import { baseFleet } from "../fixtures/fleets.ts";

function issuesOf(input: unknown) {
  const r = parseFleetSpec(input);
  if (r.ok) throw new Error("expected the spec to be refused");
  return r.issues;
}

describe("parseFleetSpec", () => {
  it("accepts the base fleet and applies documented defaults", () => {
    const r = parseFleetSpec(baseFleet());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.defaults.mesh).toBe("none");
    expect(r.value.ipam.nodes).toEqual({ supernet: "10.0.0.0/8", prefix: 20 });
    expect(r.value.peering.topology).toBe("mesh");
    expect(r.value.clusters[0]!.controlPlane.ha).toBe(true);
    expect(r.value.clusters[0]!.lifecycle.state).toBe("active");
    expect(r.value.rollout.waves).toEqual(["default"]);
  });

  it("names the path, echoes the value and lists what is allowed", () => {
    const spec = baseFleet();
    spec.clusters[0].provider = "azur";
    spec.clusters[1].environment = "qa";
    const issues = issuesOf(spec);
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "clusters[0].provider", code: "spec/value", message: expect.stringMatching(/"azur".*aws, gcp, azure, kubeadm, existing/) }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: "clusters[1].environment", message: expect.stringMatching(/"qa".*dev, test, staging, prod/) }));
  });

  it("reports every structural problem at once", () => {
    const spec = baseFleet() as any;
    spec.name = "Acme Corp";
    spec.ipam = { nodes: { supernet: "10.0.0.0/33", prefix: 20 } };
    spec.clusters[0].lifecycle = { state: "retired", decommissionAfter: "2026-02-30" };
    spec.clusters[2].nodePools[0].taints = [{ key: "gpu", effect: "Sometimes" }];
    const paths = issuesOf(spec).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["name", "ipam.nodes.supernet", "clusters[0].lifecycle.decommissionAfter", "clusters[2].nodePools[0].taints[0].effect"]),
    );
  });

  it("answers a misspelt field with the allowed ones and a suggestion", () => {
    const spec = baseFleet();
    spec.clusters[0].nodepools = [];
    const [i] = issuesOf(spec);
    expect(i).toMatchObject({ path: "clusters[0]", code: "spec/unknown-field" });
    expect(i!.message).toContain('"nodepools" (did you mean "nodePools"?)');
    expect(i!.message).toContain("allowed: provider, name, region");
  });

  it("only accepts a provider's own settings block", () => {
    const spec = baseFleet();
    spec.clusters[0].gcp = { project: "acme-eu-prod" }; // an AWS cluster
    expect(issuesOf(spec)[0]).toMatchObject({ path: "clusters[0]", code: "spec/unknown-field" });
  });

  it("requires the fields without defaults", () => {
    const spec = baseFleet() as any;
    delete spec.defaults.kubernetesVersion;
    delete spec.clusters[1].gcp;
    const issues = issuesOf(spec);
    expect(issues).toContainEqual(expect.objectContaining({ path: "defaults.kubernetesVersion", code: "spec/required" }));
    expect(issues).toContainEqual(expect.objectContaining({ path: "clusters[1].gcp", code: "spec/required" }));
  });
});

describe("JSON Schema", () => {
  const schema = fleetJsonSchema() as any;
  it("describes the fleet document editors validate stack files against", () => {
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "jurisdictions", "defaults", "clusters"]));
    expect(schema.properties.clusters.items.oneOf).toHaveLength(5);
    expect(schema.properties.defaults.properties.mesh.enum).toEqual(["istio", "linkerd", "none"]);
  });
  it("carries the field documentation", () => {
    expect(schema.properties.peering.properties.topology.description).toMatch(/hub-spoke/);
  });
});

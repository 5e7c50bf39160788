// What a hostile or broken spec does to the planner: it returns problems naming the path, never
// throws, and never spends long. Each input here once threw or took seconds.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { MAX_PLAN_PROBLEMS } from "../../src/plan/problems.ts";
import { fleetOwnedValuesIn, valuePaths } from "../../src/plan/values.ts";
import { SPEC_LIMITS } from "../../src/spec/bounds.ts";
import { show } from "../../src/spec/issue.ts";
import { machineTypeMismatch } from "../../src/spec/machine-types.ts";
import { MAX_REPORTED_PROBLEMS, parseFleetSpec } from "../../src/spec/parse.ts";
import { baseFleet } from "../fixtures/fleets.ts";

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const nestedMap = (depth: number): Record<string, unknown> => {
  let v: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const problemsOf = (spec: unknown) => planFleet(spec, defaultCatalog).problems ?? [];

describe("bounds at the boundary", () => {
  it("refuses a field nested 5,000 deep with the path where it got too deep (show() overflowed the stack)", () => {
    const spec = baseFleet();
    spec.clusters[0].region = nested(5000);
    const problems = problemsOf(spec);
    expect(problems).toEqual([expect.objectContaining({ code: "spec/too-deep", path: expect.stringMatching(/^clusters\[0\]\.region(\[0\])+$/) })]);
    // clusters, 0 and region are three of the levels; the rest are the list's.
    expect(problems[0]!.path.replace("clusters[0].region", "").split("[0]").length - 1).toBe(SPEC_LIMITS.maxDepth - 3);
  });

  it("refuses Helm values nested 3,000 deep (valuePaths overflowed the stack)", () => {
    const spec = baseFleet();
    spec.clusters[0].addons = { "kube-prometheus-stack": { values: nestedMap(3000) } };
    const problems = problemsOf(spec);
    expect(problems.map((p) => p.code)).toEqual(["spec/too-deep"]);
    expect(problems[0]!.path).toMatch(/^clusters\[0\]\.addons\.kube-prometheus-stack\.values(\.a)+$/);
  });

  it("refuses a 1 MB string naming where it is, at once (did-you-mean on it took 5 s)", () => {
    const spec = baseFleet();
    spec.clusters[0].region = "x".repeat(1_000_000);
    const problems = problemsOf(spec);
    expect(problems).toEqual([expect.objectContaining({ path: "clusters[0].region", code: "spec/too-long", message: expect.stringMatching(/1,000,000 characters; at most 65,536/) })]);
  });

  it("gives no did-you-mean for a long unknown region, but still refuses it with its path", () => {
    const spec = baseFleet();
    spec.clusters[0].region = "eu-central-1".repeat(5000);
    const [p] = problemsOf(spec);
    expect(p).toMatchObject({ path: "clusters[0].region", code: "region/unknown" });
    expect(p!.message).not.toMatch(/did you mean/);
  });

  it("refuses 1,000 clusters with 1,000 junk entries each as too large, once (a million problems took 25 s)", () => {
    const spec = baseFleet();
    const junk = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`junk${i}`, i]));
    spec.clusters = Array.from({ length: 1000 }, (_, i) => ({ ...spec.clusters[0], name: `c${i}`, ...junk }));
    const problems = problemsOf(spec);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "spec/too-large" });
    expect(problems[0]!.message).toMatch(/more than 200,000 values/);
    expect(problems[0]!.path).toMatch(/^clusters\[\d+\]/); // where the count crossed the limit
  });

  it("caps the problems it reports, and says so in the last one, naming where the rest begin", () => {
    const spec = baseFleet();
    spec.clusters = Array.from({ length: 300 }, (_, i) => ({ ...spec.clusters[0], name: `c${i}`, environment: "qa" }));
    const r = parseFleetSpec(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(r.issues.at(-1)).toMatchObject({ code: "spec/too-many-problems", path: `clusters[${MAX_REPORTED_PROBLEMS}].environment` });
    expect(r.issues.at(-1)!.message).toMatch(/and 200 more problems from here on; only the first 100 are reported/);
  });

  it("caps the planner's own problems the same way", () => {
    const spec = baseFleet();
    spec.clusters = Array.from({ length: 400 }, (_, i) => ({ ...spec.clusters[0], name: `c${i}`, region: "mars-1" }));
    const problems = problemsOf(spec);
    expect(problems).toHaveLength(MAX_PLAN_PROBLEMS + 1);
    expect(problems.at(-1)).toMatchObject({ code: "plan/too-many-problems" });
    expect(problems.at(-1)!.path).toMatch(/^clusters\[\d+\]/);
  });

  it("show() echoes the start of any value without reading all of it", () => {
    expect(show(nested(100_000))).toMatch(/^\[\[\[\[\[\[\[\[…\]/);
    expect(show("y".repeat(10_000_000))).toBe(`"${"y".repeat(58)}…`);
    expect(show({ a: 1, b: [true, null], c: undefined })).toBe('{"a":1,"b":[true,null]}');
    expect(show(undefined)).toBe("nothing");
  });

  it("valuePaths walks values of any depth without recursion", () => {
    expect(valuePaths(nestedMap(20_000)).length).toBe(20_001);
    expect(valuePaths({ global: { meshID: "x", network: { a: 1 } }, b: 2 }).sort()).toEqual(["b", "global", "global.meshID", "global.network", "global.network.a"]);
    expect(fleetOwnedValuesIn("istiod", { global: { meshID: "x" } }).map((o) => o.path)).toEqual(["global.meshID"]);
  });
});

describe("messages for the usual first mistakes", () => {
  it("an empty document says it is empty, not 'got null, expected object'", () => {
    const [p] = problemsOf(null);
    expect(p).toMatchObject({ code: "spec/not-a-fleet" });
    expect(p!.message).toMatch(/a fleet spec is a mapping with at least `name` and `clusters`; got nothing \(an empty document\?\)/);
  });

  it("kubernetesVersion: 1.30 (a YAML number, read as 1.3) gets a hint to quote it", () => {
    const spec = baseFleet();
    spec.defaults = { kubernetesVersion: 1.3 as unknown as string };
    const [p] = problemsOf(spec);
    expect(p).toMatchObject({ path: "defaults.kubernetesVersion", code: "spec/type" });
    expect(p!.message).toMatch(/got the number 1\.3, expected a string: quote it \(YAML reads 1\.30 as the number 1\.3, so write "1\.30"\)/);
  });

  it.each([
    ["kubernetesVerison", "kubernetesVersion"],
    ["KubernetesVersion", "kubernetesVersion"],
    ["nodepools", "nodePools"],
    ["enviroment", "environment"],
  ])("a misspelt key %s gets 'did you mean %s'", (typo, meant) => {
    const spec = baseFleet();
    spec.clusters[1][typo] = spec.clusters[1][meant] ?? "x";
    const problems = problemsOf(spec);
    expect(problems).toContainEqual(expect.objectContaining({ path: "clusters[1]", code: "spec/unknown-field", message: expect.stringContaining(`"${typo}" (did you mean "${meant}"?)`) }));
  });

  it("a key unlike any allowed one gets no guess", () => {
    const spec = baseFleet();
    spec.clusters[1]["banana"] = 1;
    const [p] = problemsOf(spec);
    expect(p!.message).toMatch(/^unknown field "banana"; allowed:/);
  });

  it("a pinned cluster network inside ipam.reserved is refused, naming both", () => {
    const spec = baseFleet();
    spec.ipam = { reserved: ["10.20.0.0/16"] };
    spec.clusters[0].network = { cidr: "10.20.16.0/20" };
    const problems = problemsOf(spec);
    expect(problems).toContainEqual(
      expect.objectContaining({ path: "clusters[0].network.cidr", code: "network/reserved", message: expect.stringMatching(/10\.20\.16\.0\/20 overlaps the reserved range 10\.20\.0\.0\/16 \(ipam\.reserved\[0\]\)/) }),
    );
  });

  it("a reserved /4 in a /1 supernet of /28 blocks plans at once (enumerating it took 30 s, then threw)", () => {
    const spec = baseFleet();
    spec.ipam = { nodes: { supernet: "0.0.0.0/1", prefix: 28 }, pods: { supernet: "192.0.0.0/8", prefix: 18 }, reserved: ["0.0.0.0/4"] };
    spec.clusters = spec.clusters.filter((c) => c.provider !== "kubeadm"); // its pinned machines are in 10/8
    const plan = planFleet(spec, defaultCatalog);
    expect(plan.problems ?? []).toEqual([]);
    for (const c of plan.clusters) expect(Number(c.network.cidr.split(".")[0])).toBeGreaterThanOrEqual(16); // outside 0.0.0.0/4
  });

  it.each([
    ["aws", "Standard_D4s_v5", /is not an EC2 instance type \(it looks like an Azure VM size\); aws machine types look like m7i\.large/],
    ["aws", "e2-standard-4", /it looks like a Compute Engine machine type/],
    ["azure", "m7i.large", /is not an Azure VM size \(it looks like an EC2 instance type\)/],
    ["gcp", "Standard_D4s_v5", /is not a Compute Engine machine type \(it looks like an Azure VM size\)/],
  ] as const)("a %s pool with machine type %s is refused", (provider, machineType, why) => {
    expect(machineTypeMismatch(provider, machineType)).toMatch(why);
  });

  it.each([
    ["aws", ["m7i.large", "m7i-flex.2xlarge", "u-6tb1.metal", "c7gn.16xlarge", "t3.micro"]],
    ["gcp", ["e2-standard-4", "n2-custom-4-16384", "c3d-highmem-360-lssd", "f1-micro", "a3-highgpu-8g"]],
    ["azure", ["Standard_D4s_v5", "Standard_NC24ads_A100_v4", "Standard_E96-48ds_v5", "Basic_A0"]],
  ] as const)("real %s machine types are accepted", (provider, names) => {
    for (const n of names) expect(machineTypeMismatch(provider, n)).toBeUndefined();
  });

  it("names the pool (and the default) whose machine type is another cloud's", () => {
    const spec = baseFleet();
    spec.clusters[0].nodePools = [{ name: "system", machineType: "Standard_D4s_v5" }];
    spec.defaults = { kubernetesVersion: "1.35", nodePool: { machineTypes: { gcp: "m7i.large" } } };
    const problems = problemsOf(spec);
    expect(problems).toContainEqual(expect.objectContaining({ path: "clusters[0].nodePools[0].machineType", message: expect.stringMatching(/looks like an Azure VM size/) }));
    expect(problems).toContainEqual(expect.objectContaining({ path: "defaults.nodePool.machineTypes.gcp", message: expect.stringMatching(/looks like an EC2 instance type/) }));
  });
});

// The failures tools leave behind, designed out: a version bump that replaces node pools, inputs
// that change from run to run (perpetual diffs), a KMS name that could collide.
import { describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { observedFromPlan } from "../../../src/plan/observed.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { at, gkeFleet, gkeOf, planOf, renderPlan, T } from "./gke-fixtures.ts";

/** Inputs with secrets opened, so two runs compare on content. */
const open = (v: unknown): unknown =>
  v instanceof SecretValue ? { secret: open(v.value) } : Array.isArray(v) ? v.map(open) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, open(x)])) : v;

/** Dotted paths where two values differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

const gcpResources = (run: MockRun): RecordedResource[] => run.resources.filter((r) => r.type.startsWith("gcp:") || r.type === "pulumi:providers:gcp");
const physicalName = (r: RecordedResource): unknown => r.inputs["name"] ?? r.inputs["accountId"];

describe("a Kubernetes version bump on GKE (1.35, then 1.36 with 1.35 observed)", () => {
  const before = planOf(gkeFleet({ kubernetesVersion: "1.35" }));
  const after = planOf(gkeFleet({ kubernetesVersion: "1.36" }), observedFromPlan(before));

  it("is planned as an upgrade of the control plane and, after it, the pools", () => {
    expect(after.clusters[0]).toMatchObject({ action: "upgrade", currentVersion: "1.35", kubernetesVersion: "1.36" });
    expect(after.clusters[0]!.nodePools.map((p) => p.kubernetesVersion)).toEqual(["1.36", "1.36"]);
  });

  it("keeps every resource's Pulumi name, type, parent and physical name; only version fields change", async () => {
    const a = await renderPlan(before);
    const b = await renderPlan(after);
    const key = (r: RecordedResource) => `${r.type} ${r.name} <- ${r.parent}`;
    expect(b.resources.map(key).sort()).toEqual(a.resources.map(key).sort());
    const changed: Record<string, string[]> = {};
    for (const r of gcpResources(b)) {
      const old = a.resources.find((x) => x.urn === r.urn)!;
      expect(physicalName(r), r.name).toEqual(physicalName(old));
      const d = differences(open(old.inputs), open(r.inputs));
      if (d.length) changed[r.name] = d;
    }
    // Only the control plane: GKE's node auto-upgrade brings the pools to it (see node-pools.ts).
    expect(changed).toEqual({ "acme-eu-gcp-cluster": ["minMasterVersion"] });
    // In place: nothing asks the engine to replace.
    expect(b.resources.filter((r) => r.replaceOnChanges.length || r.deleteBeforeReplace)).toEqual([]);
    const g = gkeOf(b, after);
    expect(g.one(T.cluster).inputs["minMasterVersion"]).toBe("1.36");
    for (const pool of g.all(T.nodePool)) {
      expect(pool.inputs).not.toHaveProperty("version");
      expect(pool.dependsOn).toContain(g.one(T.cluster).name);
    }
    expect(g.run.componentOutputs.get(g.component.urn)!["kubernetesVersion"]).toBe("1.36");
  });
});

describe("re-rendering the same plan", () => {
  it("gives byte-identical inputs: nothing derived from the clock, randomness or unstable order", async () => {
    const plan = planOf(gkeFleet({ masterAuthorizedNetworks: ["203.0.113.0/24"] }));
    const a = await renderPlan(plan);
    const b = await renderPlan(plan);
    expect(JSON.stringify(gcpResources(b).map((r) => [r.name, open(r.inputs)]))).toBe(JSON.stringify(gcpResources(a).map((r) => [r.name, open(r.inputs)])));
    const k8s = (run: MockRun) => open(run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!.inputs);
    expect(k8s(b)).toEqual(k8s(a));
  });

  it("declares no pool version at all, so nothing fights GKE's node auto-upgrade or diffs on a patch", async () => {
    const plan = planOf(gkeFleet());
    const g = gkeOf(await renderPlan(plan), plan);
    for (const pool of g.all(T.nodePool)) expect(pool.inputs).not.toHaveProperty("version");
  });
});

describe("KMS names", () => {
  it("carry the fleet and the cluster, so two fleets or two clusters never share a key ring", async () => {
    const one = planOf(gkeFleet());
    const other = planOf({ ...gkeFleet(), name: "beta" });
    const twin = planOf({ ...gkeFleet(), clusters: [{ ...gkeFleet().clusters[0]!, name: "eu-gcp-2" }] });
    const names = [one, other, twin].map((p) => p.clusters[0]!.names);
    for (const n of names) {
      expect(n["kmsKeyRing"]).toMatch(/^(acme|beta)-eu-gcp/);
      expect(n["kmsKey"]).toMatch(/-secrets$/);
    }
    expect(new Set(names.map((n) => n["kmsKeyRing"])).size).toBe(3);
    const g = gkeOf(await renderPlan(twin), twin, "eu-gcp-2");
    expect(g.one(T.keyRing).inputs["name"]).toBe("acme-eu-gcp-2");
    expect(at(g.one(T.key), "name")).toBe("acme-eu-gcp-2-secrets");
  });
});

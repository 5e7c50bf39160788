// Versions come from the plan, and a version step changes versions only: every name and every
// immutable input stays, so AKS upgrades in place. HA facts are read back from what was rendered.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { observedFromPlan } from "../../../src/plan/observed.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { aksParts, at, azureFleet, clusterPlan, planOf, render, renderPlan, T } from "./fixtures.ts";

/** Secrets unwrapped, so that two values compare by content. */
const reveal = (v: unknown): unknown =>
  v instanceof SecretValue ? { secret: reveal(v.value) } : Array.isArray(v) ? v.map(reveal) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)])) : v;

/** Every input path where two values differ (secrets compared by content). */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (JSON.stringify(reveal(a)) === JSON.stringify(reveal(b))) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b) && !(a instanceof SecretValue) && !(b instanceof SecretValue)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

const byName = (rs: readonly RecordedResource[]) => new Map(rs.map((r) => [r.name, r]));

describe("a Kubernetes version step (1.35, then 1.36 with 1.35 observed)", () => {
  it("keeps every resource and every physical name, and changes only the versions", async () => {
    const spec = azureFleet();
    const before = planOf(spec);
    const raised = { ...spec, defaults: { kubernetesVersion: "1.36" } };
    const after = planOf(raised, observedFromPlan(before));
    expect(clusterPlan(after, "prod-ams")).toMatchObject({ action: "upgrade", currentVersion: "1.35", kubernetesVersion: "1.36" });
    expect(clusterPlan(after, "prod-ams").nodePools.map((p) => p.kubernetesVersion)).toEqual(["1.36", "1.36"]);

    const [first, second] = [await renderPlan(before), await renderPlan(after)];
    const a = byName(first.resources);
    const b = byName(second.resources);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());

    const changed: string[] = [];
    for (const [name, r] of a) {
      const s = b.get(name)!;
      expect(s.type, name).toBe(r.type);
      expect(s.parent, name).toBe(r.parent);
      for (const path of differences(r.inputs, s.inputs)) changed.push(`${r.type} ${path}`);
    }
    expect([...new Set(changed)].sort()).toEqual([`${T.pool} orchestratorVersion`, `${T.cluster} kubernetesVersion`]);

    const prod = aksParts(second, "acme-prod-ams");
    expect(prod.cluster.inputs["kubernetesVersion"]).toBe("1.36");
    expect(prod.pools.map((p) => p.inputs["orchestratorVersion"])).toEqual(["1.36", "1.36"]);
    // Pools follow the control plane: they wait for the cluster's own output.
    for (const p of prod.pools) expect(p.dependsOn).toContain(prod.cluster.name);
    // Names never carry a version, so nothing is replaced by a version step.
    for (const r of second.resources) expect(r.name, r.name).not.toMatch(/1[.-]3[56]/);
  });

  it("holds a pool at the older minor the spec asks for, never above the control plane", async () => {
    const spec = azureFleet();
    spec.clusters[0].nodePools[1].kubernetesVersion = "1.34";
    const { run } = await render(spec);
    const prod = aksParts(run, "acme-prod-ams");
    expect(prod.cluster.inputs["kubernetesVersion"]).toBe("1.35");
    expect(Object.fromEntries(prod.pools.map((p) => [at(p, "agentPoolName"), at(p, "orchestratorVersion")]))).toEqual({ general: "1.35", batch: "1.34" });
  });

  it("reports the versions AKS runs as the next run's observed state", async () => {
    const { run } = await render(azureFleet());
    const prod = aksParts(run, "acme-prod-ams");
    const outputs = run.componentOutputs.get(prod.component.urn)!;
    expect(outputs["kubernetesVersion"]).toBe("1.35");
    // The system pool is reported too (under its AKS name): the planner refuses a step AKS would refuse
    // because of it (Azure/AKS#3087: the managed-cluster API upgrades the control plane only).
    expect(outputs["nodePoolVersions"]).toEqual({ general: "1.35", batch: "1.35", fleetsys: "1.35" });
    expect(outputs["systemPoolVersion"]).toBe("1.35");
  });

  it("turns off cluster auto-upgrade, which would fight the plan, and keeps node OS images patched", async () => {
    const { run } = await render(azureFleet());
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      expect(at(aksParts(run, name).cluster, "autoUpgradeProfile")).toEqual({ upgradeChannel: "none", nodeOSUpgradeChannel: "NodeImage" });
    }
  });
});

describe("HA facts", () => {
  it("HA: Standard tier, zones 1 2 3 on the system pool and every agent pool", async () => {
    const { run, plan } = await render(azureFleet());
    const prod = aksParts(run, "acme-prod-ams");
    expect(clusterPlan(plan, "prod-ams").zones).toEqual(["1", "2", "3"]);
    expect(at(prod.cluster, "sku")).toEqual({ name: "Base", tier: "Standard" });
    expect(at(prod.cluster, "agentPoolProfiles.0.availabilityZones")).toEqual(["1", "2", "3"]);
    for (const p of prod.pools) expect(p.inputs["availabilityZones"], p.name).toEqual(["1", "2", "3"]);
    const report = buildReport(run.resources).clusters.find((c) => c.name === "acme-prod-ams")!;
    expect(report.type).toBe(TOKENS.aks);
    expect(report.ha).toEqual({ zones: ["1", "2", "3"], controlPlane: "AKS Standard tier (uptime SLA), every pool in zones 1 2 3" });
  });

  it("without HA: Free tier, no SLA, every pool in the one planned zone", async () => {
    const { run, plan } = await render(azureFleet());
    const dev = aksParts(run, "acme-dev-fra");
    expect(clusterPlan(plan, "dev-fra").zones).toEqual(["1"]);
    expect(at(dev.cluster, "sku.tier")).toBe("Free");
    expect(at(dev.cluster, "agentPoolProfiles.0.availabilityZones")).toEqual(["1"]);
    expect(dev.pools.map((p) => p.inputs["availabilityZones"])).toEqual([["1"]]);
    expect(buildReport(run.resources).clusters.find((c) => c.name === "acme-dev-fra")!.ha).toEqual({ zones: ["1"], controlPlane: "AKS Free tier (no uptime SLA), every pool in zone 1" });
  });

  it("without zones in the region: no zone on any pool, and the report says so", async () => {
    const spec = azureFleet();
    spec.clusters.push({ name: "dev-chi", provider: "azure", region: "northcentralus", jurisdiction: "us", environment: "dev", controlPlane: { ha: false }, nodePools: [{ name: "general" }] });
    const { run, plan } = await render(spec);
    expect(clusterPlan(plan, "dev-chi").zones).toEqual([]);
    const chi = aksParts(run, "acme-dev-chi");
    expect(at(chi.cluster, "agentPoolProfiles.0.availabilityZones")).toBeUndefined();
    expect(chi.pools[0]!.inputs["availabilityZones"]).toBeUndefined();
    expect(buildReport(run.resources).clusters.find((c) => c.name === "acme-dev-chi")!.ha).toEqual({ zones: [], controlPlane: "AKS Free tier (no uptime SLA), no availability zones" });
  });

  it("reports pools that do not share the cluster's zones, pool by pool", async () => {
    const spec = azureFleet();
    spec.clusters[0].nodePools[1].zones = ["1", "2"];
    const { run } = await render(spec);
    expect(buildReport(run.resources).clusters.find((c) => c.name === "acme-prod-ams")!.ha).toEqual({
      zones: ["1", "2", "3"],
      controlPlane: "AKS Standard tier (uptime SLA), pools in fleetsys: 1 2 3, general: 1 2 3, batch: 1 2",
    });
  });
});

// Charts that claim volumes (Prometheus' storageSpec, Loki's persistence) are installed only after the
// cluster's pinned StorageClasses exist and the provider's own default class is un-defaulted: a claim
// made before binds to the provider's class (kubernetes.io/docs/concepts/storage/persistent-volumes/
// #class-1: a claim without storageClassName gets the default class at creation, and the class of a
// claim cannot change afterwards), outside the sovereignty the classes pin.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { planStack, renderAddons } from "../../fixtures/addon-fleet.ts";
import { RELEASE } from "../../fixtures/addons-run.ts";
import { clusterOf } from "../../fixtures/graph.ts";

describe("volumes wait for the pinned storage classes", () => {
  let plan: FleetPlan;
  let run: MockRun;
  beforeAll(async () => {
    plan = planStack("prod-eu");
    run = await renderAddons(plan);
  });

  it("kube-prometheus-stack and Loki depend on every pinned class of their own cluster and on the un-defaulting", () => {
    const releases = run.resources.filter((r) => r.type === RELEASE && ["kube-prometheus-stack", "loki"].includes(String(r.inputs["name"])));
    expect(releases.length).toBeGreaterThanOrEqual(2 * plan.clusters.filter((c) => c.observability.logs && c.observability.metrics).length);
    for (const r of releases) {
      const cluster = clusterOf(run, r)!.name;
      const c = plan.clusters.find((x) => cluster.endsWith(`-${x.name}`))!;
      const classes = run.resources.filter((x) => x.type === "kubernetes:storage.k8s.io/v1:StorageClass" && clusterOf(run, x)?.name === cluster);
      expect(classes.map((x) => x.inputs["metadata"] && (x.inputs["metadata"] as { name: string }).name).sort(), cluster).toEqual(c.sovereignty.storageClasses.map((k) => k.name).sort());
      for (const k of classes) expect(r.dependsOnUrns, `${r.name} → ${k.name}`).toContain(k.urn);
      const undefault = run.resources.find((x) => x.type === "kubernetes:storage.k8s.io/v1:StorageClassPatch" && clusterOf(run, x)?.name === cluster);
      if (c.sovereignty.providerDefaultClass) expect(r.dependsOnUrns).toContain(undefault!.urn);
    }
  });

  it("charts that claim no volume do not wait for them", () => {
    const eso = run.resources.find((r) => r.type === RELEASE && r.inputs["name"] === "external-secrets")!;
    expect(eso.dependsOnUrns.some((u) => u.includes("StorageClass"))).toBe(false);
  });
});

// Adopted (`existing`) clusters: ClusterFleet runs add-ons on them and never creates or upgrades them,
// so the plan says so (their own phase and action), waves do not wait for them, and what
// `clusterfleet report` will fail them for is said by `plan` first.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ObservedFleet } from "../../src/plan/observed.ts";
import type { ComplianceReport } from "../../src/report/compliance.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const legacy = (extra: Record<string, unknown> = {}) => ({
  name: "legacy",
  provider: "existing",
  region: "fra-dc1",
  jurisdiction: "eu",
  environment: "prod",
  network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" },
  ...extra,
});
const STORAGE = { storage: { driver: "rbd.csi.ceph.com", parameters: { clusterID: "legacy-ceph" } } };
const VAULT = { secretsBackend: { vault: { address: "https://vault.fra-dc1.example:8200", region: "fra-dc1", mount: "kv", role: "legacy" } } };

const deployed = (v: string, pools: string[]) => ({ kubernetesVersion: v, nodePools: Object.fromEntries(pools.map((p) => [p, { kubernetesVersion: v }])) });

describe("an adopted cluster", () => {
  it("is planned as adopted, never as created", () => {
    const spec = baseFleet();
    spec.clusters.push(legacy({ ...STORAGE, ...VAULT }));
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    const c = plan.clusters.find((x) => x.name === "legacy")!;
    expect({ phase: c.phase, action: c.action, schedulable: c.schedulable, traffic: c.traffic }).toEqual({ phase: "Adopted", action: "adopt", schedulable: true, traffic: "serving" });
    expect(c.conditions.map((k) => [k.type, k.status, k.reason])).toEqual([["Adopted", "True", "AdoptedByKubeconfig"]]);
    // The cloud clusters of the same fresh fleet are still created.
    expect(plan.clusters.find((x) => x.name === "eu-aws")!.action).toBe("create");
  });

  it("is never upgraded: a newer spec version with an older deployment is a condition, not a step", () => {
    const spec = baseFleet();
    spec.defaults.kubernetesVersion = "1.35";
    spec.clusters.push(legacy({ ...STORAGE, ...VAULT }));
    const observed = { clusters: { legacy: { kubernetesVersion: "1.33" } } } as unknown as ObservedFleet;
    const c = planFleet(spec, undefined, observed, { now: NOW }).clusters.find((x) => x.name === "legacy")!;
    expect([c.phase, c.action, c.kubernetesVersion, c.currentVersion]).toEqual(["Adopted", "adopt", "1.35", "1.33"]);
    expect(c.conditions.find((k) => k.type === "VersionMatchesSpec")).toMatchObject({ status: "False", reason: "VersionDiffers" });
  });

  it("does not hold a later wave: ClusterFleet will never bring it to the target", () => {
    const spec = baseFleet();
    spec.rollout = { waves: ["canary", "prod"] };
    spec.defaults.kubernetesVersion = "1.36";
    spec.clusters = spec.clusters.filter((c) => c.name !== "eu-dc");
    for (const c of spec.clusters) c.wave = "prod";
    spec.clusters.push(legacy({ ...STORAGE, ...VAULT, wave: "canary" }));
    // Every cloud cluster at 1.35; the adopted one never reported any version.
    const observed = { clusters: { "eu-aws": deployed("1.35", ["system"]), "eu-gcp": deployed("1.35", ["system"]), "us-aws": deployed("1.35", ["system"]) } } as unknown as ObservedFleet;
    const plan = planFleet(spec, undefined, observed, { now: NOW });
    expect(plan.problems).toBeUndefined();
    for (const name of ["eu-aws", "eu-gcp", "us-aws"]) {
      const c = plan.clusters.find((x) => x.name === name)!;
      expect([name, c.action, c.conditions.map((k) => k.reason)]).toEqual([name, "upgrade", ["MinorStep"]]);
    }
  });

  it("draining and retired adopted clusters keep their lifecycle", () => {
    const spec = baseFleet();
    spec.clusters.push(legacy({ ...STORAGE, ...VAULT, lifecycle: { state: "draining" } }));
    const c = planFleet(spec, undefined, undefined, { now: NOW }).clusters.find((x) => x.name === "legacy")!;
    expect([c.phase, c.action]).toEqual(["Draining", "drain"]);
  });
});

describe("what `report` would fail an adopted cluster for, `plan` says first", () => {
  async function planAndReport(extra: Record<string, unknown>) {
    const spec = baseFleet();
    spec.clusters.push(legacy(extra));
    const file = join(mkdtempSync(join(tmpdir(), "clusterfleet-")), "Pulumi.adopt.yaml");
    writeFileSync(file, stringify({ config: { "clusterfleet:fleet": spec } }));
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await main(argv, { out: (s) => out.push(s), err: (s) => out.push(s), now: () => NOW });
      return { code, out: out.join("\n") };
    };
    return { plan: await run("plan", file), report: await run("report", file, "--json") };
  }

  it.each([
    ["neither storage nor a secrets backend", {}, [/no storage classes pinned/, /no secrets backend/]],
    ["no storage", VAULT, [/no storage classes pinned/]],
    ["no secrets backend", STORAGE, [/no secrets backend/]],
    ["both", { ...STORAGE, ...VAULT }, []],
  ])("%s", async (_, extra, says) => {
    const { plan, report } = await planAndReport(extra);
    expect(plan.code).toBe(0);
    const legacyLine = plan.out.split("\n").find((l) => l.startsWith("  - legacy: ")) ?? "";
    for (const re of says) expect(legacyLine).toMatch(re);
    expect(plan.out.includes("`clusterfleet report` will fail")).toBe(says.length > 0);
    // The report agrees: it fails the cluster exactly when the plan said it would, for the same reasons.
    const verdict = (JSON.parse(report.out) as ComplianceReport).clusters.find((c) => c.cluster === "legacy")!;
    expect(verdict.verdict).toBe(says.length ? "fail" : "pass");
    expect(report.code).toBe(says.length ? 1 : 0);
    for (const p of verdict.problems) expect(legacyLine).toContain(p);
  }, 120_000);
});

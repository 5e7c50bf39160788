import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { baseFleet, NOW, ROOT } from "../fixtures/fleets.ts";

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("clusterfleet plan", () => {
  it("prints a table of clusters and links for a shipped stack", async () => {
    const r = await cli("plan", "--stack", "global");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Fleet acme: 11 clusters, 9 links/);
    expect(r.out).toMatch(/│ eu-aws-fra\s+│ aws\s+│ eu-central-1\s+│ a b c\s+│ 10\.\d+\.\d+\.0\/20/);
    expect(r.out).toMatch(/us-aws-pdx-legacy .*Retiring\/drain/);
    expect(r.out).toMatch(/us-aws-pdx-legacy: decommissionAfter 2026-10-31 has passed; `clusterfleet decommission` removes it/);
    expect(r.out).toMatch(/│ ap-gcp-tyo\s+│ us-aws-iad\s+│ ipsec-vpn\s+│ hub-hub/);
    expect(r.err).toBe("");
  });

  it("prints the FleetPlan as JSON with --json", async () => {
    const r = await cli("plan", "--stack", "prod-eu", "--json");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as FleetPlan;
    expect(plan.kind).toBe("FleetPlan");
    expect(plan.clusters.map((c) => c.name)).toEqual(["eu-aws-fra", "eu-azure-fra", "eu-gcp-fra", "eu-onprem-fra"]);
    for (const c of plan.clusters) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["name", "provider", "region", "zones", "jurisdiction", "environment", "wave", "network", "controlPlane", "kubernetesVersion", "phase", "action"]));
    }
    expect(plan.peerings[0]).toEqual(expect.objectContaining({ from: expect.any(String), to: expect.any(String), kind: expect.any(String) }));
    expect("problems" in plan).toBe(false);
  });

  it("reads a plain fleet file and honours --now", async () => {
    const spec = baseFleet();
    spec.clusters[0].lifecycle = { state: "retired", decommissionAfter: "2027-03-01" };
    const file = tempFile("fleet.yaml", stringify(spec));
    const before = JSON.parse((await cli("plan", file, "--json", "--now", "2027-02-28")).out) as FleetPlan;
    const after = JSON.parse((await cli("plan", file, "--json", "--now", "2027-03-01T00:00:00Z")).out) as FleetPlan;
    const reason = (p: FleetPlan) => p.clusters.find((c) => c.name === "eu-aws")!.conditions.find((k) => k.type === "DecommissionDue")!.reason;
    expect(reason(before)).toBe("Scheduled");
    expect(reason(after)).toBe("AwaitingDecommissionJob");
  });

  it("plans against --observed: an earlier plan's output keeps networks and steps versions", async () => {
    const spec = baseFleet();
    spec.defaults.kubernetesVersion = "1.36";
    const first = tempFile("fleet.yaml", stringify({ ...baseFleet(), defaults: { kubernetesVersion: "1.35" } }));
    const earlier = (await cli("plan", first, "--json")).out;
    const observed = tempFile("observed.json", earlier);
    const next = JSON.parse((await cli("plan", tempFile("fleet.yaml", stringify(spec)), "--json", "--observed", observed)).out) as FleetPlan;
    expect(next.clusters.filter((c) => c.provider !== "kubeadm").every((c) => c.action === "upgrade" && c.currentVersion === "1.35")).toBe(true);
    expect(next.clusters.map((c) => c.network.cidr)).toEqual((JSON.parse(earlier) as FleetPlan).clusters.map((c) => c.network.cidr));
  });

  it("shows each cluster's version now, after the next run, its target and why it waits", async () => {
    const spec = baseFleet();
    spec.rollout = { waves: ["canary", "prod"] };
    spec.clusters[0].wave = "canary";
    spec.defaults.kubernetesVersion = "1.36";
    const deployed = (v: string) => ({ kubernetesVersion: v, nodePools: { system: { kubernetesVersion: v }, workers: { kubernetesVersion: v } } });
    const observed = tempFile("observed.json", JSON.stringify({ clusters: { "eu-aws": deployed("1.34"), "eu-gcp": deployed("1.35"), "eu-dc": deployed("1.36"), "us-aws": deployed("1.35") } }));
    const r = await cli("plan", tempFile("fleet.yaml", stringify(spec)), "--observed", observed);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ eu-aws\s+│ aws .*│ 1\.34 → 1\.35\s+│ 1\.36\s+│ canary\s+│ Upgrading\/upgrade/);
    expect(r.out).toMatch(/│ eu-gcp\s+│ gcp .*│ 1\.35\s+│ 1\.36\s+│ prod\s+│ Provisioned\/keep/);
    expect(r.out).toMatch(/eu-aws: 1\.34 → 1\.35 \(target 1\.36: 1 more run after this one\)/);
    expect(r.out).toMatch(/eu-gcp: waits for wave canary to finish: eu-aws at 1\.34, target 1\.36/);
  });

  it("lists every problem and exits 1 on an invalid spec", async () => {
    const spec = baseFleet();
    spec.clusters[1].name = "eu-aws";
    spec.clusters[2].controlPlane.replicas = 2;
    const r = await cli("plan", tempFile("bad.yaml", stringify(spec)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2 problems/);
    expect(r.err).toMatch(/- clusters\[1\]\.name: "eu-aws" is also the name of clusters\[0\].*\[cluster\/duplicate-name\]/);
    expect(r.err).toMatch(/- clusters\[2\]\.controlPlane\.replicas: got 2.*\[controlPlane\/even-replicas\]/);
    expect(r.out).toBe("");
  });

  it.each([
    [["plan", "--stack", "nope"], 1, /Pulumi\.nope\.yaml does not exist/],
    [["plan", "/no/such/file.yaml"], 1, /cannot read \(ENOENT\)/],
    [["plan"], 2, /give --stack NAME or a FILE/],
    [["plan", "--stack", "dev", "--now", "yesterday"], 2, /--now: got "yesterday"/],
    [["plan", "--bogus"], 2, /unknown option '--bogus'/],
  ])("%j exits %i with a clear message", async (argv, code, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });

  it("refuses a file that is not YAML", async () => {
    const r = await cli("plan", tempFile("broken.yaml", "clusters: [a, b\nname: x: y"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not valid YAML or JSON/);
  });
});

describe("clusterfleet schema", () => {
  it("prints the fleet spec's JSON Schema", async () => {
    const r = await cli("schema");
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.properties.clusters.type).toBe("array");
  });
});

describe("the installed command", () => {
  it("exits non-zero with the problem list and no stack trace", () => {
    const spec = baseFleet();
    spec.clusters[0].region = "mars-north-1";
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "clusterfleet.js"), "plan", tempFile("bad.yaml", stringify(spec))], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/clusters\[0\]\.region: "mars-north-1" is not an AWS region/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

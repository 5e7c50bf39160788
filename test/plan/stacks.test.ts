// The shipped stacks, planned: what each promises its readers.
import { describe, expect, it } from "vitest";
import { defaultCatalog, EU_COUNTRIES } from "../../src/catalog/catalog.ts";
import { jurisdictionsMayPeer } from "../../src/plan/peering.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { parseFleetSpec } from "../../src/spec/parse.ts";
import { NOW, STACKS, stackFile } from "../fixtures/fleets.ts";

const planStack = (stack: (typeof STACKS)[number]) => planFleet(stackFile(stack).spec, defaultCatalog, undefined, { now: NOW });

describe.each(STACKS)("stack %s", (stack) => {
  const plan = planStack(stack);
  it("plans without problems", () => {
    expect(plan.problems).toBeUndefined();
    expect(plan.clusters.length).toBeGreaterThan(0);
  });
  it("gives every HA cluster three zones and every cluster its fleet labels", () => {
    for (const c of plan.clusters) {
      if (c.controlPlane.ha) expect(new Set(c.zones).size, c.name).toBeGreaterThanOrEqual(3);
      expect(c.labels).toMatchObject({ fleet: plan.fleet, cluster: c.name, region: c.region, jurisdiction: c.jurisdiction, environment: c.environment, "managed-by": "clusterfleet" });
    }
  });
});

describe("stack dev", () => {
  it("is one small non-HA cluster", () => {
    const [c, ...rest] = planStack("dev").clusters;
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ provider: "aws", controlPlane: { ha: false }, action: "create" });
    expect(c!.zones).toHaveLength(2); // EKS needs two subnets' zones even without HA
  });
});

describe("stack prod-eu", () => {
  const plan = planStack("prod-eu");
  it("is EU-sovereign: AWS, GCP, Azure and an on-prem kubeadm site, all in EU countries", () => {
    expect(new Set(plan.clusters.map((c) => c.provider))).toEqual(new Set(["aws", "gcp", "azure", "kubeadm"]));
    for (const c of plan.clusters) expect(EU_COUNTRIES as readonly string[]).toContain(c.country);
  });
  it("runs a 3-replica kubeadm control plane over the site's three halls", () => {
    const onprem = plan.clusters.find((c) => c.provider === "kubeadm")!;
    expect(onprem.controlPlane).toEqual({ ha: true, replicas: 3 });
    expect(onprem.zones).toEqual(["hall-a", "hall-b", "hall-c"]);
  });
  it("keeps clear of the reserved corporate range", () => {
    for (const c of plan.clusters) expect(c.network.cidr.startsWith("10.64.")).toBe(false);
  });
});

describe("stack global", () => {
  const plan = planStack("global");
  const spec = parseFleetSpec(stackFile("global").spec);
  if (!spec.ok) throw new Error("global stack does not parse");
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));

  it("has at least 9 clusters over 3 clouds and 3 jurisdictions, in waves dev, canary, prod", () => {
    expect(plan.clusters.length).toBeGreaterThanOrEqual(9);
    expect(new Set(plan.clusters.map((c) => c.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
    expect(new Set(plan.clusters.map((c) => c.jurisdiction)).size).toBe(3);
    expect(plan.waves.map((w) => w.name)).toEqual(["dev", "canary", "prod"]);
    for (const w of plan.waves) expect(w.clusters.length, w.name).toBeGreaterThan(0);
  });

  it("keeps its retired, due cluster drained until the decommission job approves its destruction", () => {
    const retired = plan.clusters.filter((c) => c.lifecycle.state === "retired");
    expect(retired).toHaveLength(1);
    const name = retired[0]!.name;
    expect(retired[0]).toMatchObject({ action: "drain", phase: "Retiring", traffic: "drained", schedulable: false });
    // Its links stay (it still runs) but carry no mesh discovery.
    const links = plan.peerings.filter((p) => p.from === name || p.to === name);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((p) => !p.discovery)).toBe(true);
    const approved = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: NOW, decommission: [name] });
    expect(approved.clusters.find((c) => c.name === name)).toMatchObject({ action: "destroy", phase: "Deleting", addons: [] });
    expect(approved.peerings.some((p) => p.from === name || p.to === name)).toBe(false);
    const before = planFleet(stackFile("global").spec, defaultCatalog, undefined, { now: new Date("2026-10-30T12:00:00Z"), decommission: [name] });
    expect(before.clusters.find((c) => c.name === name)).toMatchObject({ action: "drain", phase: "Retiring" });
  });

  it("has no link between clusters whose jurisdictions forbid it", () => {
    expect(plan.peerings.length).toBeGreaterThan(0);
    for (const p of plan.peerings) {
      const a = byName.get(p.from)!;
      const b = byName.get(p.to)!;
      expect(jurisdictionsMayPeer(spec.value.jurisdictions, a.jurisdiction, b.jurisdiction), `${p.from} (${a.jurisdiction}) - ${p.to} (${b.jurisdiction})`).toBe(true);
    }
    const eu = plan.peerings.filter((p) => byName.get(p.from)!.jurisdiction === "eu" || byName.get(p.to)!.jurisdiction === "eu");
    for (const p of eu) expect([byName.get(p.from)!.jurisdiction, byName.get(p.to)!.jurisdiction]).toEqual(["eu", "eu"]);
    expect(plan.peerings.some((p) => new Set([byName.get(p.from)!.jurisdiction, byName.get(p.to)!.jurisdiction]).size === 2)).toBe(true); // us-apac
  });

  it("keeps hub-spoke links linear: each spoke to one hub, plus hub-hub links", () => {
    const live = plan.clusters.filter((c) => c.action !== "destroy");
    const hubs = ["eu-aws-fra", "us-aws-iad", "ap-gcp-tyo"];
    expect(plan.peerings.filter((p) => p.reason === "hub-spoke")).toHaveLength(live.length - hubs.length);
    for (const c of live.filter((c) => !hubs.includes(c.name))) {
      const links = plan.peerings.filter((p) => p.from === c.name || p.to === c.name);
      expect(links, c.name).toHaveLength(1);
    }
  });

  it("assigns the right link kind to each pair", () => {
    const kind = (a: string, b: string) => plan.peerings.find((p) => (p.from === a && p.to === b) || (p.from === b && p.to === a))?.kind;
    expect(kind("eu-aws-dub-dev", "eu-aws-fra")).toBe("aws-transit-gateway");
    expect(kind("eu-aws-fra", "eu-gcp-bru")).toBe("ipsec-vpn");
    expect(kind("ap-gcp-tyo", "us-aws-iad")).toBe("ipsec-vpn");
  });
});

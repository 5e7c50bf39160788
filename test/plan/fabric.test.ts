// The fabric as planned: ASNs and tunnel /30s from the plan's pools, never colliding, stable by name
// and kept from the previous deployment; on-prem gateways checked; links only where jurisdictions allow.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RESERVED_FLEET_ASNS } from "../../src/catalog/bgp.ts";
import { allocateAsns } from "../../src/plan/asns.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { jurisdictionsMayPeer } from "../../src/plan/peering.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { allocateTunnels, TUNNEL_POOLS } from "../../src/plan/tunnels.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { spanOf, overlaps } from "../../src/plan/ipam.ts";
import { baseFleet, NOW, stackFile } from "../fixtures/fleets.ts";

const PLACES = [
  { provider: "aws", region: "eu-central-1" },
  { provider: "aws", region: "eu-west-1" },
  { provider: "gcp", region: "europe-west3", gcp: { project: "acme-eu-prod" } },
  { provider: "gcp", region: "europe-west1", gcp: { project: "acme-eu-prod" } },
  { provider: "azure", region: "westeurope" },
  { provider: "azure", region: "germanywestcentral" },
] as const;

/** A random EU fleet: clusters on the three clouds, maybe an on-prem site with its gateway, mesh or hub-spoke. */
function randomFleet(picks: number[], names: string[], hubSpoke: boolean, onPrem: boolean) {
  const spec = baseFleet();
  spec.jurisdictions["eu"].regions = { aws: ["eu-central-1", "eu-west-1"], gcp: ["europe-west3", "europe-west1"], azure: ["westeurope", "germanywestcentral"] };
  const dc = spec.clusters.find((c) => c.name === "eu-dc");
  spec.clusters = [
    ...picks.map((p, i) => ({ name: names[i], ...PLACES[p % PLACES.length]!, jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }] })),
    ...(onPrem ? [dc!] : []),
  ] as typeof spec.clusters;
  spec.peering = hubSpoke ? { topology: "hub-spoke", hub: names[0] } : { topology: "mesh" };
  return spec;
}

/** Every invariant of a planned fabric that tests below and the property test rely on. */
function checkFabric(plan: FleetPlan): void {
  expect(plan.problems).toBeUndefined();
  const f = plan.fabric!;
  // ASNs: distinct, private, none reserved; the on-prem ones are the declared ones.
  const asns = Object.entries(f.asns);
  expect(new Set(asns.map(([, a]) => a.asn)).size).toBe(asns.length);
  for (const [device, a] of asns) {
    if (a.origin === "declared") expect(device.startsWith("onprem:")).toBe(true);
    else {
      expect(a.asn).toBeGreaterThanOrEqual(64512);
      expect(a.asn).toBeLessThanOrEqual(65534);
      expect(RESERVED_FLEET_ASNS).not.toContain(a.asn);
    }
  }
  // Tunnels: /30s from the right pool, unique per device (AWS ends: per link), ends' ASNs from the plan.
  const perDevice = new Map<string, string[]>();
  for (const l of f.links.filter((x) => x.vpn)) {
    const v = l.vpn!;
    const azure = v.from.side === "azure" || v.to.side === "azure";
    expect(v.tunnels.length).toBeGreaterThan(0);
    for (const end of [v.from, v.to]) {
      expect(end.asn).toBe(f.asns[end.device]!.asn);
      const scope = end.side === "aws" ? `${end.device}/${l.key}` : end.device;
      perDevice.set(scope, [...(perDevice.get(scope) ?? []), ...v.tunnels.map((t) => t.insideCidr)]);
    }
    for (const t of v.tunnels) {
      expect(t.insideCidr).toMatch(/^169\.254\.\d+\.\d+\/30$/);
      if (azure) expect(t.insideCidr).toMatch(/^169\.254\.2[12]\./);
      else expect(t.insideCidr).not.toMatch(/^169\.254\.(2[12]|[0-7]|169)\./);
      const span = spanOf(t.insideCidr);
      for (const ip of [t.from.insideIp, t.to.insideIp]) expect(overlaps(spanOf(`${ip}/32`), span)).toBe(true);
      expect(t.from.insideIp).not.toBe(t.to.insideIp);
    }
  }
  for (const [device, cidrs] of perDevice) expect(new Set(cidrs).size, device).toBe(cidrs.length);
  // Azure gateway subnets: /27s outside every cluster network and each other.
  const nets = plan.clusters.flatMap((c) => [c.network.cidr, c.network.podCidr, c.network.serviceCidr]);
  const gws = Object.values(f.gatewaySubnets).map((g) => g.cidr);
  for (const g of gws) for (const n of [...nets, ...gws.filter((x) => x !== g)]) expect(overlaps(spanOf(g), spanOf(n)), `${g} / ${n}`).toBe(false);
}

describe("the fabric plan", () => {
  it("gives every link of prod-eu what building it needs, and every VPN its tunnels", () => {
    const plan = planFleet(stackFile("prod-eu").spec, undefined, undefined, { now: NOW });
    checkFabric(plan);
    const f = plan.fabric!;
    expect(f.links.map((l) => [l.key, l.kind, l.vpn?.tunnels.length])).toEqual([
      ["eu-aws-fra--eu-azure-fra", "ipsec-vpn", 4],
      ["eu-aws-fra--eu-gcp-fra", "ipsec-vpn", 4],
      ["eu-aws-fra--eu-onprem-fra", "ipsec-vpn", 2],
      ["eu-azure-fra--eu-gcp-fra", "ipsec-vpn", 2],
      ["eu-azure-fra--eu-onprem-fra", "ipsec-vpn", 2],
      ["eu-gcp-fra--eu-onprem-fra", "ipsec-vpn", 2],
    ]);
    expect(f.asns["onprem:eu-onprem-fra"]).toEqual({ asn: 65010, origin: "declared" });
    expect(f.transitGateways.map((t) => [t.site, t.clusters])).toEqual([["eu-central-1", ["eu-aws-fra"]]]);
    expect(Object.keys(f.gatewaySubnets)).toEqual(["eu-azure-fra"]);
    expect(plan.clusters.find((c) => c.name === "eu-azure-fra")!.network.gatewaySubnet).toBe(f.gatewaySubnets["eu-azure-fra"]!.cidr);
    // The on-prem end routes the gateway's declared prefixes.
    expect(f.links.find((l) => l.to === "eu-onprem-fra")!.toCidrs).toEqual(["10.77.48.0/20"]);
  });

  // What really flows: AKS's overlay pods leave through their node's address ("Communication with
  // endpoints outside the cluster ... happens using the node IP through NAT",
  // https://learn.microsoft.com/azure/aks/azure-cni-overlay), so peers route to and admit from its node
  // range only; EKS (external SNAT) and GKE (VPC-native) pods keep routable addresses.
  it("routes to and admits from an AKS cluster its node range only, an EKS or GKE cluster its nodes and pods", () => {
    const plan = planFleet(stackFile("prod-eu").spec, undefined, undefined, { now: NOW });
    const net = (n: string) => plan.clusters.find((c) => c.name === n)!.network;
    const cidrsOf = (n: string) => plan.fabric!.links.flatMap((l) => (l.from === n ? [l.fromCidrs] : l.to === n ? [l.toCidrs] : []));
    for (const c of cidrsOf("eu-azure-fra")) expect(c).toEqual([net("eu-azure-fra").cidr]);
    for (const name of ["eu-aws-fra", "eu-gcp-fra"]) for (const c of cidrsOf(name)) expect(c).toEqual([net(name).cidr, net(name).podCidr]);
    for (const r of plan.fabric!.firewall.filter((x) => x.peer === "eu-azure-fra")) expect(r.sources).toEqual([net("eu-azure-fra").cidr]);
  });

  it("opens only the mesh's ports from peer CIDRs, and the API only where peering.kubernetesApi asks", () => {
    const spec = stackFile("prod-eu").spec as ReturnType<typeof baseFleet>;
    const without = planFleet(spec, undefined, undefined, { now: NOW }).fabric!;
    for (const r of without.firewall) {
      expect(r.ports.map((p) => p.port)).toEqual([15443, 15012, 15017]);
      const link = without.links.find((l) => l.key === r.link)!;
      expect(r.sources).toEqual(link.from === r.peer ? link.fromCidrs : link.toCidrs);
      expect(r.sources).not.toContain("0.0.0.0/0");
    }
    expect(without.firewall).toHaveLength(12); // 6 links, both directions
    const withApi = planFleet({ ...spec, peering: { ...spec.peering, kubernetesApi: true } }, undefined, undefined, { now: NOW }).fabric!;
    const api = withApi.firewall.map((r) => [r.cluster, r.ports.find((p) => p.target === "api")?.port]);
    expect(new Set(api.map(([c, p]) => `${c}:${p}`))).toEqual(new Set(["eu-aws-fra:443", "eu-azure-fra:443", "eu-gcp-fra:443", "eu-onprem-fra:6443"]));
    const linkerd = planFleet({ ...spec, defaults: { ...spec.defaults, mesh: "linkerd" } }, undefined, undefined, { now: NOW }).fabric!;
    expect(new Set(linkerd.firewall.flatMap((r) => r.ports.map((p) => p.port)))).toEqual(new Set([4143, 4191]));
    const none = planFleet({ ...spec, defaults: { ...spec.defaults, mesh: "none" } }, undefined, undefined, { now: NOW }).fabric!;
    expect(none.firewall).toEqual([]);
  });

  it("links no two clusters whose jurisdictions forbid it on the shipped global stack", () => {
    const spec = stackFile("global").spec as { jurisdictions: Record<string, { mayPeerWith?: string[] }> };
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    const juris = Object.fromEntries(Object.entries(spec.jurisdictions).map(([k, v]) => [k, { mayPeerWith: v.mayPeerWith ?? [] }])) as never;
    const of = new Map(plan.clusters.map((c) => [c.name, c.jurisdiction]));
    expect(plan.fabric!.links.length).toBe(9);
    for (const l of [...plan.peerings, ...plan.fabric!.links]) expect(jurisdictionsMayPeer(juris, of.get(l.from)!, of.get(l.to)!), `${l.from}–${l.to}`).toBe(true);
    // The EU is isolated: no link, firewall rule or tunnel joins an EU cluster to one elsewhere.
    const eu = (n: string) => of.get(n) === "eu";
    for (const l of plan.fabric!.links) expect(eu(l.from)).toBe(eu(l.to));
    for (const r of plan.fabric!.firewall) expect(eu(r.cluster)).toBe(eu(r.peer));
    checkFabric(plan);
  });

  it("keeps every ASN, tunnel /30 and gateway subnet when clusters are added (with observed state)", () => {
    const first = planFleet(stackFile("prod-eu").spec, undefined, undefined, { now: NOW });
    const spec = structuredClone(stackFile("prod-eu").spec) as ReturnType<typeof baseFleet>;
    spec.jurisdictions["eu"].regions.gcp.push("europe-west1");
    spec.jurisdictions["eu"].regions.azure.push("westeurope");
    spec.clusters.push(
      { name: "eu-gcp-bru", provider: "gcp", region: "europe-west1", jurisdiction: "eu", environment: "prod", gcp: { project: "acme-eu-prod" } },
      { name: "eu-azure-ams", provider: "azure", region: "westeurope", jurisdiction: "eu", environment: "prod" },
    );
    const second = planFleet(spec, undefined, observedFromPlan(first), { now: NOW });
    checkFabric(second);
    const a = first.fabric!;
    const b = second.fabric!;
    for (const [device, asn] of Object.entries(a.asns)) expect(b.asns[device]!.asn, device).toBe(asn.asn);
    for (const l of a.links) expect(b.links.find((x) => x.key === l.key)!.vpn!.tunnels.map((t) => [t.insideCidr, t.origin])).toEqual(l.vpn!.tunnels.map((t) => [t.insideCidr, "observed"]));
    expect(b.gatewaySubnets["eu-azure-fra"]).toEqual({ cidr: a.gatewaySubnets["eu-azure-fra"]!.cidr, origin: "observed" });
    expect(b.links.length).toBeGreaterThan(a.links.length);
  });

  it("never collides ASNs or /30s over random fleets (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{2,8}$/), { minLength: 2, maxLength: 9 }),
        fc.array(fc.nat(5), { minLength: 9, maxLength: 9 }),
        fc.boolean(),
        fc.boolean(),
        (names, picks, hubSpoke, onPrem) => {
          const usable = names.filter((n) => n !== "eu-dc");
          const plan = planFleet(randomFleet(picks.slice(0, usable.length), usable, hubSpoke, onPrem), undefined, undefined, { now: NOW });
          checkFabric(plan);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("fabric validation", () => {
  const prodEu = () => structuredClone(stackFile("prod-eu").spec) as ReturnType<typeof baseFleet>;
  const gateway = (spec: ReturnType<typeof baseFleet>) => spec.clusters.find((c) => c.provider === "kubeadm")!.kubeadm.gateway as { asn: number };

  it("refuses an on-prem ASN that a deployed fleet device holds, naming the path, the value and the device", () => {
    const first = planFleet(prodEu(), undefined, undefined, { now: NOW });
    const taken = first.fabric!.asns["gcp:eu-gcp-fra"]!.asn;
    const spec = prodEu();
    gateway(spec).asn = taken;
    const plan = planFleet(spec, undefined, observedFromPlan(first), { now: NOW });
    expect(plan.problems?.map((p) => [p.path, p.code])).toEqual([["clusters[3].kubeadm.gateway.asn", "fabric/asn-collision"]]);
    expect(plan.problems![0]!.message).toContain(`${taken} is the deployed ASN of gcp:eu-gcp-fra`);
  });

  it("refuses gateway prefixes that overlap another cluster's or miss the site's nodes, a private public IP and a reserved ASN", () => {
    const spec = prodEu();
    const aws = planFleet(prodEu(), undefined, undefined, { now: NOW }).clusters.find((c) => c.name === "eu-aws-fra")!;
    Object.assign(gateway(spec)!, { publicIp: "10.1.2.3", asn: 65515, cidrs: ["10.77.48.0/21", aws.network.podCidr] });
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    expect(plan.problems?.map((p) => [p.path, p.code]).sort()).toEqual(
      [
        ["clusters[3].kubeadm.gateway.publicIp", "fabric/gateway-not-public"],
        ["clusters[3].kubeadm.gateway.cidrs", "fabric/gateway-misses-nodes"],
        ["clusters[3].kubeadm.gateway.asn", "fabric/asn-reserved"],
        ["clusters[3].kubeadm.gateway.cidrs[1]", "fabric/gateway-cidr-overlap"],
      ].sort(),
    );
    expect(plan.problems!.find((p) => p.code === "fabric/gateway-cidr-overlap")!.message).toContain(`cluster "eu-aws-fra" (podCidr)`);
  });

  it("leaves a site without a declared gateway unmanaged, and says so", () => {
    const spec = prodEu();
    delete spec.clusters.find((c) => c.provider === "kubeadm")!.kubeadm.gateway;
    const plan = planFleet(spec, undefined, undefined, { now: NOW });
    expect(plan.peerings.filter((p) => p.to === "eu-onprem-fra").map((p) => p.kind)).toEqual(["unmanaged", "unmanaged", "unmanaged"]);
    expect(plan.fabric!.links.some((l) => l.to === "eu-onprem-fra")).toBe(false);
    expect(plan.warnings?.map((w) => [w.path, w.code])).toEqual([["clusters[3].kubeadm.gateway", "peering/onprem-unmanaged"]]);
  });

  it("reports exhausted pools with the device that ran out", () => {
    // 33 links of 4 tunnels to one Azure gateway need 132 /30s; Azure's APIPA range holds 128.
    const requests = Array.from({ length: 33 }, (_, i) => ({ link: `l${String(i).padStart(2, "0")}`, devices: ["azure:hub", `gcp:s${i}`] as const, count: 4, pool: "azure" as const }));
    expect(TUNNEL_POOLS.azure).toHaveLength(128);
    const got = allocateTunnels(requests);
    expect(got.cidrs.size).toBe(32);
    expect(got.exhausted).toEqual([{ link: "l32", device: "azure:hub", pool: "azure" }]);
    const asns = allocateAsns([{ device: "a" }, { device: "b" }, { device: "c" }], new Set([64513]), [64513, 64514, 64515]);
    expect(asns.unplaced).toHaveLength(1);
    expect([...asns.asns.values()].map((a) => a.asn).sort()).toEqual([64514, 64515]);
  });

  it("refuses a full mesh over more than 12 clusters and suggests hub-spoke", () => {
    const names = Array.from({ length: 13 }, (_, i) => `c${i}x`);
    const plan = planFleet(randomFleet(names.map((_, i) => i), names, false, false), undefined, undefined, { now: NOW });
    expect(plan.problems?.map((p) => p.code)).toEqual(["peering/mesh-too-large"]);
    expect(plan.problems![0]!.message).toMatch(/use topology: hub-spoke/);
  });
});

// The network fabric under Pulumi mocks: each link kind creates both directions and nothing else,
// from the plan's CIDRs, ASNs and /30s; every pre-shared key stays secret; firewall rules come from
// peer CIDRs only; and on the shipped global stack no fabric resource joins forbidding jurisdictions.
import { beforeAll, describe, expect, it } from "vitest";
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { plainStringsIn, SecretValue } from "../../../src/preview/wire-values.ts";
import { jurisdictionsMayPeer } from "../../../src/plan/peering.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { baseFleet, NOW, stackFile } from "../../fixtures/fleets.ts";
import { crossClusterDependencies, ofType, subtree } from "../../fixtures/graph.ts";
import { runStack } from "../../fixtures/run-stack.ts";

type Spec = ReturnType<typeof baseFleet>;
const dc = (): Spec["clusters"][number] => baseFleet().clusters.find((c) => c.name === "eu-dc")!;
const C = {
  awsFra: { name: "a-fra", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod" },
  awsDub: { name: "a-dub", provider: "aws", region: "eu-west-1", jurisdiction: "eu", environment: "prod" },
  gcpFra: { name: "g-fra", provider: "gcp", region: "europe-west3", jurisdiction: "eu", environment: "prod", gcp: { project: "acme-eu-prod" } },
  gcpBru: { name: "g-bru", provider: "gcp", region: "europe-west1", jurisdiction: "eu", environment: "prod", gcp: { project: "acme-eu-prod" } },
  azAms: { name: "z-ams", provider: "azure", region: "westeurope", jurisdiction: "eu", environment: "prod" },
  azFra: { name: "z-fra", provider: "azure", region: "germanywestcentral", jurisdiction: "eu", environment: "prod" },
};

function pair(a: Spec["clusters"][number], b: Spec["clusters"][number], topology: "mesh" | "hub-spoke" = "mesh"): Spec {
  const spec = baseFleet();
  spec.jurisdictions["eu"].regions = { aws: ["eu-central-1", "eu-west-1"], gcp: ["europe-west3", "europe-west1"], azure: ["westeurope", "germanywestcentral"] };
  spec.clusters = [a, b];
  spec.peering = topology === "hub-spoke" ? { topology, hub: (a as { name: string }).name } : { topology };
  return spec;
}

async function render(spec: Spec): Promise<{ run: MockRun; fabric: RecordedResource[]; fleet: ClusterFleet }> {
  let fleet: ClusterFleet | undefined;
  const run = await runUnderMocks(
    async () => {
      fleet = new ClusterFleet("acme", { spec, now: NOW, sshPrivateKeys: { "eu-dc": "-----BEGIN OPENSSH PRIVATE KEY-----\nmock\n-----END OPENSSH PRIVATE KEY-----\n" } });
    },
    { project: "clusterfleet", stack: "fabric", config: {} },
  );
  const root = ofType(run, TOKENS.fabric)[0]!;
  return { run, fabric: subtree(run, root), fleet: fleet! };
}

const countTypes = (rs: readonly RecordedResource[]) => {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.type.replace(/^.*:/, "")] = (out[r.type.replace(/^.*:/, "")] ?? 0) + 1;
  return out;
};
const planOf = (fleet: ClusterFleet): FleetPlan => fleet.plan;

// AWS ends of a VPN: the site's transit gateway, the cluster's attachment and table, the link's table
// (advertise the VPC, learn from each connection), a customer gateway and connection per peer address,
// and the VPC's routes (3 zones × the peer's 2 CIDRs).
const awsVpn = (connections: number, peerCidrs = 2) => ({
  aws: 1, // the site's own provider (pulumi:providers:aws)
  TransitGateway: 1,
  VpcAttachment: 1,
  RouteTable: 2,
  RouteTableAssociation: 1 + connections,
  RouteTablePropagation: 1 + connections,
  CustomerGateway: connections,
  VpnConnection: connections,
  Route: 3 * peerCidrs,
});
const gcpVpn = (tunnels: number) => ({ HaVpnGateway: 1, Router: 1, ExternalVpnGateway: 1, VPNTunnel: tunnels, RouterInterface: tunnels, RouterPeer: tunnels, RouterRoutePolicy: 1 });
const azureVpn = (lngs: number) => ({ Subnet: 1, PublicIPAddress: 2, VirtualNetworkGateway: 1, LocalNetworkGateway: lngs, VirtualNetworkGatewayConnection: lngs, SecurityRule: 1 });

const CASES: [string, () => Spec, Record<string, number>][] = [
  ["aws-vpc-peering (cross-region)", () => pair(C.awsFra, C.awsDub), { VpcPeeringConnection: 1, VpcPeeringConnectionAccepter: 1, Route: 12 }],
  [
    "aws-transit-gateway (two regions: a gateway each, peered)",
    () => pair(C.awsFra, C.awsDub, "hub-spoke"),
    { aws: 2, TransitGateway: 2, VpcAttachment: 2, RouteTable: 4, RouteTableAssociation: 4, PeeringAttachment: 1, PeeringAttachmentAccepter: 1, Route: 8 + 12 },
  ],
  ["gcp-vpc-peering", () => pair(C.gcpFra, C.gcpBru), { NetworkPeering: 2 }],
  ["azure-vnet-peering", () => pair(C.azAms, C.azFra), { VirtualNetworkPeering: 2, SecurityRule: 2 }],
  ["ipsec-vpn AWS–GCP", () => pair(C.awsFra, C.gcpFra), { ...awsVpn(2), ...gcpVpn(4), RandomPassword: 4 }],
  // AKS's overlay pods leave through their nodes: AWS routes only the Azure node range.
  ["ipsec-vpn AWS–Azure", () => pair(C.awsFra, C.azFra), { ...awsVpn(2, 1), ...azureVpn(4), RandomPassword: 4 }],
  ["ipsec-vpn GCP–Azure", () => pair(C.gcpFra, C.azFra), { ...gcpVpn(2), ...azureVpn(2), RandomPassword: 2 }],
  ["ipsec-vpn AWS–on-prem", () => pair(C.awsFra, dc()), { ...awsVpn(1, 1), RandomPassword: 2 }], // the site advertises its gateway's one prefix
  ["ipsec-vpn GCP–on-prem", () => pair(C.gcpFra, dc()), { ...gcpVpn(2), RandomPassword: 2 }],
  ["ipsec-vpn Azure–on-prem", () => pair(C.azFra, dc()), { ...azureVpn(1), RandomPassword: 1 }],
];

describe("each link kind", () => {
  it.each(CASES)("%s creates exactly its resources", async (_label, spec, expected) => {
    const { fabric, fleet } = await render(spec());
    const custom = fabric.filter((r) => r.custom || r.type.startsWith("pulumi:providers:"));
    expect(countTypes(custom)).toEqual(expected);
    expect(planOf(fleet).fabric!.links).toHaveLength(1);
  });

  it("routes both ways, to exactly the other side's CIDRs, over the link", async () => {
    const { fabric, fleet } = await render(pair(C.awsFra, C.awsDub));
    const plan = planOf(fleet);
    const [a, b] = plan.clusters;
    const routes = fabric.filter((r) => r.type === "aws:ec2/route:Route");
    const into = (c: typeof a) => routes.filter((r) => r.name.includes(`-route-${c!.name}-`)).map((r) => r.inputs["destinationCidrBlock"]);
    expect(new Set(into(a))).toEqual(new Set([b!.network.cidr, b!.network.podCidr]));
    expect(new Set(into(b))).toEqual(new Set([a!.network.cidr, a!.network.podCidr]));
    const pcx = fabric.find((r) => r.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")!;
    expect(pcx.inputs["peerRegion"]).toBe(b!.region);
    for (const r of routes) expect(r.inputs["vpcPeeringConnectionId"]).toBe(`${pcx.name}-id`);
  });

  it("builds every tunnel at both ends of a VPN: same /30s, each side's inside address, the plan's ASNs", async () => {
    const { fabric, fleet } = await render(pair(C.awsFra, C.gcpFra));
    const link = planOf(fleet).fabric!.links[0]!;
    const vpn = link.vpn!;
    const conns = fabric.filter((r) => r.type === "aws:ec2/vpnConnection:VpnConnection");
    const awsCidrs = conns.flatMap((c) => [c.inputs["tunnel1InsideCidr"], c.inputs["tunnel2InsideCidr"]]);
    expect(new Set(awsCidrs)).toEqual(new Set(vpn.tunnels.map((t) => t.insideCidr)));
    const ifaces = fabric.filter((r) => r.type === "gcp:compute/routerInterface:RouterInterface").map((r) => r.inputs["ipRange"]);
    expect(new Set(ifaces)).toEqual(new Set(vpn.tunnels.map((t) => `${t.to.insideIp}/30`)));
    const peers = fabric.filter((r) => r.type === "gcp:compute/routerPeer:RouterPeer");
    expect(new Set(peers.map((p) => p.inputs["peerIpAddress"]))).toEqual(new Set(vpn.tunnels.map((t) => t.from.insideIp)));
    for (const p of peers) expect(p.inputs["peerAsn"]).toBe(vpn.from.asn);
    const cgws = fabric.filter((r) => r.type === "aws:ec2/customerGateway:CustomerGateway");
    for (const g of cgws) expect(g.inputs["bgpAsn"]).toBe(String(vpn.to.asn));
    const router = fabric.find((r) => r.type === "gcp:compute/router:Router")!;
    expect((router.inputs["bgp"] as { asn: number }).asn).toBe(vpn.to.asn);
    expect(fabric.find((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway")!.inputs["amazonSideAsn"]).toBe(vpn.from.asn);
    // The GCP side's peer addresses are the AWS tunnels' outside addresses, and the other way round.
    const external = fabric.find((r) => r.type === "gcp:compute/externalVpnGateway:ExternalVpnGateway")!;
    const outside = (external.inputs["interfaces"] as { ipAddress: string }[]).map((i) => i.ipAddress);
    expect(outside).toHaveLength(4);
    expect(new Set(cgws.map((g) => g.inputs["ipAddress"])).size).toBe(2);
  });
});

// An Azure VPN gateway re-advertises to each BGP peer what it learned from the others, and cannot be
// told not to (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview): the GCP end of
// every link imports only the peer's own prefixes, so no link carries a third cluster's traffic.
describe("a link carries only its two clusters", () => {
  it("GCP imports from a VPN peer only that peer's prefixes (every BGP session of the link)", async () => {
    const { fabric, fleet } = await render(pair(C.gcpFra, C.azFra));
    const link = planOf(fleet).fabric!.links[0]!;
    const azureCidrs = link.from === "z-fra" ? link.fromCidrs : link.toCidrs;
    const policy = fabric.find((r) => r.type === "gcp:compute/routerRoutePolicy:RouterRoutePolicy")!;
    expect(policy.inputs["type"]).toBe("ROUTE_POLICY_TYPE_IMPORT");
    const [term] = policy.inputs["terms"] as { match: { expression: string }; actions: { expression: string }[] }[];
    expect(term!.match.expression).toBe(`!destination.inAnyRange([${[...azureCidrs].sort().map((c) => `prefix('${c}').orLonger()`).join(", ")}])`);
    expect(term!.actions).toEqual([{ expression: "drop()" }]);
    const peers = fabric.filter((r) => r.type === "gcp:compute/routerPeer:RouterPeer");
    expect(peers.length).toBe(2);
    for (const p of peers) expect(p.inputs["importPolicies"]).toEqual([policy.inputs["name"]]);
  });
});

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html: "An identical
// request returns information about the existing customer gateway"; a unique device name makes two.
describe("customer gateways", () => {
  it("are distinct objects when two links from one AWS region reach the same peer address", async () => {
    const spec = pair(C.awsFra, C.gcpFra);
    spec.clusters = [C.awsFra, { ...C.awsFra, name: "a-fra2" }, C.gcpFra] as Spec["clusters"];
    const { fabric } = await render(spec);
    const cgws = fabric.filter((r) => r.type === "aws:ec2/customerGateway:CustomerGateway");
    expect(cgws.length).toBe(4); // two links × two GCP interfaces
    const same = new Map<string, string[]>();
    for (const g of cgws) {
      const k = `${String(g.inputs["ipAddress"])}|${String(g.inputs["bgpAsn"])}|${String(g.inputs["type"])}`;
      same.set(k, [...(same.get(k) ?? []), String(g.inputs["deviceName"])]);
    }
    // The same address, ASN and type twice: only the device name tells AWS they are two gateways.
    expect([...same.values()].every((names) => names.length === 2)).toBe(true);
    for (const names of same.values()) expect(new Set(names).size).toBe(names.length);
  });
});

describe("the fabric of the shipped stacks", () => {
  let prodEu: MockRun;
  let global: MockRun;
  beforeAll(async () => {
    prodEu = await runStack("prod-eu");
    global = await runStack("global");
  });

  it("keeps every pre-shared key secret, in every input and output", () => {
    const keys = prodEu.resources.flatMap((r) =>
      ["tunnel1PresharedKey", "tunnel2PresharedKey", "sharedSecret", "sharedKey"].flatMap((k) => (k in r.inputs ? [[r.name, k, r.inputs[k]] as const] : [])),
    );
    // AWS: 2 + 2 + 1 connections × 2 tunnels; GCP: 4 + 2 + 2 tunnels; Azure: 4 + 2 + 1 connections.
    expect(keys.length).toBe(10 + 8 + 7);
    for (const [name, k, v] of keys) expect(v, `${name}.${k}`).toBeInstanceOf(SecretValue);
    const values = new Set(keys.map(([, , v]) => String((v as SecretValue).value)));
    expect([...values].every((v) => /^[A-Za-z]{40}$/.test(v))).toBe(true);
    const everywhere = [...prodEu.resources.map((r) => r.inputs), prodEu.outputs, ...prodEu.componentOutputs.values()];
    expect(everywhere.flatMap((v) => plainStringsIn(v)).filter((s) => values.has(s) || [...values].some((k) => s.includes(k)))).toEqual([]);
  });

  it("admits into each cluster only the mesh's ports, only from its peers' CIDRs", () => {
    const plan = prodEu.outputs["plan"] as FleetPlan;
    const peerCidrs = new Set(plan.fabric!.links.flatMap((l) => [...l.fromCidrs, ...l.toCidrs]));
    const rules = ofType(prodEu, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.length).toBe(3 * (2 + 1 + 1)); // 3 ports × the peers' CIDRs (GCP: nodes and pods; Azure: nodes; on-prem: 1)
    for (const r of rules) {
      expect(peerCidrs.has(String(r.inputs["cidrIpv4"]))).toBe(true);
      expect([15443, 15012, 15017]).toContain(r.inputs["fromPort"]);
    }
    for (const f of ofType(prodEu, "gcp:compute/firewall:Firewall")) {
      expect((f.inputs["sourceRanges"] as string[]).every((c) => peerCidrs.has(c))).toBe(true);
      expect(f.inputs["allows"]).toEqual([{ protocol: "tcp", ports: ["15443", "15012", "15017"] }]);
    }
    const nsg = ofType(prodEu, "azure-native:network:SecurityRule").filter((r) => r.name.includes("-fabric-"));
    for (const r of nsg) expect((r.inputs["sourceAddressPrefixes"] as string[]).every((c) => peerCidrs.has(c))).toBe(true);
    const everything = ofType(prodEu, TOKENS.fabric).flatMap((root) => subtree(prodEu, root)).flatMap((r) => plainStringsIn(r.inputs));
    expect(everything).not.toContain("0.0.0.0/0");
  });

  it("on the global stack, joins no two clusters whose jurisdictions forbid it, with no resource", () => {
    const plan = global.outputs["plan"] as FleetPlan;
    const spec = stackFile("global").spec as { jurisdictions: Record<string, { mayPeerWith?: string[] }> };
    const juris = Object.fromEntries(Object.entries(spec.jurisdictions).map(([k, v]) => [k, { mayPeerWith: v.mayPeerWith ?? [] }])) as never;
    const names = plan.clusters.map((c) => c.name).sort((a, b) => b.length - a.length);
    const owner = new Map(plan.clusters.flatMap((c) => [c.network.cidr, c.network.podCidr].map((n) => [n, c.name] as const)));
    const jurOf = new Map(plan.clusters.map((c) => [c.name, c.jurisdiction]));
    const fabric = subtree(global, ofType(global, TOKENS.fabric)[0]!);
    expect(fabric.length).toBeGreaterThan(100);
    for (const r of fabric) {
      const named = names.filter((n) => r.name.includes(n));
      const routed = plainStringsIn(r.inputs).flatMap((s) => (owner.has(s) ? [owner.get(s)!] : []));
      const touched = [...new Set([...named, ...routed])];
      for (const x of touched) for (const y of touched) expect(jurisdictionsMayPeer(juris, jurOf.get(x)!, jurOf.get(y)!), `${r.name}: ${x} / ${y}`).toBe(true);
    }
    expect(crossClusterDependencies(global)).toEqual([]);
  });
});

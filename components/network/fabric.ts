// clusterfleet:network:Fabric — every link the plan connects, made real, under ClusterFleet (a link is
// shared by two clusters, so it belongs to neither's component). It renders `plan.fabric` and decides
// nothing: per kind, both directions (routes, peerings, tunnels) and the firewall rules, each side
// created with that side's own provider. Unmanaged links (existing clusters, sites without a declared
// gateway) create nothing.
import * as pulumi from "@pulumi/pulumi";
import type { FabricLinkPlan, FabricPlan, FleetPlan } from "../../src/plan/types.ts";
import { TOKENS } from "../tokens.ts";
import { awsVpcPeering } from "./aws-peering.ts";
import { awsTransitLink, transitNetwork } from "./aws-transit.ts";
import { azureVnetPeering } from "./azure-peering.ts";
import { expectSide, linkEndOf, type LinkEnd } from "./ends.ts";
import { firewalls } from "./firewall.ts";
import { gcpVpcPeering, type PeeringQueue } from "./gcp-peering.ts";
import { azureVpnGateway, type AzureVpnGateway } from "./vpn/azure.ts";
import { gcpVpnGateway, type GcpVpnGateway } from "./vpn/gcp.ts";
import { vpnLink } from "./vpn/link.ts";
import type { OnPremTunnelConfig } from "./vpn/onprem.ts";

export interface FabricArgs {
  readonly plan: FleetPlan;
  /** The fleet's cluster components by cluster name (what ClusterFleet rendered from the same plan). */
  readonly clusters: Readonly<Record<string, pulumi.ComponentResource>>;
  /** A fabric shard's link ends, rebuilt from its cluster shards' outputs (remote-ends.ts): used instead of `clusters`. */
  readonly ends?: ReadonlyMap<string, LinkEnd>;
}

export class Fabric extends pulumi.ComponentResource {
  /** The links built, by key, with their kind. */
  readonly links: Readonly<Record<string, FabricLinkPlan["kind"]>>;
  /** Per on-prem cluster, what to configure on its gateway (tunnels, addresses, ASNs, keys): a secret. */
  readonly onPremGateways: pulumi.Output<Record<string, OnPremTunnelConfig[]>>;

  constructor(name: string, args: FabricArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.fabric, name, {}, opts);
    const built = buildFabric(name, args, this);
    this.links = built.links;
    this.onPremGateways = built.onPremGateways;
    this.registerOutputs({ links: this.links, onPremGateways: this.onPremGateways, asns: args.plan.fabric ? Object.fromEntries(Object.entries(args.plan.fabric.asns).map(([d, a]) => [d, a.asn])) : {} });
  }
}

const EMPTY: FabricPlan = { links: [], transitGateways: [], asns: {}, gatewaySubnets: {}, firewall: [] };

function buildFabric(name: string, args: FabricArgs, parent: Fabric): { links: Record<string, FabricLinkPlan["kind"]>; onPremGateways: pulumi.Output<Record<string, OnPremTunnelConfig[]>> } {
  const { plan } = args;
  const fabric = plan.fabric ?? EMPTY;
  const ends = new Map<string, LinkEnd>(args.ends ?? []);
  if (!args.ends) {
    for (const c of plan.clusters) {
      const end = linkEndOf(c, args.clusters[c.name]);
      if (end) ends.set(c.name, end);
    }
  }
  const transit = transitNetwork(name, plan.fleet, fabric, ends, parent);

  // Per-cluster VPN gateways, before the links that use them.
  const gcp = new Map<string, GcpVpnGateway>();
  const azure = new Map<string, AzureVpnGateway>();
  for (const l of fabric.links) {
    for (const e of l.vpn ? [l.vpn.from, l.vpn.to] : []) {
      const asn = fabric.asns[e.device]?.asn ?? e.asn;
      if (e.side === "gcp" && !gcp.has(e.cluster)) gcp.set(e.cluster, gcpVpnGateway(name, plan.fleet, expectSide(ends.get(e.cluster), "gcp", e.cluster, l.key), asn, parent));
      if (e.side === "azure" && !azure.has(e.cluster)) azure.set(e.cluster, azureVpnGateway(name, expectSide(ends.get(e.cluster), "azure", e.cluster, l.key), fabric, asn, parent));
    }
  }

  const queue: PeeringQueue = new Map();
  const onPrem = new Map<string, pulumi.Output<OnPremTunnelConfig[]>[]>();
  for (const l of fabric.links) {
    switch (l.kind) {
      case "aws-vpc-peering":
        awsVpcPeering(name, l, expectSide(ends.get(l.from), "aws", l.from, l.key), expectSide(ends.get(l.to), "aws", l.to, l.key), parent);
        break;
      case "aws-transit-gateway":
        awsTransitLink(name, l, transit, parent);
        break;
      case "gcp-vpc-peering":
        gcpVpcPeering(name, plan.fleet, l, expectSide(ends.get(l.from), "gcp", l.from, l.key), expectSide(ends.get(l.to), "gcp", l.to, l.key), queue, parent);
        break;
      case "azure-vnet-peering":
        azureVnetPeering(name, l, expectSide(ends.get(l.from), "azure", l.from, l.key), expectSide(ends.get(l.to), "azure", l.to, l.key), parent);
        break;
      case "ipsec-vpn": {
        const r = vpnLink({ name, fleet: plan.fleet, fabric, ends, transit, gcp, azure, parent }, l);
        if (r.onPrem) onPrem.set(r.onPrem.cluster, [...(onPrem.get(r.onPrem.cluster) ?? []), r.onPrem.tunnels]);
        break;
      }
    }
  }
  firewalls(name, plan.fleet, fabric, ends, parent);

  const onPremGateways = pulumi.secret(
    pulumi.all([...onPrem].map(([cluster, lists]) => pulumi.all(lists).apply((ls) => [cluster, ls.flat()] as const))).apply((entries) => Object.fromEntries(entries)),
  );
  return { links: Object.fromEntries(fabric.links.map((l) => [l.key, l.kind])), onPremGateways };
}

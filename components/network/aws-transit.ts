// AWS transit gateways: one per site the plan names (region and role), with every attached VPC on a
// route table of its own that holds only the routes of that cluster's links. Default association and
// propagation are off, so an attachment reaches nothing until a link routes it: two clusters of one
// region but of jurisdictions that may not peer share the gateway and still cannot reach each other.
// aws-transit-gateway links route through the shared gateway (same site) or through a peering
// attachment between two sites' gateways (one per pair of sites, with a route table per side).
import * as ec2tgw from "@pulumi/aws/ec2transitgateway/index.js";
import * as aws from "@pulumi/aws";
import { Provider as AwsProvider } from "@pulumi/aws/provider.js";
import type * as pulumi from "@pulumi/pulumi";
import type { FabricLinkPlan, FabricPlan, TransitGatewayPlan } from "../../src/plan/types.ts";
import { vpcRoutes } from "./aws-peering.ts";
import { expectSide, onSide, type AwsEnd, type LinkEnd } from "./ends.ts";

export interface TransitSite {
  readonly plan: TransitGatewayPlan;
  readonly provider: AwsProvider;
  readonly gateway: ec2tgw.TransitGateway;
}

export interface TransitAttachment {
  readonly end: AwsEnd;
  readonly site: TransitSite;
  readonly attachment: ec2tgw.VpcAttachment;
  /** The attachment's own route table: what this cluster reaches through the gateway. */
  readonly routeTable: ec2tgw.RouteTable;
}

export interface TransitNetwork {
  readonly sites: ReadonlyMap<string, TransitSite>;
  readonly attachments: ReadonlyMap<string, TransitAttachment>;
  /** Peering attachments between two sites, by `<siteA>|<siteB>` (sorted), created on first use. */
  readonly peerings: Map<string, { readonly requester: ec2tgw.PeeringAttachment; readonly accepter: ec2tgw.PeeringAttachmentAccepter; readonly routeTables: Record<string, ec2tgw.RouteTable> }>;
}

export function transitNetwork(name: string, fleet: string, fabric: FabricPlan, ends: ReadonlyMap<string, LinkEnd>, parent: pulumi.Resource): TransitNetwork {
  const sites = new Map<string, TransitSite>();
  const attachments = new Map<string, TransitAttachment>();
  for (const t of fabric.transitGateways) {
    // The gateway is the fleet's, not a cluster's: its own provider for the site (region and role).
    const provider = new AwsProvider(
      `${name}-aws-${t.site}`,
      {
        region: t.region,
        defaultTags: { tags: { fleet, "managed-by": "clusterfleet" } },
        ...(t.assumeRoleArn ? { assumeRoles: [{ roleArn: t.assumeRoleArn, sessionName: "clusterfleet" }] } : {}),
      },
      { parent },
    );
    const gateway = new ec2tgw.TransitGateway(
      `${name}-tgw-${t.site}`,
      {
        amazonSideAsn: t.asn,
        description: `ClusterFleet ${fleet}: links of ${t.region}`,
        defaultRouteTableAssociation: "disable",
        defaultRouteTablePropagation: "disable",
        autoAcceptSharedAttachments: "disable",
        dnsSupport: "enable",
        // Both connections and all four tunnels of an HA VPN carry traffic.
        vpnEcmpSupport: "enable",
        tags: { Name: t.name },
      },
      { parent, provider },
    );
    const site = { plan: t, provider, gateway };
    sites.set(t.site, site);
    for (const cluster of t.clusters) {
      const end = expectSide(ends.get(cluster), "aws", cluster, `transit gateway ${t.site}`);
      const attachment = new ec2tgw.VpcAttachment(
        `${name}-tgw-attach-${cluster}`,
        {
          transitGatewayId: gateway.id,
          vpcId: end.vpcId,
          // One private subnet per zone: the gateway keeps every zone reachable.
          subnetIds: end.privateSubnetIds.apply((ids) => end.plan.zones.map((z) => ids[z] ?? "")),
          transitGatewayDefaultRouteTableAssociation: false,
          transitGatewayDefaultRouteTablePropagation: false,
          dnsSupport: "enable",
          tags: { Name: `${t.name}-${cluster}` },
        },
        onSide(parent, end.provider),
      );
      const routeTable = new ec2tgw.RouteTable(`${name}-tgw-rt-${cluster}`, { transitGatewayId: gateway.id, tags: { Name: `${t.name}-${cluster}` } }, { parent, provider });
      new ec2tgw.RouteTableAssociation(`${name}-tgw-assoc-${cluster}`, { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: routeTable.id }, { parent, provider });
      attachments.set(cluster, { end, site, attachment, routeTable });
    }
  }
  return { sites, attachments, peerings: new Map() };
}

export function attachmentOf(net: TransitNetwork, cluster: string, link: string): TransitAttachment {
  const a = net.attachments.get(cluster);
  if (!a) throw new Error(`link ${link}: cluster "${cluster}" is attached to no transit gateway in the plan (fabric.transitGateways)`);
  return a;
}

/** aws-transit-gateway: both directions through the gateways, and the VPCs' routes to them. */
export function awsTransitLink(name: string, link: FabricLinkPlan, net: TransitNetwork, parent: pulumi.Resource): void {
  const a = attachmentOf(net, link.from, link.key);
  const b = attachmentOf(net, link.to, link.key);
  const key = `${name}-tgw-${link.key}`;
  if (a.site === b.site) {
    tgwRoutes(`${key}-route`, a, link.toCidrs, b.attachment.id, parent);
    tgwRoutes(`${key}-route`, b, link.fromCidrs, a.attachment.id, parent);
  } else {
    const p = sitePeering(name, net, a.site, b.site, parent);
    // Into the peering at each side, towards the other; out of the peering at each side, to its own VPC.
    tgwRoutes(`${key}-route`, a, link.toCidrs, p.accepter.transitGatewayAttachmentId, parent, [p.accepter]);
    tgwRoutes(`${key}-route`, b, link.fromCidrs, p.accepter.transitGatewayAttachmentId, parent, [p.accepter]);
    tgwRoutes(`${key}-return`, { ...a, routeTable: p.routeTables[a.site.plan.site]! }, link.fromCidrs, a.attachment.id, parent);
    tgwRoutes(`${key}-return`, { ...b, routeTable: p.routeTables[b.site.plan.site]! }, link.toCidrs, b.attachment.id, parent);
  }
  vpcRoutes(`${key}-vpc`, a.end, link.toCidrs, { transitGatewayId: a.site.gateway.id }, parent, [a.attachment]);
  vpcRoutes(`${key}-vpc`, b.end, link.fromCidrs, { transitGatewayId: b.site.gateway.id }, parent, [b.attachment]);
}

function tgwRoutes(prefix: string, at: Pick<TransitAttachment, "site" | "routeTable" | "end">, cidrs: readonly string[], target: pulumi.Input<string>, parent: pulumi.Resource, dependsOn: pulumi.Resource[] = []): void {
  for (const cidr of cidrs) {
    new ec2tgw.Route(
      `${prefix}-${at.end.plan.name}-${cidr}`,
      { transitGatewayRouteTableId: at.routeTable.id, destinationCidrBlock: cidr, transitGatewayAttachmentId: target },
      { parent, provider: at.site.provider, ...(dependsOn.length ? { dependsOn } : {}) },
    );
  }
}

/** The peering attachment between two sites' gateways (requested by the first by key, accepted by the other). */
function sitePeering(name: string, net: TransitNetwork, x: TransitSite, y: TransitSite, parent: pulumi.Resource) {
  const [req, acc] = x.plan.site < y.plan.site ? [x, y] : [y, x];
  const id = `${req.plan.site}|${acc.plan.site}`;
  const known = net.peerings.get(id);
  if (known) return known;
  const key = `${name}-tgw-peering-${req.plan.site}--${acc.plan.site}`;
  const peerAccount = aws.getCallerIdentityOutput({}, { parent, provider: acc.provider }).accountId;
  const requester = new ec2tgw.PeeringAttachment(
    key,
    { transitGatewayId: req.gateway.id, peerTransitGatewayId: acc.gateway.id, peerRegion: acc.plan.region, peerAccountId: peerAccount, tags: { Name: `${req.plan.name}-${acc.plan.name}` } },
    { parent, provider: req.provider },
  );
  const accepter = new ec2tgw.PeeringAttachmentAccepter(`${key}-accept`, { transitGatewayAttachmentId: requester.id, tags: { Name: `${acc.plan.name}-${req.plan.name}` } }, { parent, provider: acc.provider });
  const routeTables: Record<string, ec2tgw.RouteTable> = {};
  for (const s of [req, acc]) {
    const rt = new ec2tgw.RouteTable(`${key}-rt-${s.plan.site}`, { transitGatewayId: s.gateway.id, tags: { Name: `${s.plan.name}-peering` } }, { parent, provider: s.provider });
    new ec2tgw.RouteTableAssociation(`${key}-assoc-${s.plan.site}`, { transitGatewayAttachmentId: accepter.transitGatewayAttachmentId, transitGatewayRouteTableId: rt.id }, { parent, provider: s.provider, dependsOn: [accepter] });
    routeTables[s.plan.site] = rt;
  }
  const made = { requester, accepter, routeTables };
  net.peerings.set(id, made);
  return made;
}

// aws-vpc-peering: a VPC peering connection requested from the `from` cluster's VPC (its account and
// region) and accepted with the `to` cluster's provider, so cross-region and cross-account peering take
// the same path; then, in both VPCs, a route to the other's node and pod CIDRs from every private
// route table (nodes and pods share them).
import * as aws from "@pulumi/aws";
import * as ec2 from "@pulumi/aws/ec2/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { FabricLinkPlan } from "../../src/plan/types.ts";
import { onSide, type AwsEnd } from "./ends.ts";

export function awsVpcPeering(name: string, link: FabricLinkPlan, from: AwsEnd, to: AwsEnd, parent: pulumi.Resource): ec2.VpcPeeringConnection {
  const key = `${name}-pcx-${link.key}`;
  // The accepter's account, as its own credentials resolve it (the two clusters may deploy into different accounts).
  const peerAccount = aws.getCallerIdentityOutput({}, { parent, provider: to.provider }).accountId;
  const connection = new ec2.VpcPeeringConnection(
    key,
    { vpcId: from.vpcId, peerVpcId: to.vpcId, peerOwnerId: peerAccount, peerRegion: to.plan.region, tags: { Name: `${link.from}-${link.to}` } },
    onSide(parent, from.provider),
  );
  const accepter = new ec2.VpcPeeringConnectionAccepter(`${key}-accept`, { vpcPeeringConnectionId: connection.id, autoAccept: true, tags: { Name: `${link.from}-${link.to}` } }, onSide(parent, to.provider));
  // Routes point at the connection only once it is active (accepted).
  vpcRoutes(`${key}-route`, from, link.toCidrs, { vpcPeeringConnectionId: accepter.vpcPeeringConnectionId }, parent);
  vpcRoutes(`${key}-route`, to, link.fromCidrs, { vpcPeeringConnectionId: accepter.vpcPeeringConnectionId }, parent);
  return connection;
}

/** One route per private route table (zone) and destination CIDR, on the end's own provider. */
export function vpcRoutes(
  prefix: string,
  end: AwsEnd,
  cidrs: readonly string[],
  target: { vpcPeeringConnectionId: pulumi.Input<string> } | { transitGatewayId: pulumi.Input<string> },
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[] = [],
): ec2.Route[] {
  return end.plan.zones.flatMap((zone) =>
    cidrs.map(
      (cidr) =>
        new ec2.Route(
          `${prefix}-${end.plan.name}-${zone}-${cidr}`,
          { routeTableId: end.privateRouteTableIds.apply((t) => t[zone] ?? ""), destinationCidrBlock: cidr, ...target },
          onSide(parent, end.provider, dependsOn.length ? { dependsOn } : {}),
        ),
    ),
  );
}

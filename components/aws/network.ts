// The cluster's VPC: private subnets for nodes and the control plane, public subnets for NAT and
// internet-facing load balancers only, pod subnets in the pod CIDR (a secondary VPC CIDR, used by
// VPC CNI custom networking), NAT per zone for prod and one otherwise. The layout (CIDRs, NAT zones)
// comes from subnet-layout.ts; this file only creates it.
import * as ec2 from "@pulumi/aws/ec2/index.js";
import { childOpts, planName, type AwsScope } from "./scope.ts";
import type { SubnetLayout } from "./subnet-layout.ts";

export interface ZoneSubnet {
  readonly zone: string;
  readonly subnet: ec2.Subnet;
}

export interface EksNetwork {
  readonly vpc: ec2.Vpc;
  readonly publicSubnets: readonly ZoneSubnet[];
  readonly privateSubnets: readonly ZoneSubnet[];
  readonly podSubnets: readonly ZoneSubnet[];
  readonly natGateways: readonly ec2.NatGateway[];
  /** Private route tables by zone: the network fabric adds its routes (peering, transit gateway) here. */
  readonly privateRouteTables: readonly { readonly zone: string; readonly routeTable: ec2.RouteTable }[];
}

const ANYWHERE = "0.0.0.0/0";

export function createNetwork(scope: AwsScope, layout: SubnetLayout): EksNetwork {
  const { name } = scope;
  const vpcName = planName(scope, "vpc");
  const vpc = new ec2.Vpc(
    `${name}-vpc`,
    {
      cidrBlock: layout.vpcCidr,
      // Both are required for the EKS private API endpoint to resolve inside the VPC.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: vpcName },
    },
    scope.opts,
  );
  // Adopting the default security group with no rules closes it: nothing lands in it by accident.
  new ec2.DefaultSecurityGroup(`${name}-sg-default`, { vpcId: vpc.id, tags: { Name: `${vpcName}-default` } }, scope.opts);

  // The pod CIDR as a secondary VPC CIDR; pod subnets take their vpcId from it, so they wait for it.
  const podCidr = new ec2.VpcIpv4CidrBlockAssociation(`${name}-vpc-cidr-pods`, { vpcId: vpc.id, cidrBlock: layout.podCidr }, scope.opts);
  const igw = new ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: vpcName } }, scope.opts);

  const subnet = (kind: "public" | "private" | "pods", zone: string, cidrBlock: string, tags: Record<string, string>) => ({
    zone,
    subnet: new ec2.Subnet(
      `${name}-subnet-${kind}-${zone}`,
      {
        vpcId: kind === "pods" ? podCidr.vpcId : vpc.id,
        availabilityZone: zone,
        cidrBlock,
        // No public IPs on launch anywhere, public subnets included: only NAT gateways (Elastic IPs)
        // and load balancers are reachable from the internet.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${vpcName}-${kind}-${zone}`, ...tags },
      },
      scope.opts,
    ),
  });
  // Role tags let the AWS Load Balancer Controller find the subnets for each kind of load balancer.
  const publicSubnets = layout.zones.map((z) => subnet("public", z.zone, z.public, { "kubernetes.io/role/elb": "1" }));
  const privateSubnets = layout.zones.map((z) => subnet("private", z.zone, z.private, { "kubernetes.io/role/internal-elb": "1" }));
  const podSubnets = layout.zones.map((z) => subnet("pods", z.zone, z.pods, {}));

  // Routes are separate resources, never inline: the network fabric adds its own to the same tables.
  const publicRt = new ec2.RouteTable(`${name}-rt-public`, { vpcId: vpc.id, tags: { Name: `${vpcName}-public` } }, scope.opts);
  new ec2.Route(`${name}-route-public-internet`, { routeTableId: publicRt.id, destinationCidrBlock: ANYWHERE, gatewayId: igw.id }, scope.opts);
  for (const s of publicSubnets) new ec2.RouteTableAssociation(`${name}-rta-public-${s.zone}`, { routeTableId: publicRt.id, subnetId: s.subnet.id }, scope.opts);

  const natByZone = new Map<string, ec2.NatGateway>();
  for (const zone of layout.natZones) {
    const eip = new ec2.Eip(`${name}-eip-nat-${zone}`, { domain: "vpc", tags: { Name: `${vpcName}-nat-${zone}` } }, scope.opts);
    const publicSubnet = publicSubnets.find((s) => s.zone === zone)!.subnet;
    natByZone.set(
      zone,
      // A NAT gateway needs the internet gateway attached before it can route.
      new ec2.NatGateway(`${name}-nat-${zone}`, { allocationId: eip.id, subnetId: publicSubnet.id, connectivityType: "public", tags: { Name: `${vpcName}-${zone}` } }, childOpts(scope, { dependsOn: [igw] })),
    );
  }

  // One private route table per zone whatever the NAT count, so prod ↔ non-prod changes a route, not a table.
  const privateRouteTables = layout.zones.map(({ zone }) => {
    const routeTable = new ec2.RouteTable(`${name}-rt-private-${zone}`, { vpcId: vpc.id, tags: { Name: `${vpcName}-private-${zone}` } }, scope.opts);
    const nat = natByZone.get(zone) ?? natByZone.get(layout.natZones[0]!)!;
    new ec2.Route(`${name}-route-private-nat-${zone}`, { routeTableId: routeTable.id, destinationCidrBlock: ANYWHERE, natGatewayId: nat.id }, scope.opts);
    for (const [kind, list] of [["private", privateSubnets], ["pods", podSubnets]] as const) {
      const s = list.find((x) => x.zone === zone)!;
      new ec2.RouteTableAssociation(`${name}-rta-${kind}-${zone}`, { routeTableId: routeTable.id, subnetId: s.subnet.id }, scope.opts);
    }
    return { zone, routeTable };
  });

  return { vpc, publicSubnets, privateSubnets, podSubnets, natGateways: [...natByZone.values()], privateRouteTables };
}

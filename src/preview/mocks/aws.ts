// What the AWS provider computes for the resources the EKS component creates: IDs and ARNs in the
// shapes AWS uses, the EKS endpoint, CA, OIDC issuer and cluster security group. Deterministic (a
// hash of the resource's name), so two runs of the same plan record the same values. Resource IDs
// are the mock runner's (`<name>-id`).
import { createHash } from "node:crypto";
import "../ha-facts/aws.ts";
import { registerComputedState, type StateFn } from "../mock-state.ts";

const ACCOUNT = "123456789012";
/** The mocks cannot see a resource's provider, so ARNs carry a placeholder region; tests read the provider. */
const REGION = "mock-region-1";
const hex = (seed: string, n: number) => createHash("sha256").update(seed).digest("hex").slice(0, n);
const id = (prefix: string, name: string) => `${prefix}-${hex(name, 17)}`;
const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);

const ec2Arn = (kind: string, resourceId: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${kind}/${resourceId}`;

const withArn =
  (prefix: string, kind: string, extra: (name: string, inputs: Record<string, unknown>) => Record<string, unknown> = () => ({})): StateFn =>
  (name, inputs) => ({ arn: ec2Arn(kind, id(prefix, name)), ...extra(name, inputs) });

export const awsComputedState: Record<string, StateFn> = {
  "aws:ec2/vpc:Vpc": withArn("vpc", "vpc", (name) => ({ defaultSecurityGroupId: id("sg", `${name}/default`), mainRouteTableId: id("rtb", `${name}/main`), ownerId: ACCOUNT })),
  "aws:ec2/subnet:Subnet": withArn("subnet", "subnet", (_n, inputs) => ({ availabilityZoneId: str(inputs["availabilityZone"], "az") })),
  "aws:ec2/internetGateway:InternetGateway": withArn("igw", "internet-gateway"),
  "aws:ec2/eip:Eip": (name) => ({ allocationId: id("eipalloc", name), publicIp: `203.0.113.${parseInt(hex(name, 2), 16) % 254 + 1}` }),
  "aws:ec2/natGateway:NatGateway": withArn("nat", "natgateway"),
  "aws:ec2/routeTable:RouteTable": withArn("rtb", "route-table"),
  "aws:ec2/securityGroup:SecurityGroup": withArn("sg", "security-group"),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": withArn("sg", "security-group"),
  "aws:ec2/launchTemplate:LaunchTemplate": withArn("lt", "launch-template", () => ({ latestVersion: 1, defaultVersion: 1 })),
  "aws:kms/key:Key": (name) => {
    const keyId = `${hex(name, 8)}-${hex(`${name}/1`, 4)}-${hex(`${name}/2`, 4)}-${hex(`${name}/3`, 4)}-${hex(`${name}/4`, 12)}`;
    return { keyId, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}` };
  },
  "aws:kms/alias:Alias": (name, inputs) => ({ arn: `arn:aws:kms:${REGION}:${ACCOUNT}:${str(inputs["name"], name)}` }),
  "aws:iam/role:Role": (name, inputs) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${str(inputs["name"], name)}`, uniqueId: `AROA${hex(name, 17).toUpperCase()}` }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name, inputs) => ({
    arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${str(inputs["url"], name).replace(/^https:\/\//, "")}`,
  }),
  "aws:s3/bucket:Bucket": (name, inputs) => ({ arn: `arn:aws:s3:::${str(inputs["bucket"], name)}`, bucketRegionalDomainName: `${str(inputs["bucket"], name)}.s3.${REGION}.amazonaws.com` }),
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => ({ arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${str(inputs["name"], name)}` }),
  "aws:eks/cluster:Cluster": (name, inputs) => {
    const clusterName = str(inputs["name"], name);
    const oidcId = hex(clusterName, 32).toUpperCase();
    const vpcConfig = (inputs["vpcConfig"] ?? {}) as Record<string, unknown>;
    return {
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${clusterName}`,
      endpoint: `https://${oidcId}.gr7.${REGION}.eks.amazonaws.com`,
      certificateAuthority: { data: Buffer.from(`mock CA of ${clusterName}`).toString("base64") },
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${REGION}.amazonaws.com/id/${oidcId}` }] }],
      vpcConfig: { ...vpcConfig, clusterSecurityGroupId: id("sg", `${clusterName}/eks-cluster`), vpcId: id("vpc", `${clusterName}/vpc`) },
      platformVersion: "eks.1",
      status: "ACTIVE",
    };
  },
  "aws:eks/nodeGroup:NodeGroup": (name, inputs) => ({ arn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/${str(inputs["nodeGroupName"], name)}`, status: "ACTIVE" }),
  "aws:eks/addon:Addon": (name, inputs) => ({ arn: `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${str(inputs["addonName"], name)}` }),
  "aws:eks/accessEntry:AccessEntry": (name) => ({ accessEntryArn: `arn:aws:eks:${REGION}:${ACCOUNT}:access-entry/${hex(name, 12)}` }),
};

registerComputedState(awsComputedState);

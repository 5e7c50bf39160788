// clusterfleet:aws:EksCluster: one planned cluster on Amazon EKS, rendered as it is planned. Per
// cluster: its own AWS provider (the cluster's region, the fleet's tags on every resource), a VPC over
// the planned zones, a KMS key for Secrets, IAM roles, the control plane, managed node groups, the
// pinned EKS add-ons, and a Kubernetes provider built from the cluster's own outputs.
import { Provider as AwsProvider } from "@pulumi/aws/provider.js";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { FleetClusterArgs, LogStorage } from "../cluster-contract.ts";
import { ClusterComponent, type ClusterParts } from "../cluster-component.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";
import { createAddons } from "./addons.ts";
import { createControlPlane, type AwsSettings } from "./control-plane.ts";
import { createSecretsKey } from "./encryption.ts";
import { createClusterRole, createNodeRole } from "./iam.ts";
import { eksKubeconfig } from "./kubeconfig.ts";
import { createNetwork } from "./network.ts";
import { createLogStorage } from "./log-storage.ts";
import { createNodeGroups } from "./node-groups.ts";
import { createSovereignty } from "./sovereignty.ts";
import { partitionOf } from "./partition.ts";
import type { AwsScope } from "./scope.ts";
import { subnetLayout, SubnetLayoutError, type SubnetLayout } from "./subnet-layout.ts";

export type EksClusterArgs = FleetClusterArgs;

export class EksCluster extends ClusterComponent<EksClusterOutputs> {
  /** The subnets as laid out from the plan, before any exists (zone → private/public/pod CIDR). */
  readonly subnetLayout: SubnetLayout;
  readonly vpcId: pulumi.Output<string>;
  /** Private route tables by zone, for the network fabric's routes (peering, transit gateway). */
  readonly privateRouteTableIds: pulumi.Output<Record<string, string>>;
  /** The control plane's additional security group: the fabric allows peered networks to the private endpoint here. */
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  /** The cluster security group EKS creates, on every node and (custom networking) pod: the fabric admits peers' mesh traffic here. */
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  /** The private subnets by zone (the network fabric attaches the VPC to a transit gateway in them). */
  readonly privateSubnetIds: pulumi.Output<Record<string, string>>;
  /** The cluster's own AWS provider (its region, role and tags): the fabric creates this side of a link with it. */
  readonly awsProvider: AwsProvider;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly secretsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.eks, name, args, opts, (parent) => buildEksCluster(name, args, parent));
    ({
      subnetLayout: this.subnetLayout,
      vpcId: this.vpcId,
      privateRouteTableIds: this.privateRouteTableIds,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      privateSubnetIds: this.privateSubnetIds,
      awsProvider: this.awsProvider,
      oidcProviderArn: this.oidcProviderArn,
      secretsKeyArn: this.secretsKeyArn,
    } = this.parts);
  }
}

/** The builder's result: the contract's parts and the EKS handles the network fabric and add-ons use. */
interface EksClusterOutputs extends ClusterParts {
  readonly subnetLayout: SubnetLayout;
  readonly vpcId: pulumi.Output<string>;
  readonly privateRouteTableIds: pulumi.Output<Record<string, string>>;
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<Record<string, string>>;
  readonly awsProvider: AwsProvider;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly secretsKeyArn: pulumi.Output<string>;
  readonly logStorage: LogStorage | undefined;
}

/** Everything of one EKS cluster, in the order it comes up; returns the component's outputs. */
function buildEksCluster(name: string, args: EksClusterArgs, parent: pulumi.ComponentResource): EksClusterOutputs {
  const { cluster } = args;
  const settings = awsSettings(name, cluster);
  const layout = layoutOf(name, cluster);

  // The cluster's own provider: every resource below is created in its region and carries the fleet's tags.
  const provider = clusterAwsProvider(name, cluster, parent);
  const scope: AwsScope = { name, cluster, partition: partitionOf(cluster.region), opts: { parent, provider } };

  const network = createNetwork(scope, layout);
  const secrets = createSecretsKey(scope);
  const clusterRole = createClusterRole(scope, secrets.key.arn);
  const nodeRole = createNodeRole(scope);
  const controlPlane = createControlPlane(scope, network, settings, clusterRole, secrets.key.arn);

  const addons = cluster.managedAddons ?? [];
  const pods = { region: cluster.region, podSubnets: network.podSubnets, podSecurityGroupId: controlPlane.clusterSecurityGroupId };
  const beforeNodes = createAddons(scope, controlPlane, addons.filter((a) => a.after === "control-plane"), pods, []);
  const nodeGroups = createNodeGroups(scope, controlPlane.cluster.name, nodeRole.role.arn, network.privateSubnets, [...nodeRole.policies, ...beforeNodes.map((a) => a.addon)]);
  const afterNodes = createAddons(scope, controlPlane, addons.filter((a) => a.after === "nodes"), pods, nodeGroups.map((g) => g.nodeGroup));
  const ebsCsiRole = [...beforeNodes, ...afterNodes].find((a) => a.plan.name === "aws-ebs-csi-driver")?.role;

  const eks = controlPlane.cluster;
  const kubeconfig = pulumi.secret(
    pulumi
      .all([eks.name, eks.endpoint, eks.certificateAuthority])
      .apply(([clusterName, endpoint, ca]) =>
        eksKubeconfig({ clusterName, region: cluster.region, endpoint, certificateAuthorityData: ca?.data ?? "", ...(settings.assumeRoleArn ? { roleArn: settings.assumeRoleArn } : {}) }),
      ),
  );
  // The EKS handles the network fabric and add-ons use; registered as the component's outputs too.
  const handles = {
    subnetLayout: layout,
    vpcId: network.vpc.id,
    privateRouteTableIds: pulumi.all(Object.fromEntries(network.privateRouteTables.map((t) => [t.zone, t.routeTable.id]))),
    endpointSecurityGroupId: controlPlane.endpointSecurityGroup.id,
    nodeSecurityGroupId: controlPlane.clusterSecurityGroupId,
    privateSubnetIds: pulumi.all(Object.fromEntries(network.privateSubnets.map((s) => [s.zone, s.subnet.id]))),
    oidcProviderArn: controlPlane.oidcProvider.arn,
    secretsKeyArn: secrets.key.arn,
  };
  return {
    endpoint: eks.endpoint,
    kubeconfig,
    kubernetesProvider: kubernetesProviderFor(name, kubeconfig, parent, args.apiRouteReady),
    kubernetesVersion: eks.version,
    nodePoolVersions: pulumi.all(Object.fromEntries(nodeGroups.map((g) => [g.pool.name, g.nodeGroup.version]))),
    ...handles,
    awsProvider: provider,
    registered: handles,
    logStorage: createLogStorage(scope, { arn: controlPlane.oidcProvider.arn, issuer: controlPlane.oidcIssuer }),
    sovereignty: createSovereignty(scope, { arn: controlPlane.oidcProvider.arn, issuer: controlPlane.oidcIssuer }, ebsCsiRole),
    readyForAddons: nodeGroups.map((g) => g.nodeGroup),
  };
}

/**
 * The provider of an EKS cluster's component `name`: its region, the fleet's tags, the role it
 * assumes. A fabric shard builds the same one (same name, same inputs) for its links' AWS side.
 */
export function clusterAwsProvider(name: string, cluster: ClusterPlan, parent: pulumi.Resource): AwsProvider {
  const settings = awsSettings(name, cluster);
  return new AwsProvider(
    `${name}-aws`,
    {
      region: cluster.region,
      defaultTags: { tags: { ...cluster.labels } },
      ...(settings.assumeRoleArn ? { assumeRoles: [{ roleArn: settings.assumeRoleArn, sessionName: "clusterfleet" }] } : {}),
    },
    { parent },
  );
}

/** The plan's `aws` settings (defaults applied by the spec); anything else is refused at the boundary. */
function awsSettings(name: string, cluster: ClusterPlan): AwsSettings {
  const s = cluster.settings;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  const errors: { propertyPath: string; reason: string }[] = [];
  if (cluster.provider !== "aws") errors.push({ propertyPath: "cluster.provider", reason: `an EksCluster renders AWS clusters; got provider ${JSON.stringify(cluster.provider)}` });
  if (!strings(s["adminRoleArns"] ?? [])) errors.push({ propertyPath: "cluster.settings.adminRoleArns", reason: "must be a list of IAM role ARNs" });
  if (!strings(s["endpointPublicAccessCidrs"] ?? [])) errors.push({ propertyPath: "cluster.settings.endpointPublicAccessCidrs", reason: "must be a list of CIDRs" });
  if (!strings(s["endpointPrivateAccessCidrs"] ?? [])) errors.push({ propertyPath: "cluster.settings.endpointPrivateAccessCidrs", reason: "must be a list of CIDRs" });
  if (!strings(s["endpointPrivateAccessSecurityGroupIds"] ?? [])) errors.push({ propertyPath: "cluster.settings.endpointPrivateAccessSecurityGroupIds", reason: "must be a list of security group IDs" });
  if (s["assumeRoleArn"] !== undefined && typeof s["assumeRoleArn"] !== "string") errors.push({ propertyPath: "cluster.settings.assumeRoleArn", reason: "must be an IAM role ARN" });
  if (cluster.managedAddons === undefined) errors.push({ propertyPath: "cluster.managedAddons", reason: "the plan pins no EKS add-ons; plan the cluster with the current planner" });
  if (errors.length) throw new pulumi.InputPropertiesError({ message: `EksCluster "${name}": ${errors.map((e) => `${e.propertyPath}: ${e.reason}`).join("; ")}`, errors });
  return {
    adminRoleArns: (s["adminRoleArns"] as string[] | undefined) ?? [],
    endpointPublicAccessCidrs: (s["endpointPublicAccessCidrs"] as string[] | undefined) ?? [],
    endpointPrivateAccessCidrs: (s["endpointPrivateAccessCidrs"] as string[] | undefined) ?? [],
    endpointPrivateAccessSecurityGroupIds: (s["endpointPrivateAccessSecurityGroupIds"] as string[] | undefined) ?? [],
    upgradePolicy: s["upgradePolicy"] === "standard" ? "standard" : "extended",
    ...(typeof s["assumeRoleArn"] === "string" ? { assumeRoleArn: s["assumeRoleArn"] } : {}),
  };
}

function layoutOf(name: string, cluster: ClusterPlan): SubnetLayout {
  try {
    return subnetLayout({ cidr: cluster.network.cidr, podCidr: cluster.network.podCidr, zones: cluster.zones, environment: cluster.environment });
  } catch (e) {
    if (!(e instanceof SubnetLayoutError)) throw e;
    throw new pulumi.InputPropertiesError({ message: `EksCluster "${name}": cluster.${e.path}: ${e.message}`, errors: [{ propertyPath: `cluster.${e.path}`, reason: e.message }] });
  }
}

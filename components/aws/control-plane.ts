// The EKS control plane: on the private subnets of every zone, API endpoint private (public only
// behind an allow-list), Secrets envelope-encrypted with the cluster's KMS key, api/audit/
// authenticator logs to a log group of its own, access by EKS access entries only (authentication
// mode API: no aws-auth ConfigMap to edit and lock everyone out with), and an OIDC provider for IRSA.
import * as cloudwatch from "@pulumi/aws/cloudwatch/index.js";
import * as ec2 from "@pulumi/aws/ec2/index.js";
import * as eks from "@pulumi/aws/eks/index.js";
import * as iam from "@pulumi/aws/iam/index.js";
import * as vpc from "@pulumi/aws/vpc/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { EksNetwork } from "./network.ts";
import { eksAccessPolicyArn } from "./partition.ts";
import { childOpts, planName, type AwsScope } from "./scope.ts";
import type { RoleWithPolicies } from "./iam.ts";

/** Control-plane log types sent to CloudWatch: who called the API, what they did, how they authenticated. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator"] as const;
/** Days control-plane logs are kept; EKS's own log group would keep them forever, untagged. */
export const CONTROL_PLANE_LOG_RETENTION_DAYS = 90;

export interface AwsSettings {
  readonly adminRoleArns: readonly string[];
  readonly endpointPublicAccessCidrs: readonly string[];
  /** Networks and security groups allowed to the private endpoint (443). */
  readonly endpointPrivateAccessCidrs: readonly string[];
  readonly endpointPrivateAccessSecurityGroupIds: readonly string[];
  /** What EKS does at the end of standard support (spec aws.upgradePolicy). */
  readonly upgradePolicy: "extended" | "standard";
  readonly assumeRoleArn?: string;
}

export interface ControlPlane {
  readonly cluster: eks.Cluster;
  readonly oidcProvider: iam.OpenIdConnectProvider;
  readonly oidcIssuer: pulumi.Output<string>;
  /** The security group EKS creates for the control plane and nodes (`vpcConfig.clusterSecurityGroupId`); "" until reported. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** The additional control-plane security group: rules reaching the private endpoint go here. */
  readonly endpointSecurityGroup: ec2.SecurityGroup;
}

export function createControlPlane(scope: AwsScope, network: EksNetwork, settings: AwsSettings, clusterRole: RoleWithPolicies, secretsKeyArn: pulumi.Output<string>): ControlPlane {
  const { name, cluster: plan } = scope;
  const clusterName = planName(scope, "cluster");

  // Created before the cluster so EKS writes into it instead of creating its own.
  const logs = new cloudwatch.LogGroup(`${name}-logs`, { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: CONTROL_PLANE_LOG_RETENTION_DAYS }, scope.opts);

  const endpointSecurityGroup = new ec2.SecurityGroup(
    `${name}-sg-control-plane`,
    {
      name: planName(scope, "clusterSecurityGroup"),
      // The description is immutable at AWS: keep it constant.
      description: "EKS control plane endpoint: ingress from networks allowed to reach the private API",
      vpcId: network.vpc.id,
      // Lets the security group go even while peered networks' rules still reference it.
      revokeRulesOnDelete: true,
    },
    scope.opts,
  );

  privateEndpointAccess(scope, endpointSecurityGroup, settings);

  const publicCidrs = [...settings.endpointPublicAccessCidrs].sort();
  const cluster = new eks.Cluster(
    `${name}-eks`,
    {
      name: clusterName,
      version: plan.kubernetesVersion,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: network.privateSubnets.map((s) => s.subnet.id),
        securityGroupIds: [endpointSecurityGroup.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        // Set only with an allow-list: EKS reports 0.0.0.0/0 for a private endpoint, which must not be declared.
        ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
      },
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: plan.network.serviceCidr },
      // Stated, never left to EKS's default: EXTENDED keeps the minor until the plan moves it (billed at
      // the extended rate once past standard support), STANDARD lets EKS upgrade it on its own.
      upgradePolicy: { supportType: settings.upgradePolicy === "standard" ? "STANDARD" : "EXTENDED" },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKeyArn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      accessConfig: {
        authenticationMode: "API",
        // The identity running `pulumi up` gets an EKS-managed admin entry, so the same run can use the
        // Kubernetes provider. It is not in adminRoleArns' entries (a second entry for it would conflict).
        bootstrapClusterCreatorAdminPermissions: true,
      },
      // vpc-cni, kube-proxy and CoreDNS come as managed add-ons at pinned versions, not as unmanaged copies.
      bootstrapSelfManagedAddons: false,
    },
    // The role's policies and the log group must outlive the cluster on delete, so the cluster depends on them.
    childOpts(scope, { dependsOn: [...clusterRole.policies, logs] }),
  );

  // EKS reports the issuer once the cluster exists (a bare Pulumi mock reports nothing: then "").
  const oidcIssuer = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
  // No thumbprint: IAM trusts the EKS OIDC endpoints' certificate authority itself.
  const oidcProvider = new iam.OpenIdConnectProvider(`${name}-oidc`, { url: oidcIssuer, clientIdLists: ["sts.amazonaws.com"] }, scope.opts);

  createAccessEntries(scope, cluster, settings.adminRoleArns);

  return {
    cluster,
    oidcProvider,
    oidcIssuer,
    clusterSecurityGroupId: cluster.vpcConfig.apply((v) => v?.clusterSecurityGroupId ?? ""),
    endpointSecurityGroup,
  };
}

/**
 * Who may reach the private endpoint. EKS puts the endpoint's network interfaces in the control
 * plane's security groups, and a security group admits nothing it has no rule for: without these
 * rules nothing outside the cluster's own nodes (a CI runner, a bastion, a VPN) reaches a private-only
 * API ("the cluster's security group must allow ingress on port 443 from the source":
 * https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#private-access). One rule per
 * CIDR and per security group, keyed by it, so adding one never touches the others. Peers' rules
 * (peering.kubernetesApi, network.apiRoute) come from the network fabric.
 */
function privateEndpointAccess(scope: AwsScope, group: ec2.SecurityGroup, settings: AwsSettings): void {
  const rule = (key: string, source: { cidrIpv4: string } | { referencedSecurityGroupId: string }, what: string) =>
    new vpc.SecurityGroupIngressRule(
      `${scope.name}-api-from-${key}`,
      { securityGroupId: group.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, ...source, description: `ClusterFleet: Kubernetes API from ${what}` },
      scope.opts,
    );
  for (const cidr of [...new Set(settings.endpointPrivateAccessCidrs)].sort()) rule(cidr.replace("/", "_"), { cidrIpv4: cidr }, cidr);
  for (const sg of [...new Set(settings.endpointPrivateAccessSecurityGroupIds)].sort()) rule(sg, { referencedSecurityGroupId: sg }, sg);
}

/** cluster-admin for each admin role, through an access entry and the AmazonEKSClusterAdminPolicy. */
function createAccessEntries(scope: AwsScope, cluster: eks.Cluster, adminRoleArns: readonly string[]): void {
  for (const principalArn of [...new Set(adminRoleArns)].sort()) {
    const key = accessKey(principalArn);
    const entry = new eks.AccessEntry(`${scope.name}-access-${key}`, { clusterName: cluster.name, principalArn, type: "STANDARD" }, scope.opts);
    new eks.AccessPolicyAssociation(
      `${scope.name}-access-admin-${key}`,
      {
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: eksAccessPolicyArn(scope.partition, "AmazonEKSClusterAdminPolicy"),
        accessScope: { type: "cluster" },
      },
      scope.opts,
    );
  }
}

/** `arn:aws:iam::111122223333:role/team/admins` → `111122223333-team-admins`: stable and unique per role. */
export function accessKey(roleArn: string): string {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
  const raw = m ? `${m[1]}-${m[2]}` : roleArn;
  return raw.replace(/[^A-Za-z0-9_.-]+/g, "-");
}

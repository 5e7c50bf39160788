// IAM roles of an EKS cluster: the control plane's, the nodes', and one per add-on service account
// (IRSA: the add-on's pods get AWS credentials for their own role, never the node's). Role names
// come from the plan; AWS-managed policies are attached, never copied.
import * as iam from "@pulumi/aws/iam/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { ManagedAddonPlan } from "../../src/plan/types.ts";
import { managedPolicyArn } from "./partition.ts";
import { planName, type AwsScope } from "./scope.ts";

export interface RoleWithPolicies {
  readonly role: iam.Role;
  /** What must exist before the role is usable: its policy attachments and inline policies. */
  readonly policies: readonly pulumi.Resource[];
}

const serviceTrust = (service: string, actions: readonly string[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }] });

function attach(scope: AwsScope, role: iam.Role, key: string, policies: readonly string[]): iam.RolePolicyAttachment[] {
  return policies.map(
    (policy) => new iam.RolePolicyAttachment(`${scope.name}-rpa-${key}-${policy.split("/").pop()}`, { role: role.name, policyArn: managedPolicyArn(scope.partition, policy) }, scope.opts),
  );
}

/** The control plane's role; it may use the Secrets key (EKS creates its grant with this role). */
export function createClusterRole(scope: AwsScope, secretsKeyArn: pulumi.Output<string>): RoleWithPolicies {
  const role = new iam.Role(
    `${scope.name}-role-cluster`,
    {
      name: planName(scope, "clusterRole"),
      description: `EKS control plane of ${planName(scope, "cluster")}`,
      assumeRolePolicy: serviceTrust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
    },
    scope.opts,
  );
  const kmsUse = new iam.RolePolicy(
    `${scope.name}-policy-cluster-kms`,
    {
      role: role.name,
      name: "secrets-encryption",
      policy: secretsKeyArn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ListGrants"], Resource: arn }],
        }),
      ),
    },
    scope.opts,
  );
  return { role, policies: [...attach(scope, role, "cluster", ["AmazonEKSClusterPolicy"]), kmsUse] };
}

/**
 * The nodes' role: join the cluster and pull images. The CNI's permissions are not here but on the
 * vpc-cni add-on's own role, so no pod can borrow them through the node.
 */
export function createNodeRole(scope: AwsScope): RoleWithPolicies {
  const role = new iam.Role(
    `${scope.name}-role-node`,
    {
      name: planName(scope, "nodeRole"),
      description: `EKS nodes of ${planName(scope, "cluster")}`,
      assumeRolePolicy: serviceTrust("ec2.amazonaws.com", ["sts:AssumeRole"]),
    },
    scope.opts,
  );
  return { role, policies: attach(scope, role, "node", ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"]) };
}

/** The role an add-on's service account assumes through the cluster's OIDC provider (IRSA). */
export function createServiceAccountRole(
  scope: AwsScope,
  addon: ManagedAddonPlan & { serviceAccount: NonNullable<ManagedAddonPlan["serviceAccount"]> },
  oidc: { readonly arn: pulumi.Output<string>; readonly issuer: pulumi.Output<string> },
): RoleWithPolicies {
  const sa = addon.serviceAccount;
  const role = new iam.Role(
    `${scope.name}-role-irsa-${addon.name}`,
    {
      name: sa.roleName,
      description: `${addon.name} add-on (${sa.namespace}/${sa.name}) of EKS cluster ${planName(scope, "cluster")}`,
      assumeRolePolicy: pulumi.all([oidc.arn, oidc.issuer]).apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, sa.namespace, sa.name)),
    },
    scope.opts,
  );
  return { role, policies: attach(scope, role, `irsa-${addon.name}`, [sa.managedPolicy]) };
}

/** Only this service account of this cluster, with the STS audience, may assume the role. */
export function irsaTrustPolicy(providerArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
  const host = issuerUrl.replace(/^https:\/\//, "");
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${host}:aud`]: "sts.amazonaws.com", [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}` } },
      },
    ],
  });
}

// The AWS partition a region belongs to, for the ARNs of AWS-managed IAM and EKS access policies
// (`arn:<partition>:iam::aws:policy/...`). Read from the region's name, as the SDKs do, so the
// component asks the cloud nothing (no `aws.getPartition` invoke).
// Sources: https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html,
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html, and the AWS
// European Sovereign Cloud (partition aws-eusc, regions eusc-*).
const PARTITIONS: readonly (readonly [prefix: string, partition: string])[] = [
  ["us-gov-", "aws-us-gov"],
  ["cn-", "aws-cn"],
  ["eusc-", "aws-eusc"],
  ["us-isob-", "aws-iso-b"],
  ["us-iso-", "aws-iso"],
];

export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** ARN of an AWS-managed IAM policy, e.g. `service-role/AmazonEBSCSIDriverPolicy`. */
export const managedPolicyArn = (partition: string, policy: string): string => `arn:${partition}:iam::aws:policy/${policy}`;

/** ARN of an EKS access policy (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html). */
export const eksAccessPolicyArn = (partition: string, policy: string): string => `arn:${partition}:eks::aws:cluster-access-policy/${policy}`;

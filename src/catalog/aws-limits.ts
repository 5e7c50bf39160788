// AWS quotas the planner checks before a run would hit them. Defaults of adjustable quotas: a fleet
// whose account has a raised quota can pass its own catalog (see catalog.ts).

export const awsSecurityGroupLimits = {
  /** Inbound rules per security group (default quota; IPv4 and IPv6 rules are counted apart). */
  inboundRulesPerGroup: 60,
  /** Inbound rules EKS itself puts on the cluster security group (all traffic from the group itself). */
  eksClusterGroupOwnRules: 1,
  source:
    "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups (Inbound or outbound rules per " +
    "security group: 60, adjustable); https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html (the cluster security group's default inbound rule)",
} as const;

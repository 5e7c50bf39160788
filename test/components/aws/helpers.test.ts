// The small pure pieces of the EKS component: AMI type, partition and ARNs, access-entry keys,
// the kubeconfig, the vpc-cni configuration and the IRSA trust policy.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { vpcCniConfiguration } from "../../../components/aws/addons.ts";
import { accessKey } from "../../../components/aws/control-plane.ts";
import { irsaTrustPolicy } from "../../../components/aws/iam.ts";
import { eksKubeconfig } from "../../../components/aws/kubeconfig.ts";
import { amiTypeFor, eksTaints } from "../../../components/aws/node-groups.ts";
import { eksAccessPolicyArn, managedPolicyArn, partitionOf } from "../../../components/aws/partition.ts";

describe("amiTypeFor", () => {
  it.each([
    ["m7i.large", "AL2023_x86_64_STANDARD"],
    ["t3.large", "AL2023_x86_64_STANDARD"],
    ["m7i-flex.large", "AL2023_x86_64_STANDARD"],
    ["m7g.xlarge", "AL2023_ARM_64_STANDARD"],
    ["c7gn.2xlarge", "AL2023_ARM_64_STANDARD"],
    ["t4g.medium", "AL2023_ARM_64_STANDARD"],
    ["r8gd.large", "AL2023_ARM_64_STANDARD"],
    ["g5g.xlarge", "AL2023_ARM_64_NVIDIA"],
    ["g5.xlarge", "AL2023_x86_64_NVIDIA"],
    ["p5.48xlarge", "AL2023_x86_64_NVIDIA"],
    ["inf2.xlarge", "AL2023_x86_64_NEURON"],
    ["trn1.2xlarge", "AL2023_x86_64_NEURON"],
  ])("%s → %s", (machine, want) => expect(amiTypeFor(machine)).toBe(want));
});

describe("eksTaints", () => {
  it("maps Kubernetes effects to EKS's and orders by key, then effect, whatever the spec's order", () => {
    const a = eksTaints([
      { key: "b", effect: "NoExecute" },
      { key: "a", value: "x", effect: "PreferNoSchedule" },
      { key: "a", effect: "NoSchedule" },
    ]);
    expect(a).toEqual([
      { key: "a", effect: "NO_SCHEDULE" },
      { key: "a", value: "x", effect: "PREFER_NO_SCHEDULE" },
      { key: "b", effect: "NO_EXECUTE" },
    ]);
    expect(eksTaints([...[{ key: "a", effect: "NoSchedule" as const }, { key: "b", effect: "NoExecute" as const }]].reverse())).toEqual(eksTaints([{ key: "a", effect: "NoSchedule" }, { key: "b", effect: "NoExecute" }]));
  });
});

describe("partitions", () => {
  it.each([
    ["eu-central-1", "aws"],
    ["us-gov-west-1", "aws-us-gov"],
    ["eusc-de-east-1", "aws-eusc"],
    ["cn-north-1", "aws-cn"],
  ])("%s is in partition %s, and its ARNs say so", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
    expect(managedPolicyArn(partitionOf(region), "service-role/AmazonEBSCSIDriverPolicy")).toBe(`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`);
    expect(eksAccessPolicyArn(partitionOf(region), "AmazonEKSClusterAdminPolicy")).toBe(`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`);
  });
});

describe("accessKey", () => {
  it("keys an access entry by account and role path, so equal role names in two accounts stay apart", () => {
    expect(accessKey("arn:aws:iam::111122223333:role/team/admins")).toBe("111122223333-team-admins");
    expect(accessKey("arn:aws:iam::444455556666:role/team/admins")).not.toBe(accessKey("arn:aws:iam::111122223333:role/team/admins"));
  });
});

describe("eksKubeconfig", () => {
  const base = { clusterName: "acme-prod", region: "eu-central-1", endpoint: "https://X.gr7.eu-central-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=" };
  it("holds no credential: the token comes from `aws eks get-token` for this cluster in its region", () => {
    const k = parse(eksKubeconfig(base)) as Record<string, any>;
    expect(k["current-context"]).toBe("acme-prod");
    expect(k.clusters[0].cluster).toEqual({ server: base.endpoint, "certificate-authority-data": "Q0E=" });
    expect(k.users[0].user).toEqual({
      exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "acme-prod", "--region", "eu-central-1", "--output", "json"], interactiveMode: "Never" },
    });
    // The user is the exec plugin alone: no token, client key or password is ever written down.
    expect(Object.keys(k.users[0].user)).toEqual(["exec"]);
  });

  it("asks for the token as the deployment's role when the cluster's provider assumes one", () => {
    const k = parse(eksKubeconfig({ ...base, roleArn: "arn:aws:iam::111122223333:role/deployer" })) as Record<string, any>;
    expect(k.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", "acme-prod", "--region", "eu-central-1", "--role-arn", "arn:aws:iam::111122223333:role/deployer", "--output", "json"]);
  });
});

describe("vpcCniConfiguration", () => {
  it("is stable JSON: zones in the plan's order, one ENIConfig each", () => {
    const subnets = [
      { zone: "eu-central-1a", subnetId: "subnet-a" },
      { zone: "eu-central-1b", subnetId: "subnet-b" },
    ];
    const text = vpcCniConfiguration("eu-central-1", subnets, "sg-1");
    expect(vpcCniConfiguration("eu-central-1", subnets, "sg-1")).toBe(text);
    expect(JSON.parse(text).eniConfig).toEqual({
      create: true,
      region: "eu-central-1",
      subnets: { "eu-central-1a": { id: "subnet-a", securityGroups: ["sg-1"] }, "eu-central-1b": { id: "subnet-b", securityGroups: ["sg-1"] } },
    });
  });

  // https://docs.aws.amazon.com/eks/latest/userguide/external-snat.html: without external SNAT the CNI
  // rewrites pod addresses to the node's for every destination outside the VPC (peerings, transit
  // gateways, VPNs), so the peers' rules and routes for this cluster's pod CIDR would never see a packet.
  it("keeps pod addresses on traffic to peers (external SNAT: the NAT gateways handle the internet)", () => {
    const env = JSON.parse(vpcCniConfiguration("eu-central-1", [{ zone: "eu-central-1a", subnetId: "subnet-a" }], "sg-1")).env;
    expect(env["AWS_VPC_K8S_CNI_EXTERNALSNAT"]).toBe("true");
  });
});

describe("irsaTrustPolicy", () => {
  it("lets only one service account of one cluster assume the role", () => {
    const p = JSON.parse(irsaTrustPolicy("arn:aws:iam::1:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC", "https://oidc.eks.eu-central-1.amazonaws.com/id/ABC", "kube-system", "aws-node"));
    expect(p.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "oidc.eks.eu-central-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com", "oidc.eks.eu-central-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:aws-node" } },
      },
    ]);
  });
});

// What the EKS component refuses at its boundary, and the optional `aws.assumeRoleArn` setting.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { awsFleet, eksOf, planOf, render, T } from "./fixtures.ts";

const withCluster = (plan: FleetPlan, name: string, change: (c: ClusterPlan) => ClusterPlan): FleetPlan => ({
  ...plan,
  clusters: plan.clusters.map((c) => (c.name === name ? change(c) : c)),
});

describe("the EksCluster boundary", () => {
  it("refuses a VPC too small for its subnets, naming the field and the size that would fit", async () => {
    const plan = withCluster(planOf(awsFleet()), "dev-dub", (c) => ({ ...c, network: { ...c.network, cidr: "10.1.0.0/26" } }));
    await expect(render(plan)).rejects.toThrow(/EksCluster "acme-dev-dub": cluster\.network\.cidr: 10\.1\.0\.0\/26 is too small for public subnets in 2 zones: .*use a network of \/25 or larger/);
  });

  it("refuses a plan without pinned add-ons instead of guessing versions", async () => {
    const plan = withCluster(planOf(awsFleet()), "dev-dub", ({ managedAddons: _dropped, ...c }) => c);
    await expect(render(plan)).rejects.toThrow(/cluster\.managedAddons: the plan pins no EKS add-ons/);
  });
});

describe("aws.assumeRoleArn", () => {
  const role = "arn:aws:iam::444455556666:role/clusterfleet-deployer";

  it("makes the cluster's provider assume the role, and the kubeconfig ask for tokens as that role", async () => {
    const run = await render(planOf(awsFleet({ prod: { aws: { assumeRoleArn: role } } })));
    const prod = eksOf(run, "prod-fra");
    expect(prod.one(T.provider).inputs["assumeRoles"]).toEqual(JSON.stringify([{ roleArn: role, sessionName: "clusterfleet" }]));
    const kubeconfig = (run.componentOutputs.get(prod.component.urn)!["kubeconfig"] as SecretValue).value as string;
    expect((parse(kubeconfig) as { users: { user: { exec: { args: string[] } } }[] }).users[0]!.user.exec.args).toContain(role);
    // The other cluster keeps the ambient credentials.
    expect(eksOf(run, "dev-dub").one(T.provider).inputs).not.toHaveProperty("assumeRoles");
  });
});

describe("aws.assumeRoleArn in the spec", () => {
  it("is refused unless it is an IAM role ARN", () => {
    const plan = planFleet(awsFleet({ prod: { aws: { assumeRoleArn: "arn:aws:iam::444455556666:user/someone" } } }));
    expect(plan.problems?.map((p) => [p.path, p.message])).toEqual([["clusters[0].aws.assumeRoleArn", expect.stringMatching(/must be an IAM role ARN/)]]);
  });
});

// The stand-in cloud plugins are test fixtures, but the engine tests lean on what they refuse and
// answer: check that here, without the engine.
import { describe, expect, it } from "vitest";
import { standinProvider } from "./standins/standin-provider.ts";

const aws = standinProvider("aws", "0.0.0");
const urn = (type: string, name: string) => `urn:pulumi:dev::clusterfleet::clusterfleet:fleet:ClusterFleet$${type}::${name}`;
const VPC = urn("aws:ec2/vpc:Vpc", "acme-vpc");
const EKS = urn("aws:eks/cluster:Cluster", "acme-eks");

describe("the stand-in AWS plugin", () => {
  it("refuses an input the type does not declare and a required one left out, as the real provider's Check", async () => {
    const ok = await aws.check!(VPC, {}, { cidrBlock: "10.0.0.0/16", tags: { a: "b" } });
    expect(ok.failures).toEqual([]);
    const bad = await aws.check!(EKS, {}, { name: "acme", vpcConfg: {} });
    expect(bad.failures!.map((f) => f.property).sort()).toEqual(["roleArn", "vpcConfg", "vpcConfig"]);
  });

  it("answers deterministic outputs derived from the inputs, and reports no diff for the same inputs", async () => {
    const inputs = { name: "acme-eks", roleArn: "arn:aws:iam::1:role/r", vpcConfig: { subnetIds: ["s-1"] } };
    const a = await aws.create!(EKS, inputs);
    const b = await aws.create!(EKS, inputs);
    expect(a).toEqual(b);
    expect(a.outs["arn"]).toMatch(/^arn:aws:eks:.*:cluster\/acme-eks$/);
    expect((await aws.diff!(a.id, EKS, a.outs, inputs)).changes).toBe(false);
    expect((await aws.diff!(a.id, EKS, a.outs, { ...inputs, version: "1.36" })).changes).toBe(true);
    const { vpcConfig: _, ...without } = inputs;
    expect((await aws.diff!(a.id, EKS, a.outs, without)).changes).toBe(true);
  });
});

// Loki's logs on EKS: an S3 bucket in the cluster's region, private and encrypted, kept on delete,
// and an IRSA role that only Loki's ServiceAccount assumes, allowed on that bucket only.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { awsFleet, eksOf, planOf, render } from "./fixtures.ts";

let run: MockRun;
let plan: FleetPlan;
beforeAll(async () => {
  plan = planOf(awsFleet());
  run = await render(plan);
});

describe("Loki's log storage on AWS", () => {
  it("is a bucket named by the plan, created by the cluster's own (regional) provider, private, encrypted and kept", () => {
    for (const c of plan.clusters.filter((x) => x.provider === "aws")) {
      const eks = eksOf(run, c.name);
      const bucket = eks.one("aws:s3/bucket:Bucket");
      expect(bucket.inputs["bucket"]).toBe(c.observability.logStore!.bucket);
      expect(c.observability.logStore!.region).toBe(c.region);
      const provider = eks.one("pulumi:providers:aws");
      expect(bucket.provider).toBe(`${provider.urn}::${provider.name}-id`);
      expect(provider.inputs["region"]).toBe(c.region);
      expect(bucket.retainOnDelete).toBe(true);
      expect(eks.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
      const sse = eks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs["rules"] as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[];
      expect(sse[0]!.applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
    }
  });

  it("lets only loki/loki assume its role, and the role only use that bucket", () => {
    const eks = eksOf(run, "prod-fra");
    const role = eks.one("aws:iam/role:Role", "acme-prod-fra-role-irsa-loki");
    const trust = JSON.parse(String(role.inputs["assumeRolePolicy"])) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(Object.values(trust.Statement[0]!.Condition.StringEquals)).toContain("system:serviceaccount:loki:loki");
    const policy = JSON.parse(String(eks.one("aws:iam/rolePolicy:RolePolicy", "acme-prod-fra-policy-loki-bucket").inputs["policy"])) as { Statement: { Resource: string }[] };
    const bucket = eks.one("aws:s3/bucket:Bucket");
    const arn = `arn:aws:s3:::${String(bucket.inputs["bucket"])}`;
    expect(policy.Statement.map((s) => s.Resource).sort()).toEqual([arn, `${arn}/*`].sort());
    const loki = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.startsWith("acme-prod-fra") && r.name.endsWith("-loki"));
    expect(loki?.dependsOn).toEqual(expect.arrayContaining([bucket.name, "acme-prod-fra-policy-loki-bucket"]));
  });
});

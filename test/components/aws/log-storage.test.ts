// Loki's logs on EKS: an S3 bucket in the cluster's region, private and encrypted, kept on delete,
// and an IRSA role that only Loki's ServiceAccount assumes, allowed on that bucket only.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { awsFleet, eksOf, planOf, render } from "./fixtures.ts";

let run: MockRun;
let plan: FleetPlan;
beforeAll(async () => {
  // prod-fra keeps its logs 90 days, dev-dub the default 30: each bucket's rule follows its own plan.
  plan = planOf(awsFleet({ prod: { addons: { observability: { logRetentionDays: 90 } } } }));
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

  // S3 lifecycle expiration (docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
  it("expires every object of the log bucket, and only of it, the plan's bucketExpiryDays after creation", () => {
    const days = new Map<string, number>();
    for (const c of plan.clusters.filter((x) => x.provider === "aws")) {
      const eks = eksOf(run, c.name);
      const lifecycle = eks.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
      expect(lifecycle.inputs["bucket"]).toBe(`${eks.one("aws:s3/bucket:Bucket").name}-id`);
      expect(lifecycle.provider).toBe(eks.one("aws:s3/bucket:Bucket").provider);
      // Kept with the bucket, so a retired cluster's logs still expire.
      expect(lifecycle.retainOnDelete).toBe(true);
      const rules = lifecycle.inputs["rules"] as { status: string; filter: { prefix: string }; expiration: { days: number } }[];
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ status: "Enabled", filter: { prefix: "" } });
      expect(rules[0]!.expiration.days).toBe(c.observability.logStore!.bucketExpiryDays);
      days.set(c.name, rules[0]!.expiration.days);
    }
    expect(Object.fromEntries(days)).toEqual({ "prod-fra": 97, "dev-dub": 37 });
    const loki = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.startsWith("acme-prod-fra") && r.name.endsWith("-loki"));
    expect(loki?.dependsOn).toContain(eksOf(run, "prod-fra").one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").name);
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

// Loki's logs on GKE: a Cloud Storage bucket in the cluster's region, private, kept on delete, and a
// service account Loki's ServiceAccount acts as, allowed on that bucket only.
import { beforeAll, describe, expect, it } from "vitest";
import { at, renderGke, T, type RenderedGke } from "./gke-fixtures.ts";

let g: RenderedGke;
beforeAll(async () => {
  g = await renderGke();
});

describe("Loki's log storage on GCP", () => {
  it("is a single-region bucket in the cluster's region, named by the plan, private and kept", () => {
    const bucket = g.one(T.bucket);
    expect(bucket.inputs["name"]).toBe(g.plan.observability.logStore!.bucket);
    expect(bucket.inputs["location"]).toBe(g.plan.region.toUpperCase());
    expect(at(bucket, "uniformBucketLevelAccess")).toBe(true);
    expect(at(bucket, "publicAccessPrevention")).toBe("enforced");
    expect(bucket.retainOnDelete).toBe(true);
  });

  // Object Lifecycle Management (cloud.google.com/storage/docs/lifecycle): age counts days since creation.
  it("deletes every object the plan's bucketExpiryDays after creation, with one rule on the log bucket", () => {
    const rules = at(g.one(T.bucket), "lifecycleRules");
    expect(rules).toEqual([{ action: { type: "Delete" }, condition: { age: g.plan.observability.logStore!.bucketExpiryDays } }]);
    expect(g.plan.observability.logStore!.bucketExpiryDays).toBe(37);
  });

  it("follows the cluster's own retention", async () => {
    const other = await renderGke({ addons: { observability: { logRetentionDays: 10 } } });
    expect(at(other.one(T.bucket), "lifecycleRules")).toEqual([{ action: { type: "Delete" }, condition: { age: 17 } }]);
  });

  it("binds loki/loki to its own service account through Workload Identity, allowed on that bucket only", () => {
    const account = g.one(T.account, "-sa-loki");
    expect(account.inputs["accountId"]).toBe(g.plan.names["lokiServiceAccount"]);
    const wi = g.one(T.accountMember);
    expect(String(wi.inputs["member"])).toMatch(/\.svc\.id\.goog\[loki\/loki\]$/);
    expect(wi.inputs["role"]).toBe("roles/iam.workloadIdentityUser");
    const grant = g.one(T.bucketMember);
    expect(grant.inputs["role"]).toBe("roles/storage.objectAdmin");
    expect(grant.dependsOn).toContain(g.one(T.bucket).name);
    const loki = g.run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.startsWith(g.component.name) && r.name.endsWith("-loki"));
    expect(loki?.dependsOn).toEqual(expect.arrayContaining([g.one(T.bucket).name, grant.name, wi.name]));
  });
});

// terraform-google-modules/terraform-google-kubernetes-engine#916: binding `PROJECT.svc.id.goog[ns/sa]`
// before the project's first Workload Identity cluster exists fails with "Identity Pool does not exist".
describe("Workload Identity bindings on GKE", () => {
  it("take their member from the cluster's workloadIdentityConfig, so they wait for the cluster", () => {
    const cluster = g.one(T.cluster);
    const bindings = g.under.filter((r) => r.type === T.accountMember);
    expect(bindings.length).toBeGreaterThan(0);
    for (const b of bindings) {
      expect(b.dependsOn, b.name).toContain(cluster.name);
      expect(String(b.inputs["member"])).toMatch(/^serviceAccount:acme-eu-prod\.svc\.id\.goog\[[a-z-]+\/[a-z-]+\]$/);
    }
  });
});

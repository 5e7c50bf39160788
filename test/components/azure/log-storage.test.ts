// Loki's logs on AKS: a storage account in the cluster's own location, Entra-only, kept on delete,
// and an identity Loki's ServiceAccount becomes, allowed on that account only.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { aksParts, at, azureFleet, clusterPlan, render, T } from "./fixtures.ts";

let run: MockRun;
let plan: FleetPlan;
beforeAll(async () => {
  // dev-fra keeps its logs 7 days, prod-ams the default 30: each account's rule follows its own plan.
  const spec = azureFleet();
  spec.clusters.find((c) => c.name === "dev-fra")!.addons = { observability: { logRetentionDays: 7 } };
  ({ run, plan } = await render(spec));
});

describe("Loki's log storage on Azure", () => {
  it("is a private storage account and container in the cluster's location, zone-redundant with HA, kept on delete", () => {
    for (const [name, sku] of [["prod-ams", "Standard_ZRS"], ["dev-fra", "Standard_LRS"]] as const) {
      const c = clusterPlan(plan, name);
      const p = aksParts(run, `acme-${name}`);
      const account = p.all.find((r) => r.type === T.storage)!;
      const container = p.all.find((r) => r.type === T.container)!;
      expect(at(account, "accountName")).toBe(c.observability.logStore!.account);
      expect(at(account, "location")).toBe(c.region);
      expect(at(account, "sku.name")).toBe(sku);
      expect(at(account, "allowBlobPublicAccess")).toBe(false);
      expect(at(account, "allowSharedKeyAccess")).toBe(false);
      expect(at(container, "containerName")).toBe(c.observability.logStore!.bucket);
      expect(account.retainOnDelete && container.retainOnDelete).toBe(true);
    }
  });

  // Azure Blob lifecycle management (learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview).
  it("deletes the log container's blobs, and only its, the plan's bucketExpiryDays after their last change", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const c = clusterPlan(plan, name);
      const p = aksParts(run, `acme-${name}`);
      const account = p.all.find((r) => r.type === T.storage)!;
      const policies = p.all.filter((r) => r.type === T.managementPolicy);
      expect(policies).toHaveLength(1);
      const policy = policies[0]!;
      // On the log account (its name is an output of it, unknown under mocks).
      expect(policy.dependsOn).toContain(account.name);
      expect(at(policy, "managementPolicyName")).toBe("default");
      expect(policy.retainOnDelete).toBe(true);
      const rules = at(policy, "policy.rules") as { enabled: boolean; type: string; definition: { filters: unknown; actions: unknown } }[];
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({ enabled: true, type: "Lifecycle" });
      expect(rules[0]!.definition.filters).toEqual({ blobTypes: ["blockBlob"], prefixMatch: [`${c.observability.logStore!.bucket}/`] });
      expect(rules[0]!.definition.actions).toEqual({ baseBlob: { delete: { daysAfterModificationGreaterThan: c.observability.logStore!.bucketExpiryDays } } });
    }
    expect(clusterPlan(plan, "dev-fra").observability.logStore!.bucketExpiryDays).toBe(14);
  });

  it("federates Loki's ServiceAccount with its own identity, allowed on that account only", () => {
    const p = aksParts(run, "acme-prod-ams");
    const federation = p.all.find((r) => r.type === T.federation)!;
    expect(at(federation, "subject")).toBe("system:serviceaccount:loki:loki");
    expect(at(federation, "audiences")).toEqual(["api://AzureADTokenExchange"]);
    const grant = p.all.find((r) => r.type === T.role && r.name.endsWith("-role-loki-logs"))!;
    const account = p.all.find((r) => r.type === T.storage)!;
    expect(grant.dependsOn).toContain(account.name);
    expect(String(at(grant, "roleDefinitionId"))).toMatch(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
    const loki = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name.startsWith("acme-prod-ams") && r.name.endsWith("-loki"));
    expect(loki?.dependsOn).toEqual(expect.arrayContaining([account.name, grant.name]));
  });
});

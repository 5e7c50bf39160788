// Loki's logs on AKS: a storage account in the cluster's own location, Entra-only, kept on delete,
// and an identity Loki's ServiceAccount becomes, allowed on that account only.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { aksParts, at, azureFleet, clusterPlan, render, T } from "./fixtures.ts";

let run: MockRun;
let plan: FleetPlan;
beforeAll(async () => {
  ({ run, plan } = await render(azureFleet()));
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

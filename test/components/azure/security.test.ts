// Who can reach and sign in to an Azure cluster, and how its secrets are kept: Entra ID with Azure
// RBAC and no local accounts, a private API server unless ranges are listed, no node public IPs,
// etcd encrypted with a Key Vault key in the cluster's region, kubeconfigs secret everywhere.
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { azureRoles, roleAssignmentPropagation } from "../../../src/catalog/aks.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../../../src/preview/mocks/azure.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { exposedKubeconfigs, looksLikeKubeconfig } from "../../fixtures/graph.ts";
import { ADMIN_GROUP, aksParts, at, azureFleet, clusterPlan, render, T } from "./fixtures.ts";

let plan: FleetPlan;
let run: MockRun;
beforeAll(async () => ({ plan, run } = await render(azureFleet())));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const outputsOf = (r: MockRun, urn: string) => r.componentOutputs.get(urn) ?? {};

describe("secrets encryption (AKS KMS with Key Vault)", () => {
  it("puts the key's vault in the cluster's region, with RBAC authorization, soft delete and purge protection", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const c = clusterPlan(plan, name);
      const { vault } = aksParts(run, `acme-${name}`);
      expect(vault.inputs["location"]).toBe(c.region);
      expect(at(vault, "properties")).toMatchObject({ enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true, tenantId: MOCK_TENANT_ID });
    }
    // Global names: each cluster its own vault.
    expect(at(aksParts(run, "acme-prod-ams").vault, "vaultName")).not.toBe(at(aksParts(run, "acme-dev-fra").vault, "vaultName"));
  });

  it("encrypts etcd with that vault's key: the securityProfile names the key's versioned URI", () => {
    const p = aksParts(run, "acme-prod-ams");
    const kms = at(p.cluster, "securityProfile.azureKeyVaultKms");
    const vaultName = at(p.vault, "vaultName") as string;
    expect(kms).toMatchObject({ enabled: true, keyVaultNetworkAccess: "Public" });
    expect(kms.keyId).toMatch(new RegExp(`^https://${vaultName}\\.vault\\.azure\\.net/keys/${at(p.key, "keyName")}/[0-9a-f]{32}$`));
    expect(at(p.key, "vaultName")).toBe(vaultName);
    expect(p.cluster.dependsOn).toContain(p.key.name);
  });

  it("gives the cluster's own user-assigned identity Key Vault Crypto User on the vault, and the cluster waits for it", () => {
    const p = aksParts(run, "acme-prod-ams");
    expect(at(p.cluster, "identity")).toEqual({ type: "UserAssigned", userAssignedIdentities: [`${p.identity.name}-id`] });
    expect(p.kmsRole.inputs).toMatchObject({
      roleDefinitionId: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${azureRoles.keyVaultCryptoUser.id}`,
      scope: `${p.vault.name}-id`,
      principalType: "ServicePrincipal",
    });
    expect(p.kmsRole.inputs["principalId"]).toMatch(GUID);
    expect(p.kmsRole.inputs["roleAssignmentName"]).toMatch(GUID);
    expect(p.kmsRole.dependsOn).toEqual(expect.arrayContaining([p.identity.name, p.vault.name]));
    // Not an input of the cluster, so only an explicit dependency makes AKS wait for the grant.
    expect(p.cluster.dependsOn).toEqual(expect.arrayContaining([p.kmsRole.name, p.subnetRole.name]));
  });

  // Azure/AKS#3575: AKS validates the identity's encrypt/decrypt access when it creates the cluster, and
  // a fresh role assignment is enforced only minutes after it exists (AzureKeyVaultKmsValidateIdentityPermissionCustomerError).
  it("creates the cluster only after a pause that starts once both role assignments exist", () => {
    const p = aksParts(run, "acme-prod-ams");
    const pause = p.all.find((r) => r.type === T.command && r.name.endsWith("-role-propagation"))!;
    expect(pause.inputs["create"]).toBe(`sleep ${roleAssignmentPropagation.seconds}`);
    expect(roleAssignmentPropagation.seconds).toBeGreaterThanOrEqual(60);
    expect(pause.dependsOn).toEqual(expect.arrayContaining([p.kmsRole.name, p.subnetRole.name]));
    // Waits again when an assignment is replaced, and only then.
    expect(pause.inputs["triggers"]).toEqual([`${p.kmsRole.name}-id`, `${p.subnetRole.name}-id`]);
    expect(p.cluster.dependsOn).toContain(pause.name);
  });

  it("lets the same identity join the node subnet (Network Contributor on the subnet)", () => {
    const p = aksParts(run, "acme-prod-ams");
    expect(p.subnetRole.inputs).toMatchObject({ scope: `${p.subnet.name}-id`, principalId: p.kmsRole.inputs["principalId"] });
    expect(String(p.subnetRole.inputs["roleDefinitionId"])).toMatch(new RegExp(`/roleDefinitions/${azureRoles.networkContributor.id}$`));
    expect(p.subnetRole.inputs["roleAssignmentName"]).not.toBe(p.kmsRole.inputs["roleAssignmentName"]);
  });
});

describe("sign-in and identity", () => {
  it("uses Entra ID with Azure RBAC, the spec's admin groups, and no local accounts", () => {
    const prod = aksParts(run, "acme-prod-ams").cluster;
    expect(at(prod, "aadProfile")).toEqual({ managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [ADMIN_GROUP] });
    expect(prod.inputs).toMatchObject({ disableLocalAccounts: true, enableRBAC: true });
    const dev = aksParts(run, "acme-dev-fra").cluster;
    expect(at(dev, "aadProfile")).toEqual({ managed: true, enableAzureRBAC: true });
    expect(dev.inputs["disableLocalAccounts"]).toBe(true);
  });

  it("turns on the OIDC issuer and workload identity, and exposes the issuer URL", () => {
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      const p = aksParts(run, name);
      expect(at(p.cluster, "oidcIssuerProfile.enabled")).toBe(true);
      expect(at(p.cluster, "securityProfile.workloadIdentity.enabled")).toBe(true);
      expect(outputsOf(run, p.component.urn)["oidcIssuerUrl"]).toMatch(/^https:\/\/.+\.oic\.prod-aks\.azure\.com\//);
    }
  });
});

describe("exposure", () => {
  it("keeps the API server private by default, with no public DNS name for it", () => {
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      const p = aksParts(run, name);
      expect(at(p.cluster, "apiServerAccessProfile")).toEqual({ enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: "system" });
      expect(outputsOf(run, p.component.urn)["endpoint"]).toMatch(/^https:\/\/[^/]+\.privatelink\.[a-z]+\.azmk8s\.io:443$/);
    }
  });

  it("opens the API server publicly to exactly the listed ranges when the spec lists some", async () => {
    const spec = azureFleet();
    spec.clusters[1].azure = { apiServerAuthorizedIpRanges: ["203.0.113.0/24", "198.51.100.16/28", "203.0.113.0/24"] };
    const { run: open } = await render(spec);
    const dev = aksParts(open, "acme-dev-fra");
    expect(at(dev.cluster, "apiServerAccessProfile")).toEqual({ enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.16/28", "203.0.113.0/24"] });
    expect(outputsOf(open, dev.component.urn)["endpoint"]).toMatch(/^https:\/\/[^/]+\.hcp\.germanywestcentral\.azmk8s\.io:443$/);
    // The other cluster stays private.
    expect(at(aksParts(open, "acme-prod-ams").cluster, "apiServerAccessProfile.enablePrivateCluster")).toBe(true);
  });

  it("gives no node a public IP, in the system pool or any agent pool", () => {
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      const p = aksParts(run, name);
      const pools = [...(at(p.cluster, "agentPoolProfiles") as object[]), ...p.pools.map((x) => x.inputs)];
      expect(pools.length).toBe(p.pools.length + 1);
      for (const pool of pools) expect(pool).toMatchObject({ enableNodePublicIP: false });
      expect(at(p.subnet, "defaultOutboundAccess")).toBe(false);
    }
  });
});

describe("the kubeconfig", () => {
  it("is never plain text, in any input or output of the run", () => {
    expect(exposedKubeconfigs(run)).toEqual([]);
  });

  it("is the cluster's Entra ID user kubeconfig (kubelogin exec), secret in the component's outputs", () => {
    const p = aksParts(run, "acme-prod-ams");
    const out = outputsOf(run, p.component.urn);
    expect(out["kubeconfig"]).toBeInstanceOf(SecretValue);
    const text = (out["kubeconfig"] as SecretValue).value as string;
    expect(looksLikeKubeconfig(text)).toBe(true);
    const k = parse(text) as { clusters: { cluster: { server: string } }[]; users: { user: { exec?: { command: string; args: string[] } } }[] };
    expect(k.users[0]!.user.exec?.command).toBe("kubelogin");
    expect(k.users[0]!.user.exec?.args).toContain("get-token");
    expect(k.clusters[0]!.cluster.server).toBe(out["endpoint"]);
  });

  it("builds the Kubernetes provider from the cluster's own outputs", () => {
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      const p = aksParts(run, name);
      expect(p.k8sProvider.dependsOn).toContain(p.cluster.name);
      const kubeconfig = p.k8sProvider.inputs["kubeconfig"];
      expect(kubeconfig).toBeInstanceOf(SecretValue);
      const server = (parse((kubeconfig as SecretValue).value as string) as { clusters: { cluster: { server: string } }[] }).clusters[0]!.cluster.server;
      expect(server).toBe(outputsOf(run, p.component.urn)["endpoint"]);
      expect(server).toContain(at(p.cluster, "dnsPrefix"));
    }
  });
});

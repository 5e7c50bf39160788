// What an Azure cluster is made of, where it hangs in the tree, which provider and tags it carries,
// and that rendering it twice gives the same thing.
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { ancestorTypes, ofType } from "../../fixtures/graph.ts";
import { aksParts, at, azureFleet, clusterPlan, render, SUBSCRIPTION, T } from "./fixtures.ts";

let plan: FleetPlan;
let run: MockRun;
beforeAll(async () => ({ plan, run } = await render(azureFleet())));

/** Loki's log storage: account, container, its identity, the federation and the role on the account. */
const LOG_STORAGE = [T.storage, T.container, T.managementPolicy, T.identity, T.federation, T.role];
/** The node subnet's NSG and its last rule (the fabric adds the peers' rules before it). */
const NODE_NSG = ["azure-native:network:NetworkSecurityGroup", "azure-native:network:SecurityRule"];
const countTypes = (types: readonly string[]) => Object.fromEntries([...new Set(types)].sort().map((t) => [t, types.filter((x) => x === t).length]));

describe("an Azure cluster", () => {
  it("is an AksCluster under the ClusterFleet, and everything it creates is under it", () => {
    expect(ofType(run, TOKENS.aks).map((r) => r.name).sort()).toEqual(["acme-dev-fra", "acme-prod-ams"]);
    for (const component of ofType(run, TOKENS.aks)) {
      expect(ancestorTypes(run, component)).toEqual([TOKENS.fleet, "pulumi:pulumi:Stack"]);
    }
    // The links between the clusters (peerings, firewall rules) are the network fabric's, under the fleet.
    const azure = run.resources.filter((r) => (r.type.startsWith("azure-native:") || r.type.startsWith("pulumi:providers:")) && !ancestorTypes(run, r).includes(TOKENS.fabric));
    expect(azure.length).toBeGreaterThan(0);
    // Data sovereignty's resources sit in their own group under the cluster (components/sovereignty/cloud-group.ts).
    for (const r of azure) expect(ancestorTypes(run, r).filter((t) => t !== TOKENS.cloudSovereignty).slice(0, 2), r.name).toEqual([TOKENS.aks, TOKENS.fleet]);
    expect(ofType(run, TOKENS.plannedCluster)).toEqual([]);
  });

  it("makes, for an HA cluster with two pools, exactly these resources", () => {
    const { all, component } = aksParts(run, "acme-prod-ams");
    expect(countTypes(all.map((r) => r.type))).toEqual(
      countTypes([T.provider, T.k8sProvider, T.group, T.vnet, T.subnet, ...NODE_NSG, T.identity, T.vault, T.key, T.role, T.role, T.command, T.cluster, T.pool, T.pool, ...LOG_STORAGE]),
    );
    // Child names are `<component>-<role>[-<stable key>]`: the pools are keyed by their planned name.
    for (const r of all) expect(r.name.startsWith(`${component.name}-`), r.name).toBe(true);
    expect(aksParts(run, "acme-prod-ams").pools.map((p) => p.name).sort()).toEqual(["acme-prod-ams-pool-batch", "acme-prod-ams-pool-general"]);
  });

  it("makes the same kinds for a non-HA cluster, one agent pool per planned pool", () => {
    const { all } = aksParts(run, "acme-dev-fra");
    expect(countTypes(all.map((r) => r.type))).toEqual(countTypes([T.provider, T.k8sProvider, T.group, T.vnet, T.subnet, ...NODE_NSG, T.identity, T.vault, T.key, T.role, T.role, T.command, T.cluster, T.pool, ...LOG_STORAGE]));
  });

  it("uses physical names from the plan", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const names = clusterPlan(plan, name).names;
      const p = aksParts(run, `acme-${name}`);
      expect(at(p.group, "resourceGroupName")).toBe(names["resourceGroup"]);
      expect(at(p.cluster, "resourceName")).toBe(names["cluster"]);
      expect(at(p.cluster, "dnsPrefix")).toBe(names["dnsPrefix"]);
      expect(at(p.vnet, "virtualNetworkName")).toBe(names["vnet"]);
      expect(at(p.vault, "vaultName")).toBe(names["keyVault"]);
      expect(p.pools.map((x) => at(x, "agentPoolName")).sort()).toEqual(clusterPlan(plan, name).nodePools.map((x) => x.providerName).sort());
    }
  });

  it("sends every Azure resource of a cluster through that cluster's own azure-native provider", () => {
    const prod = aksParts(run, "acme-prod-ams");
    const dev = aksParts(run, "acme-dev-fra");
    expect(prod.provider.urn).not.toBe(dev.provider.urn);
    for (const p of [prod, dev]) {
      const custom = p.all.filter((r) => r.type.startsWith("azure-native:"));
      // All but the two providers and the role-propagation pause (a local command).
      expect(custom.length).toBe(p.all.length - 3);
      for (const r of custom) expect(r.provider?.startsWith(`${p.provider.urn}::`), r.name).toBe(true);
    }
    // The subscription from the cluster's azure block, else the credentials' own.
    expect(prod.provider.inputs["subscriptionId"]).toBe(SUBSCRIPTION);
    expect(dev.provider.inputs["subscriptionId"]).toBeUndefined();
  });

  it("tags every taggable resource with the plan's labels (fleet, cluster, region, jurisdiction, environment, managed-by)", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const labels = clusterPlan(plan, name).labels;
      expect(Object.keys(labels)).toEqual(expect.arrayContaining(["fleet", "cluster", "region", "jurisdiction", "environment", "managed-by"]));
      const p = aksParts(run, `acme-${name}`);
      const taggable = [p.group, p.vnet, p.identity, p.vault, p.key, p.cluster, ...p.pools];
      for (const r of taggable) expect(r.inputs["tags"], r.name).toEqual(labels);
      expect(at(p.cluster, "agentPoolProfiles.0.tags")).toEqual(labels);
    }
    expect(clusterPlan(plan, "prod-ams").labels).toMatchObject({ team: "platform", "managed-by": "clusterfleet", region: "westeurope" });
  });

  it("keeps the key, its vault, the log storage (with its expiry policy) and their resource group when the cluster is destroyed, and protects nothing else from deletion", () => {
    const p = aksParts(run, "acme-prod-ams");
    const retained = p.all.filter((r) => r.retainOnDelete).map((r) => r.type).sort();
    expect(retained).toEqual([T.vault, T.key, T.group, T.storage, T.container, T.managementPolicy].sort());
    expect(p.all.filter((r) => r.protect)).toEqual([]);
  });

  it("renders byte-identically twice: no clock, no randomness", async () => {
    const again = await render(azureFleet());
    const view = (r: MockRun) => JSON.stringify(r.resources.map((x) => [x.type, x.name, x.inputs, x.dependsOn]));
    expect(view(again.run)).toBe(view(run));
  });
});

// The network an Azure cluster gets from its plan (VNet, subnet, CNI overlay CIDRs) and its node
// pools: one per planned pool, rendered from the plan, created in parallel once the cluster exists.
import { beforeAll, describe, expect, it } from "vitest";
import { dnsServiceIp } from "../../../components/azure/network.ts";
import { aksSpotTaint, aksSystemPool } from "../../../src/catalog/aks.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { aksParts, at, azureFleet, clusterPlan, inCidr, render } from "./fixtures.ts";

let plan: FleetPlan;
let run: MockRun;
beforeAll(async () => ({ plan, run } = await render(azureFleet())));

describe("the cluster network", () => {
  it("spans the VNet and its node subnet over the plan's node CIDR", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const c = clusterPlan(plan, name);
      const p = aksParts(run, `acme-${name}`);
      expect(at(p.vnet, "addressSpace.addressPrefixes")).toEqual([c.network.cidr]);
      expect(p.vnet.inputs["location"]).toBe(c.region);
      expect(at(p.subnet, "addressPrefix")).toBe(c.network.cidr);
      expect(at(p.subnet, "virtualNetworkName")).toBe(c.names["vnet"]);
      for (const pool of [...(at(p.cluster, "agentPoolProfiles") as object[]), ...p.pools.map((x) => x.inputs)]) {
        expect(pool).toMatchObject({ vnetSubnetID: `${p.subnet.name}-id` });
      }
    }
  });

  it("runs Azure CNI overlay on the plan's pod and service CIDRs, with the DNS service inside the service CIDR", () => {
    for (const name of ["prod-ams", "dev-fra"]) {
      const c = clusterPlan(plan, name);
      const net = at(aksParts(run, `acme-${name}`).cluster, "networkProfile");
      expect(net).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: c.network.podCidr, serviceCidr: c.network.serviceCidr });
      expect(inCidr(net.dnsServiceIP, c.network.serviceCidr)).toBe(true);
      expect(inCidr(net.dnsServiceIP, c.network.podCidr) || inCidr(net.dnsServiceIP, c.network.cidr)).toBe(false);
    }
    // Each cluster its own allocation.
    expect(clusterPlan(plan, "prod-ams").network.podCidr).not.toBe(clusterPlan(plan, "dev-fra").network.podCidr);
  });

  it.each([
    ["10.0.0.0/16", "10.0.0.10"],
    ["172.27.124.0/22", "172.27.124.10"],
    ["192.168.7.16/28", "192.168.7.26"],
    ["10.0.5.7/16", "10.0.0.10"],
    ["172.16.255.0/24", "172.16.255.10"],
  ])("puts the DNS service of %s at %s", (cidr, ip) => {
    expect(dnsServiceIp(cidr)).toBe(ip);
  });

  it("refuses a service CIDR too small to hold a tenth address", () => {
    expect(() => dnsServiceIp("10.0.0.0/29")).toThrow(/\/28 or larger/);
  });
});

describe("node pools", () => {
  it("renders one agent pool per planned pool, as planned", () => {
    const c = clusterPlan(plan, "prod-ams");
    const { pools, cluster } = aksParts(run, "acme-prod-ams");
    expect(pools).toHaveLength(c.nodePools.length);
    for (const p of c.nodePools) {
      const r = pools.find((x) => x.name === `acme-prod-ams-pool-${p.name}`)!;
      expect(r.inputs).toMatchObject({
        resourceName: at(cluster, "resourceName"),
        agentPoolName: p.providerName,
        mode: "User",
        vmSize: p.machineType,
        orchestratorVersion: p.kubernetesVersion,
        enableAutoScaling: true,
        minCount: p.min,
        maxCount: p.max,
        osDiskSizeGB: p.diskSizeGb,
        availabilityZones: [...p.zones],
      });
      // The autoscaler owns the count; a new machine type frees the planned name before reusing it.
      expect(r.ignoreChanges).toEqual(["count"]);
      expect(r.deleteBeforeReplace).toBe(true);
    }
    const general = pools.find((x) => x.name.endsWith("-pool-general"))!;
    expect(general.inputs["nodeLabels"]).toEqual({ tier: "general" });
    expect(general.inputs["nodeTaints"]).toBeUndefined();
    expect(general.inputs["scaleSetPriority"]).toBeUndefined();
    const batch = pools.find((x) => x.name.endsWith("-pool-batch"))!;
    expect(batch.inputs).toMatchObject({ scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1, minCount: 0 });
    expect(batch.inputs["nodeTaints"]).toEqual(["workload=batch:NoSchedule", aksSpotTaint.taint]);
  });

  it("creates pools in parallel: each depends on the cluster, none on another pool", () => {
    for (const name of ["acme-prod-ams", "acme-dev-fra"]) {
      const { pools, cluster } = aksParts(run, name);
      const poolNames = new Set(pools.map((p) => p.name));
      for (const p of pools) {
        expect(p.dependsOn).toContain(cluster.name);
        expect(p.dependsOn.filter((d) => poolNames.has(d))).toEqual([]);
      }
    }
  });

  it("adds the system pool AKS requires inline, dedicated to system pods when the plan has pools of its own", () => {
    const prod = aksParts(run, "acme-prod-ams");
    const [system, ...more] = at(prod.cluster, "agentPoolProfiles") as Record<string, unknown>[];
    expect(more).toEqual([]);
    expect(system).toMatchObject({ name: aksSystemPool.name, mode: "System", vmSize: aksSystemPool.vmSize, minCount: 3, nodeTaints: [aksSystemPool.dedicatedTaint] });
    // Never a version of its own: the managed-cluster API takes versions for every pool or none.
    expect(system!["orchestratorVersion"]).toBeUndefined();
    expect(prod.cluster.ignoreChanges).toEqual(["agentPoolProfiles[0].count"]);
    expect(at(aksParts(run, "acme-dev-fra").cluster, "agentPoolProfiles.0.minCount")).toBe(1);
  });

  it("lets the system pool take workloads when the plan has no pool", async () => {
    const spec = azureFleet();
    spec.clusters[1].nodePools = [];
    const { run: bare } = await render(spec);
    const dev = aksParts(bare, "acme-dev-fra");
    expect(dev.pools).toEqual([]);
    expect(at(dev.cluster, "agentPoolProfiles.0.nodeTaints")).toBeUndefined();
  });

  it("refuses a planned pool that would take the system pool's name, naming the pool", async () => {
    const spec = azureFleet();
    spec.clusters[1].nodePools = [{ name: aksSystemPool.name }];
    const failure = await render(spec).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/cluster\.nodePools\[0\]\.providerName: pool "fleetsys" becomes "fleetsys" at AKS.*\[azure\/pool-name-reserved\]/);
  });
});

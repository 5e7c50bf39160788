// The mesh east-west gateways: internal load balancers that admit only the mesh peers' node and pod
// ranges. On EKS without the AWS Load Balancer Controller a bare LoadBalancer Service becomes an
// internet-facing Classic Load Balancer open to 0.0.0.0/0 (kubernetes/cloud-provider-aws: CLB unless
// aws-load-balancer-type is nlb; repost.aws eks-cidr-ip-address-loadbalancer: 0.0.0.0/0 by default).
import { describe, expect, it } from "vitest";
import { fleetValues } from "../../../components/addons/values/by-addon.ts";
import { NO_SOURCE } from "../../../components/addons/values/load-balancer.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { chartValuesProblems } from "../../fixtures/charts.ts";
import { baseFleet, NOW, stackFile } from "../../fixtures/fleets.ts";

const prodEu = planFleet(stackFile("prod-eu").spec, defaultCatalog, undefined, { now: NOW });
const linkerd = (() => {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, mesh: "linkerd" };
  return planFleet(spec, defaultCatalog, undefined, { now: NOW });
})();
const peersOf = (p: FleetPlan, c: ClusterPlan) => p.clusters.filter((x) => c.meshPeers.includes(x.name)).flatMap((x) => [x.network.cidr, x.network.podCidr]).sort();

describe("east-west gateway exposure", () => {
  it("the plan names, per cluster, its mesh peers' node and pod CIDRs and nothing else", () => {
    for (const c of prodEu.clusters) expect(c.meshPeerSources, c.name).toEqual(peersOf(prodEu, c));
    expect(prodEu.clusters.some((c) => c.meshPeerSources.length > 0)).toBe(true);
  });

  it("Istio: an internal NLB on EKS, restricted to the peers, on every cloud; site load balancers untouched", () => {
    for (const c of prodEu.clusters) {
      const service = (fleetValues("istio-eastwest-gateway", { fleet: prodEu.fleet, cluster: c }) as { service: { annotations: Record<string, string>; loadBalancerSourceRanges?: string[] } }).service;
      if (c.provider === "aws") expect(service.annotations).toMatchObject({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" });
      if (c.provider === "kubeadm" || c.provider === "existing") expect(service.loadBalancerSourceRanges, c.name).toBeUndefined();
      else expect(service.loadBalancerSourceRanges, c.name).toEqual(c.meshPeerSources.length ? c.meshPeerSources : [NO_SOURCE]);
      expect(service.loadBalancerSourceRanges ?? []).not.toContain("0.0.0.0/0");
      expect(chartValuesProblems("istio-eastwest-gateway", { service })).toEqual([]);
    }
  });

  it("Linkerd: the same on its gateway", () => {
    for (const c of linkerd.clusters.filter((x) => x.addons.some((a) => a.id === "linkerd-multicluster"))) {
      const gateway = (fleetValues("linkerd-multicluster", { fleet: linkerd.fleet, cluster: c }) as { gateway: { loadBalancerSourceRanges?: string[] } }).gateway;
      if (c.provider === "kubeadm") expect(gateway.loadBalancerSourceRanges).toBeUndefined();
      else expect(gateway.loadBalancerSourceRanges, c.name).toEqual(c.meshPeerSources.length ? c.meshPeerSources : [NO_SOURCE]);
    }
  });

  it("a cloud cluster without peers admits no source rather than any (an empty list means any to Kubernetes)", () => {
    const us = linkerd.clusters.find((c) => c.name === "us-aws")!;
    expect(us.meshPeerSources).toEqual([]);
    expect((fleetValues("linkerd-multicluster", { fleet: linkerd.fleet, cluster: us }) as { gateway: { loadBalancerSourceRanges: string[] } }).gateway.loadBalancerSourceRanges).toEqual([NO_SOURCE]);
  });
});

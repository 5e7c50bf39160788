// Synthetic fleets of any size for benchmarks: clusters spread over the three clouds and three
// jurisdictions, hub-spoke with one hub per jurisdiction, supernets sized for 2,000 clusters.
import { defaultCatalog } from "../src/catalog/catalog.ts";
import type { Catalog } from "../src/catalog/types.ts";
import type { FleetSpecInput } from "../src/spec/fleet.ts";

/**
 * The catalog the synthetic fleets plan with: their AWS hubs take hundreds of peers, far past AWS's
 * 60 inbound rules per security group, which the planner refuses (fabric/security-group-quota). The
 * benchmarks measure planning and rendering at scale, so the quota is lifted here, and only here.
 */
export const syntheticCatalog: Catalog = { ...defaultCatalog, awsSecurityGroups: { inboundRulesPerGroup: 1_000_000, eksClusterGroupOwnRules: 1 } };

const PLACES = [
  { jurisdiction: "eu", provider: "aws", region: "eu-central-1" },
  { jurisdiction: "eu", provider: "gcp", region: "europe-west3", gcp: { project: "acme-bench-eu" } },
  { jurisdiction: "eu", provider: "azure", region: "westeurope" },
  { jurisdiction: "us", provider: "aws", region: "us-east-1" },
  { jurisdiction: "us", provider: "gcp", region: "us-central1", gcp: { project: "acme-bench-us" } },
  { jurisdiction: "us", provider: "azure", region: "eastus2" },
  { jurisdiction: "apac", provider: "aws", region: "ap-southeast-1" },
  { jurisdiction: "apac", provider: "gcp", region: "asia-northeast1", gcp: { project: "acme-bench-ap" } },
  { jurisdiction: "apac", provider: "azure", region: "japaneast" },
] as const;

export function syntheticFleet(size: number, topology: "hub-spoke" | "mesh" = "hub-spoke"): FleetSpecInput {
  const clusters = Array.from({ length: size }, (_, i) => {
    const place = PLACES[i % PLACES.length]!;
    const { jurisdiction, ...where } = place;
    return {
      ...where,
      name: `c${String(i).padStart(4, "0")}-${place.provider}`,
      jurisdiction,
      environment: i % 3 === 0 ? ("dev" as const) : ("prod" as const),
      wave: i % 3 === 0 ? "dev" : i % 3 === 1 ? "canary" : "prod",
      nodePools: [
        { name: "system", min: 1, max: 3 },
        { name: "apps", min: 1, max: 4 },
      ],
    };
  });
  const hubs = ["eu", "us", "apac"].map((j) => clusters.find((c) => c.jurisdiction === j)?.name).filter((h): h is string => !!h);
  return {
    name: "bench",
    ipam: {
      nodes: { supernet: "10.0.0.0/8", prefix: 22 },
      pods: { supernet: "100.64.0.0/10", prefix: 21 },
      services: { supernet: "172.16.0.0/12", prefix: 24 },
    },
    jurisdictions: {
      eu: { regions: { aws: ["eu-central-1"], gcp: ["europe-west3"], azure: ["westeurope"] } },
      us: { regions: { aws: ["us-east-1"], gcp: ["us-central1"], azure: ["eastus2"] }, mayPeerWith: ["apac"] },
      apac: { regions: { aws: ["ap-southeast-1"], gcp: ["asia-northeast1"], azure: ["japaneast"] }, mayPeerWith: ["us"] },
    },
    defaults: { kubernetesVersion: "1.35", mesh: "istio", policy: "kyverno" },
    rollout: { waves: ["dev", "canary", "prod"] },
    peering: topology === "hub-spoke" ? { topology, hub: hubs } : { topology },
    clusters,
  };
}

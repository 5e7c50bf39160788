// Properties of the planner over random valid fleets: disjoint CIDRs inside their supernets,
// stability when clusters come and go, byte-identical plans, names within provider limits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameRules } from "../../src/catalog/name-rules.ts";
import { findOverlaps, inside, spanOf } from "../../src/plan/ipam.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../src/plan/types.ts";
import { NOW } from "../fixtures/fleets.ts";

type Kind = keyof typeof nameRules;
/** Which provider rule each name of a cluster's plan must fit (`names.ts` picks them; this lists them again, independently). */
const NAME_RULE_OF: Record<string, Record<string, Kind>> = {
  aws: { cluster: "aws.cluster", vpc: "aws.vpc", kmsAlias: "aws.kmsAlias", clusterRole: "aws.iamRole", nodeRole: "aws.iamRole", clusterSecurityGroup: "aws.securityGroup", lokiRole: "aws.iamRole", volumeKmsAlias: "aws.kmsAlias", secretsRole: "aws.iamRole" },
  gcp: { cluster: "gcp.cluster", network: "gcp.network", subnetwork: "gcp.subnetwork", router: "gcp.router", nat: "gcp.router", kmsKeyRing: "gcp.kmsKeyRing", kmsKey: "gcp.kmsKey", nodeServiceAccount: "gcp.serviceAccount", lokiServiceAccount: "gcp.serviceAccount", secretsServiceAccount: "gcp.serviceAccount" },
  azure: { resourceGroup: "azure.resourceGroup", cluster: "azure.cluster", dnsPrefix: "azure.dnsPrefix", vnet: "azure.vnet", nodeSecurityGroup: "azure.vnet", keyVault: "azure.keyVault", lokiIdentity: "azure.cluster", secretsVault: "azure.keyVault", secretsIdentity: "azure.cluster", diskEncryptionSet: "azure.diskEncryptionSet" },
  kubeadm: { cluster: "kubeadm.cluster" },
  existing: { cluster: "existing.cluster" },
};
const POOL_RULE_OF: Record<string, Kind | undefined> = { aws: "aws.nodeGroup", gcp: "gcp.nodePool", azure: "azure.nodePool" };

const PLACES = [
  { provider: "aws", region: "eu-central-1" },
  { provider: "aws", region: "us-east-1" },
  { provider: "gcp", region: "europe-west3", gcp: { project: "acme-property" } },
  { provider: "gcp", region: "us-central1", gcp: { project: "acme-property" } },
  { provider: "azure", region: "westeurope" },
  { provider: "azure", region: "eastus2" },
] as const;

const IPAM = {
  nodes: { supernet: "10.0.0.0/8", prefix: 20 },
  pods: { supernet: "100.64.0.0/10", prefix: 20 },
  services: { supernet: "172.16.0.0/12", prefix: 24 },
};

interface ClusterSeed {
  readonly name: string;
  readonly place: number;
  /** Third octet of a pinned 192.168.x.0/24 node CIDR, fixed per cluster at generation. */
  readonly pin?: number;
}

const clusterName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}(-[a-z0-9]{1,12}){0,2}$/).filter((n) => n.length <= 30);
const seeds = fc
  .uniqueArray(clusterName, { minLength: 1, maxLength: 40 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.nat(PLACES.length - 1), { minLength: names.length, maxLength: names.length }), fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length })))
  .map(([names, places, pins]) => names.map((name, i): ClusterSeed => (pins[i] ? { name, place: places[i]!, pin: i } : { name, place: places[i]! })));

function fleetOf(clusters: readonly ClusterSeed[]) {
  return {
    name: "prop",
    ipam: IPAM,
    jurisdictions: { world: { regions: { aws: ["eu-central-1", "us-east-1"], gcp: ["europe-west3", "us-central1"], azure: ["westeurope", "eastus2"] } } },
    defaults: { kubernetesVersion: "1.35" },
    peering: { topology: "none" as const },
    clusters: clusters.map((c) => ({
      ...PLACES[c.place]!,
      name: c.name,
      jurisdiction: "world",
      environment: "prod" as const,
      nodePools: [{ name: "system", min: 1, max: 3 }],
      // Pins live outside every supernet, one /24 per cluster, so they never collide.
      ...(c.pin !== undefined ? { network: { cidr: `192.168.${c.pin}.0/24` } } : {}),
    })),
  };
}

const plan = (clusters: readonly ClusterSeed[], observed?: ReturnType<typeof observedFromPlan>): FleetPlan => {
  const p = planFleet(fleetOf(clusters), undefined, observed, { now: NOW });
  if (p.problems) throw new Error(`unexpected problems: ${JSON.stringify(p.problems)}`);
  return p;
};
const networks = (p: FleetPlan) => Object.fromEntries(p.clusters.map((c) => [c.name, { cidr: c.network.cidr, podCidr: c.network.podCidr, serviceCidr: c.network.serviceCidr }]));

describe("planner properties over random fleets", () => {
  it("never overlaps two CIDRs, and keeps allocated ones inside their supernets", () => {
    fc.assert(
      fc.property(seeds, (clusters) => {
        const p = plan(clusters);
        const spans = p.clusters.flatMap((c) =>
          (["cidr", "podCidr", "serviceCidr"] as const).map((f) => ({ ...spanOf(c.network[f]), cidr: c.network[f], owner: `${c.name}.${f}` })),
        );
        expect(findOverlaps(spans)).toEqual([]);
        for (const c of p.clusters) {
          if (c.network.origin.cidr === "allocated") expect(inside(spanOf(c.network.cidr), spanOf(IPAM.nodes.supernet))).toBe(true);
          expect(inside(spanOf(c.network.podCidr), spanOf(IPAM.pods.supernet))).toBe(true);
          expect(inside(spanOf(c.network.serviceCidr), spanOf(IPAM.services.supernet))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("adding a cluster leaves every other cluster's allocation identical", () => {
    fc.assert(
      fc.property(seeds, clusterName, fc.nat(PLACES.length - 1), (clusters, newName, place) => {
        fc.pre(!clusters.some((c) => c.name === newName));
        const before = plan(clusters);
        const after = plan([...clusters, { name: newName, place }], observedFromPlan(before));
        const { [newName]: added, ...others } = networks(after);
        expect(others).toEqual(networks(before));
        expect(added).toBeDefined();
      }),
      { numRuns: 150 },
    );
  });

  it("removing a decommissioned cluster leaves every other cluster's allocation identical", () => {
    fc.assert(
      fc.property(seeds.filter((s) => s.length > 1), fc.nat(), (clusters, pick) => {
        const gone = clusters[pick % clusters.length]!;
        const before = plan(clusters);
        const observed = observedFromPlan(before);
        const { [gone.name]: _removed, ...rest } = observed.clusters;
        const after = plan(
          clusters.filter((c) => c !== gone),
          { clusters: rest },
        );
        const { [gone.name]: _was, ...expected } = networks(before);
        expect(networks(after)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("plans byte-identically twice, and whatever the order of the cluster list", () => {
    fc.assert(
      fc.property(seeds, fc.integer(), (clusters, seed) => {
        const once = JSON.stringify(plan(clusters));
        expect(JSON.stringify(plan(clusters))).toBe(once);
        const shuffled = [...clusters].sort((a, b) => ((a.name.length * 31 + seed) % 7) - ((b.name.length * 31 + seed) % 7) || (a.name < b.name ? 1 : -1));
        expect(JSON.stringify(plan(shuffled))).toBe(once);
      }),
      { numRuns: 100 },
    );
  });

  it("fits every provider resource name within the provider's limit", () => {
    const longName = fc.stringMatching(/^[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,10}){1,3}$/).filter((n) => n.length <= 30);
    fc.assert(
      fc.property(fc.uniqueArray(longName, { minLength: 1, maxLength: 10 }), (names) => {
        const p = plan(names.map((name, i) => ({ name, place: i % PLACES.length })));
        for (const c of p.clusters) {
          const rules = NAME_RULE_OF[c.provider]!;
          // Every name the plan gives has a rule here: a new name without one fails, not passes.
          expect(Object.keys(c.names).sort()).toEqual(Object.keys(rules).sort());
          for (const [key, value] of Object.entries(c.names)) {
            const rule = nameRules[rules[key]!];
            expect(value.replace(/^alias\//, "").length, `${c.provider} ${key} ${value}`).toBeLessThanOrEqual(rule.max);
            expect(value).toMatch(rule.charset === "alnum" ? /^[a-z][a-z0-9]*$/ : /^(alias\/)?[a-z][a-z0-9-]*$/);
          }
          for (const pool of c.nodePools) {
            const kind = POOL_RULE_OF[c.provider];
            if (kind) expect(pool.providerName.length).toBeLessThanOrEqual(nameRules[kind].max);
          }
        }
        const clusterNames = p.clusters.map((c) => c.names["cluster"]);
        expect(new Set(clusterNames).size).toBe(clusterNames.length);
      }),
    );
  });
});

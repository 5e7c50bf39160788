// One row per way a spec can be wrong: the code, the path, and what the message must say.
import { describe, expect, it } from "vitest";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ObservedFleet } from "../../src/plan/observed.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

type Spec = ReturnType<typeof baseFleet>;
interface Case {
  readonly name: string;
  readonly mutate: (s: Spec) => void;
  readonly observed?: ObservedFleet;
  readonly want: { code: string; path: string; says: (string | RegExp)[] };
}

const cases: Case[] = [
  {
    name: "duplicate cluster names",
    mutate: (s) => void (s.clusters[1].name = "eu-aws"),
    want: { code: "cluster/duplicate-name", path: "clusters[1].name", says: ['"eu-aws"', "clusters[0]"] },
  },
  {
    name: "a region unknown to the provider",
    mutate: (s) => void (s.clusters[0].region = "eu-central-9"),
    want: { code: "region/unknown", path: "clusters[0].region", says: ['"eu-central-9"', 'did you mean "eu-central-1"', "catalog.regions.aws"] },
  },
  {
    name: "a region outside the cluster's jurisdiction",
    mutate: (s) => void (s.clusters[0].region = "us-east-1"),
    want: { code: "jurisdiction/region-outside", path: "clusters[0].region", says: ['"us-east-1"', 'jurisdiction "eu"', "eu-central-1, eu-west-1"] },
  },
  {
    name: "a jurisdiction listing a region in a country it excludes",
    mutate: (s) => void s.jurisdictions["eu"].regions.aws.push("us-east-2"),
    want: { code: "jurisdiction/country-outside", path: "jurisdictions.eu.regions.aws[2]", says: ['"us-east-2"', "US", "EU"] },
  },
  {
    name: "an unknown jurisdiction",
    mutate: (s) => void (s.clusters[0].jurisdiction = "emea"),
    want: { code: "jurisdiction/unknown", path: "clusters[0].jurisdiction", says: ['"emea"', "eu, us"] },
  },
  {
    name: "overlapping user-given CIDRs",
    mutate: (s) => {
      s.clusters[0].network = { cidr: "10.10.0.0/16" };
      s.clusters[1].network = { cidr: "10.10.128.0/20" };
    },
    want: { code: "network/overlap", path: "clusters[1].network.cidr", says: ["10.10.128.0/20", "10.10.0.0/16", "clusters[0].network.cidr"] },
  },
  {
    name: "a CIDR with host bits set",
    mutate: (s) => void (s.clusters[0].network = { cidr: "10.10.1.0/16" }),
    want: { code: "network/host-bits", path: "clusters[0].network.cidr", says: ['"10.10.1.0/16"', 'did you mean "10.10.0.0/16"'] },
  },
  {
    name: "a supernet too small for the clusters",
    mutate: (s) => void (s.ipam = { nodes: { supernet: "10.0.0.0/22", prefix: 24 }, reserved: ["10.0.3.0/24"] }),
    want: { code: "ipam/supernet-too-small", path: "ipam.nodes.supernet", says: ["10.0.0.0/22", "/24", "holds 4", "(1 taken by", "4 clusters need one"] },
  },
  {
    name: "overlapping supernets",
    mutate: (s) => void (s.ipam = { pods: { supernet: "10.128.0.0/10", prefix: 18 } }),
    want: { code: "ipam/supernets-overlap", path: "ipam.pods.supernet", says: ["10.128.0.0/10", "10.0.0.0/8"] },
  },
  {
    name: "an HA control plane in a region with 2 zones",
    mutate: (s) => void (s.clusters[3].region = "us-west-1"),
    want: { code: "controlPlane/ha-zones", path: "clusters[3].region", says: ['"us-west-1" has 2 zones', "needs 3", "controlPlane.ha: false"] },
  },
  {
    name: "an HA control plane over 2 given zones",
    mutate: (s) => void (s.clusters[0].zones = ["eu-central-1a", "eu-central-1b"]),
    want: { code: "controlPlane/ha-zones", path: "clusters[0].zones", says: ["got 2 zones", "3 distinct zones"] },
  },
  {
    name: "a zone the region does not have",
    mutate: (s) => void (s.clusters[0].zones = ["eu-central-1a", "eu-central-1b", "eu-central-1z"]),
    want: { code: "zones/unknown", path: "clusters[0].zones", says: ['"eu-central-1z"', "eu-central-1a, eu-central-1b, eu-central-1c"] },
  },
  {
    name: "an even kubeadm replica count",
    mutate: (s) => void (s.clusters[2].controlPlane.replicas = 4),
    want: { code: "controlPlane/even-replicas", path: "clusters[2].controlPlane.replicas", says: ["got 4", "odd", "3 or 5"] },
  },
  {
    name: "replicas on a managed control plane",
    mutate: (s) => void (s.clusters[0].controlPlane = { replicas: 3 }),
    want: { code: "controlPlane/replicas-not-kubeadm", path: "clusters[0].controlPlane.replicas", says: ["only for kubeadm"] },
  },
  {
    name: "an unsupported Kubernetes version",
    mutate: (s) => void (s.clusters[0].kubernetesVersion = "1.29"),
    want: { code: "version/unsupported", path: "clusters[0].kubernetesVersion", says: ["1.29", "AWS", "1.32, 1.33, 1.34, 1.35, 1.36"] },
  },
  {
    name: "a version jump of more than one minor (rollout.multiMinorUpgrades: refuse)",
    mutate: (s) => {
      s.clusters[0].kubernetesVersion = "1.36";
      s.rollout = { multiMinorUpgrades: "refuse" };
    },
    observed: { clusters: { "eu-aws": { kubernetesVersion: "1.34" }, "eu-gcp": {}, "eu-dc": {}, "us-aws": {} } },
    want: { code: "version/minor-skip", path: "clusters[0].kubernetesVersion", says: ["got 1.36", "1.34 is deployed", "set 1.35 first"] },
  },
  {
    name: "a downgrade",
    mutate: (s) => void (s.clusters[0].kubernetesVersion = "1.34"),
    observed: { clusters: { "eu-aws": { kubernetesVersion: "1.35" }, "eu-gcp": {}, "eu-dc": {}, "us-aws": {} } },
    want: { code: "version/downgrade", path: "clusters[0].kubernetesVersion", says: ["got 1.34", "1.35 is deployed", "cannot be downgraded"] },
  },
  {
    name: "a node pool newer than its control plane",
    mutate: (s) => void (s.clusters[0].nodePools[0].kubernetesVersion = "1.36"),
    want: { code: "version/pool-newer-than-control-plane", path: "clusters[0].nodePools[0].kubernetesVersion", says: ["1.36", "1.35"] },
  },
  {
    name: "a node pool more than three minors behind",
    mutate: (s) => {
      s.clusters[0].kubernetesVersion = "1.36";
      s.clusters[0].nodePools[0].kubernetesVersion = "1.32";
    },
    want: { code: "version/pool-skew", path: "clusters[0].nodePools[0].kubernetesVersion", says: ["1.32 is 4 minors behind", "at most 3"] },
  },
  {
    name: "decommissionAfter on a cluster that is not retired",
    mutate: (s) => void (s.clusters[0].lifecycle = { state: "draining", decommissionAfter: "2027-01-01" }),
    want: { code: "lifecycle/date-without-retired", path: "clusters[0].lifecycle.decommissionAfter", says: ["2027-01-01", "draining", "state: retired"] },
  },
  {
    name: "a retired cluster without a date",
    mutate: (s) => void (s.clusters[0].lifecycle = { state: "retired" }),
    want: { code: "lifecycle/retired-without-date", path: "clusters[0].lifecycle.decommissionAfter", says: ["required for a retired cluster"] },
  },
  {
    name: "a deployed cluster dropped from the spec without retirement",
    mutate: (s) => void s.clusters.splice(3, 1),
    observed: { clusters: { "eu-aws": {}, "eu-gcp": {}, "eu-dc": {}, "us-aws": { kubernetesVersion: "1.35" } } },
    want: { code: "lifecycle/removed-without-retirement", path: "clusters", says: ['"us-aws" is deployed', "state: retired"] },
  },
  {
    name: "a hub that is not a cluster",
    mutate: (s) => void (s.peering = { topology: "hub-spoke", hub: "eu-hub" }),
    want: { code: "peering/hub-unknown", path: "peering.hub", says: ['"eu-hub"', "eu-aws, eu-gcp, eu-dc, us-aws"] },
  },
  {
    name: "hub-spoke with no hub",
    mutate: (s) => void (s.peering = { topology: "hub-spoke" }),
    want: { code: "peering/hub-missing", path: "peering.hub", says: ["needs a hub"] },
  },
  {
    name: "a spoke whose jurisdiction forbids every hub",
    mutate: (s) => void (s.peering = { topology: "hub-spoke", hub: "eu-aws" }),
    want: { code: "peering/forbidden", path: "clusters[3].jurisdiction", says: ['"us-aws" (jurisdiction us)', "eu-aws: eu", "add a hub in us"] },
  },
  {
    name: "an explicit link across jurisdictions that forbid it",
    mutate: (s) => void (s.peering = { topology: "none", links: [{ from: "eu-aws", to: "us-aws" }] }),
    want: { code: "peering/forbidden", path: "peering.links[0]", says: ['"eu-aws" (jurisdiction eu)', '"us-aws" (jurisdiction us)', "mayPeerWith"] },
  },
  {
    name: "a full mesh of more than 12 clusters",
    mutate: (s) => {
      for (let i = 0; i < 10; i++) s.clusters.push({ name: `extra-${i}`, provider: "aws", region: "eu-west-1", jurisdiction: "eu", environment: "dev", controlPlane: { ha: false } });
    },
    want: { code: "peering/mesh-too-large", path: "peering.topology", says: ["14 clusters", "hub-spoke"] },
  },
  {
    name: "a peering rule naming an unknown jurisdiction",
    mutate: (s) => void (s.jurisdictions["us"].mayPeerWith = ["apac"]),
    want: { code: "jurisdiction/unknown", path: "jurisdictions.us.mayPeerWith[0]", says: ['"apac"', "*, eu"] },
  },
  {
    name: "a kubeadm region that is not a declared site",
    mutate: (s) => void (s.clusters[2].region = "fra-dc2"),
    want: { code: "region/unknown-site", path: "clusters[2].region", says: ['"fra-dc2"', 'did you mean "fra-dc1"'] },
  },
  {
    name: "an existing cluster without its CIDRs",
    mutate: (s) => void s.clusters.push({ name: "legacy", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod" }),
    want: { code: "network/existing-needs-cidrs", path: "clusters[4].network", says: ["network.cidr, network.podCidr and network.serviceCidr"] },
  },
  {
    name: "a wave that rollout does not list",
    mutate: (s) => {
      s.rollout = { waves: ["canary", "prod"] };
      s.clusters[0].wave = "prd";
    },
    want: { code: "rollout/unknown-wave", path: "clusters[0].wave", says: ['"prd"', "canary, prod"] },
  },
  {
    name: "a label key ClusterFleet sets itself",
    mutate: (s) => void (s.clusters[0].labels = { fleet: "other" }),
    want: { code: "labels/reserved", path: "clusters[0].labels.fleet", says: ['"fleet"', "managed-by"] },
  },
  {
    name: "a pod CIDR too small for the node pools",
    mutate: (s) => void (s.clusters[0].nodePools[0].max = 100),
    want: { code: "network/pod-cidr-too-small", path: "ipam.pods.prefix", says: ["gives 64 nodes", "up to 100 nodes"] },
  },
  {
    name: "a pool zone outside the cluster's zones",
    mutate: (s) => void (s.clusters[0].nodePools[0].zones = ["eu-central-1a", "eu-west-1a"]),
    want: { code: "nodePool/zone-outside-cluster", path: "clusters[0].nodePools[0].zones", says: ['"eu-west-1a"', "eu-central-1a, eu-central-1b, eu-central-1c"] },
  },
  {
    name: "two pools that share a name at AKS",
    mutate: (s) => {
      s.jurisdictions["us"].regions.azure = ["eastus2"];
      s.clusters[3] = { name: "us-az", provider: "azure", region: "eastus2", jurisdiction: "us", environment: "prod", nodePools: [{ name: "gpu-a" }, { name: "gpua" }] };
    },
    want: { code: "nodePool/provider-name-clash", path: "clusters[3].nodePools[1].name", says: ['"gpua" and "gpu-a"', "12 characters"] },
  },
  // kubeadm clusters (clusters[2], "eu-dc": cp-b, cp-a, cp-c over hall-a..c, workers w-2, w-1, VIP 10.16.112.10)
  {
    name: "a kubeadm cluster without its kubeadm block",
    mutate: (s) => void delete s.clusters[2].kubeadm,
    want: { code: "spec/required", path: "clusters[2].kubeadm", says: ["is required"] },
  },
  {
    name: "fewer control-plane machines than replicas",
    mutate: (s) => void s.clusters[2].kubeadm.machines.splice(2, 1),
    want: { code: "kubeadm/control-plane-count", path: "clusters[2].kubeadm.machines", says: ["lists 2 control-plane machines (cp-b, cp-a)", "replicas is 3", "exactly 3"] },
  },
  {
    name: "more control-plane machines than replicas",
    mutate: (s) => void s.clusters[2].kubeadm.machines.push({ name: "cp-d", address: "10.16.112.14", role: "control-plane", zone: "hall-a" }),
    want: { code: "kubeadm/control-plane-count", path: "clusters[2].kubeadm.machines", says: ["lists 4 control-plane machines", "exactly 3"] },
  },
  {
    name: "certSANs that leave out the control-plane endpoint",
    mutate: (s) => void (s.clusters[2].kubeadm.certSANs = ["api.dc1.example.com"]),
    want: { code: "kubeadm/endpoint-not-in-certsans", path: "clusters[2].kubeadm.certSANs", says: ['["api.dc1.example.com"]', '"10.16.112.10"', "must name it"] },
  },
  {
    name: "two machines with one name",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[4].name = "w-2"),
    want: { code: "kubeadm/duplicate-machine", path: "clusters[2].kubeadm.machines[4].name", says: ['"w-2"', "machines[3]"] },
  },
  {
    name: "two machines with one address",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[4].address = "10.16.113.22"),
    want: { code: "kubeadm/duplicate-address", path: "clusters[2].kubeadm.machines[4].address", says: ['"10.16.113.22"', "machines[3] (w-2)"] },
  },
  {
    name: "a VIP that is a machine's address",
    mutate: (s) => void (s.clusters[2].kubeadm.endpoint = { vip: "10.16.112.11" }),
    want: { code: "kubeadm/vip-is-machine", path: "clusters[2].kubeadm.endpoint.vip", says: ['"10.16.112.11"', "(cp-a)", "free address"] },
  },
  {
    name: "a machine in a zone the site does not have",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[3].zone = "hall-z"),
    want: { code: "kubeadm/zone-unknown", path: "clusters[2].kubeadm.machines[3].zone", says: ['"hall-z"', "hall-a, hall-b, hall-c"] },
  },
  {
    name: "two HA control-plane machines in one zone",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[2].zone = "hall-a"),
    want: { code: "kubeadm/control-plane-spread", path: "clusters[2].kubeadm.machines", says: ['"hall-a" holds 2 of 3', "cp-a, cp-c", "at most 1"] },
  },
  {
    name: "an HA control-plane machine without a zone",
    mutate: (s) => void delete s.clusters[2].kubeadm.machines[0].zone,
    want: { code: "kubeadm/zone-required", path: "clusters[2].kubeadm.machines[0].zone", says: ['"cp-b" has no zone', "hall-a, hall-b, hall-c"] },
  },
  {
    name: "a worker in a pool the cluster does not have",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[3].pool = "gpu"),
    want: { code: "kubeadm/unknown-pool", path: "clusters[2].kubeadm.machines[3].pool", says: ['"gpu"', "allowed: workers"] },
  },
  {
    name: "a worker that names no pool when there are two",
    mutate: (s) => void s.clusters[2].nodePools.push({ name: "gpu", min: 0 }),
    want: { code: "kubeadm/pool-required", path: "clusters[2].kubeadm.machines[3].pool", says: ['"w-2"', "2 pools", "workers, gpu"] },
  },
  {
    name: "a pool with fewer machines than its min",
    mutate: (s) => void (s.clusters[2].nodePools[0].min = 3),
    want: { code: "kubeadm/pool-size", path: "clusters[2].nodePools[0]", says: ['"workers" has 2 worker machines', "min 3, max 6", "does not autoscale"] },
  },
  {
    name: "node pools that need nodes and no worker machines",
    mutate: (s) => void s.clusters[2].kubeadm.machines.splice(3, 2),
    want: { code: "kubeadm/no-workers", path: "clusters[2].kubeadm.machines", says: ["no worker machines", "workers need at least 1"] },
  },
  {
    name: "machines outside the cluster's node network",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[4].address = "192.168.7.21"),
    want: { code: "kubeadm/address-outside-network", path: "clusters[2].kubeadm.machines", says: ["w-1 (192.168.7.21)", "10.16.112.0/20", "pin network.cidr"] },
  },
  {
    name: "a load balancer address that is not host[:port]",
    mutate: (s) => void (s.clusters[2].kubeadm.endpoint = { loadBalancer: "https://api:6443" }),
    want: { code: "kubeadm/endpoint-invalid", path: "clusters[2].kubeadm.endpoint.loadBalancer", says: ['"https://api:6443"', '"host:port"'] },
  },
  {
    name: "a pool label the kubelet may not set on itself",
    mutate: (s) => void (s.clusters[2].nodePools[0].labels = { "node-role.kubernetes.io/worker": "" }),
    want: { code: "kubeadm/node-label-restricted", path: "clusters[2].nodePools[0].labels.node-role.kubernetes.io/worker", says: ['"node-role.kubernetes.io/worker"', "NodeRestriction"] },
  },
  {
    name: "a control-plane machine with its own SSH user behind a VIP",
    mutate: (s) => void (s.clusters[2].kubeadm.machines[1].user = "admin"),
    want: { code: "kubeadm/control-plane-user", path: "clusters[2].kubeadm.machines[1].user", says: ['"admin"', 'ssh.user ("ubuntu")'] },
  },
  {
    name: "a control-plane endpoint changed on a bootstrapped cluster",
    mutate: (s) => void (s.clusters[2].kubeadm.endpoint = { vip: "10.16.112.100" }),
    observed: { clusters: { "eu-aws": {}, "eu-gcp": {}, "eu-dc": { kubernetesVersion: "1.35", kubeadm: { initMachine: "cp-a", controlPlaneEndpoint: "10.16.112.10:6443" } }, "us-aws": {} } },
    want: { code: "kubeadm/endpoint-changed", path: "clusters[2].kubeadm.endpoint", says: ["10.16.112.100:6443", "bootstrapped with 10.16.112.10:6443", "keep 10.16.112.10:6443"] },
  },
  {
    name: "the init machine removed from a cluster behind a load balancer",
    mutate: (s) => {
      s.clusters[2].kubeadm.endpoint = { loadBalancer: "api.dc1.example.com" };
      s.clusters[2].kubeadm.machines[1] = { name: "cp-d", address: "10.16.112.14", role: "control-plane", zone: "hall-a" };
    },
    observed: { clusters: { "eu-aws": {}, "eu-gcp": {}, "eu-dc": { kubernetesVersion: "1.35", kubeadm: { initMachine: "cp-a", controlPlaneEndpoint: "api.dc1.example.com:6443" } }, "us-aws": {} } },
    want: { code: "kubeadm/admin-machine-removed", path: "clusters[2].kubeadm.machines", says: ["ran kubeadm init", "cannot leave"] },
  },
];

describe("validation: each bad input is refused with its path, its value and what is allowed", () => {
  it("accepts the base fleet", () => {
    expect(planFleet(baseFleet(), undefined, undefined, { now: NOW }).problems).toBeUndefined();
  });

  it.each(cases)("$name", ({ mutate, observed, want }) => {
    const spec = baseFleet();
    mutate(spec);
    const plan = planFleet(spec, undefined, observed, { now: NOW });
    expect(plan.problems, "the spec should be refused").toBeDefined();
    expect(plan.clusters).toEqual([]);
    const found = plan.problems!.find((p) => p.code === want.code);
    expect(found, `no ${want.code} among ${JSON.stringify(plan.problems, null, 1)}`).toBeDefined();
    expect(found!.path).toBe(want.path);
    for (const s of want.says) expect(found!.message).toMatch(typeof s === "string" ? new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : s);
  });

  it("reports every problem of a spec together, not the first one", () => {
    const spec = baseFleet();
    spec.clusters[1].name = "eu-aws"; // duplicate
    spec.clusters[0].region = "eu-central-9"; // unknown region
    spec.clusters[3].jurisdiction = "emea"; // unknown jurisdiction
    spec.clusters[2].controlPlane.replicas = 2; // even replicas
    spec.clusters[2].kubeadm.certSANs = ["api.dc1.example.com"]; // endpoint not in certSANs
    spec.clusters[0].lifecycle = { state: "active", decommissionAfter: "2027-01-01" }; // date without retirement
    spec.peering = { topology: "hub-spoke", hub: "nowhere" }; // hub not a cluster
    const codes = planFleet(spec, undefined, undefined, { now: NOW }).problems!.map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining(["cluster/duplicate-name", "region/unknown", "jurisdiction/unknown", "controlPlane/even-replicas", "kubeadm/endpoint-not-in-certsans", "lifecycle/date-without-retired", "peering/hub-unknown"]),
    );
  });
});

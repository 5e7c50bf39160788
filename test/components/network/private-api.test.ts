// Reaching private control planes. A private-only API is reachable only by callers the cloud lets in:
// - EKS: the control plane's security group needs a 443 rule for each source
//   (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html#private-access);
// - GKE: authorized networks guard the private endpoint too, and other regions need global access
//   (https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation);
// - AKS: the API's name resolves only in VNets linked to its private DNS zone
//   (https://learn.microsoft.com/azure/aks/private-clusters).
// And when the runner reaches a cluster over a fabric link (network.apiRoute), the link opens the API
// to the runner's cluster and every in-cluster resource waits for the fabric.
import { describe, expect, it } from "vitest";
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ofType, subtree } from "../../fixtures/graph.ts";

const eu = { eu: { countries: ["EU"], regions: { aws: ["eu-central-1"], gcp: ["europe-west3", "europe-west1"], azure: ["germanywestcentral"] } } };
const aws = (extra: Record<string, unknown> = {}) => ({ name: "a-fra", provider: "aws", region: "eu-central-1", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }], ...extra });
const gcp = (name: string, region: string, extra: Record<string, unknown> = {}) => ({ name, provider: "gcp", region, jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }], gcp: { project: "acme-eu-prod" }, ...extra });
const azure = (extra: Record<string, unknown> = {}) => ({ name: "z-fra", provider: "azure", region: "germanywestcentral", jurisdiction: "eu", environment: "prod", nodePools: [{ name: "system" }], ...extra });
const fleet = (clusters: unknown[], peering: Record<string, unknown> = { topology: "mesh" }) => ({ name: "acme", jurisdictions: eu, defaults: { kubernetesVersion: "1.35", mesh: "none" }, peering, clusters });

async function render(spec: unknown): Promise<MockRun> {
  return runUnderMocks(async () => void new ClusterFleet("acme", { spec: spec as never, now: NOW }), { project: "clusterfleet", stack: "private-api", config: {} });
}

describe("who reaches a private API", () => {
  it("EKS: one 443 rule on the endpoint's security group per allowed CIDR and security group", async () => {
    const run = await render(fleet([aws({ aws: { endpointPrivateAccessCidrs: ["10.200.0.0/24"], endpointPrivateAccessSecurityGroupIds: ["sg-0123456789abcdef0"] } })]));
    const sg = run.resources.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name.endsWith("-sg-control-plane"))!;
    const rules = run.resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.name.includes("-api-from-"));
    expect(rules.map((r) => [r.inputs["cidrIpv4"] ?? r.inputs["referencedSecurityGroupId"], r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"]])).toEqual([
      ["10.200.0.0/24", 443, 443, "tcp"],
      ["sg-0123456789abcdef0", 443, 443, "tcp"],
    ]);
    for (const r of rules) expect(r.dependsOn).toContain(sg.name);
  });

  it("GKE: private authorized networks and global access, the endpoint staying private", async () => {
    const run = await render(fleet([gcp("g-fra", "europe-west3", { gcp: { project: "acme-eu-prod", privateEndpointAuthorizedNetworks: ["10.200.0.0/24"], privateEndpointGlobalAccess: true } })]));
    const c = run.resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
    expect(c.inputs["privateClusterConfig"]).toMatchObject({ enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: true } });
    expect((c.inputs["masterAuthorizedNetworksConfig"] as { cidrBlocks: { cidrBlock: string }[] }).cidrBlocks.map((b) => b.cidrBlock)).toEqual(["10.200.0.0/24"]);
  });

  it("AKS: links each named VNet to the private cluster's DNS zone, and the Kubernetes provider waits for the links", async () => {
    const vnet = "/subscriptions/3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0/resourceGroups/ci/providers/Microsoft.Network/virtualNetworks/runners";
    const run = await render(fleet([azure({ azure: { privateDnsVnetLinks: [vnet] } })]));
    const link = run.resources.find((r) => r.type === "azure-native:privatedns:VirtualNetworkLink")!;
    expect(link.inputs).toMatchObject({ virtualNetwork: { id: vnet }, registrationEnabled: false, location: "global" });
    const cluster = run.resources.find((r) => r.type === "azure-native:containerservice:ManagedCluster")!;
    expect(link.dependsOn).toContain(cluster.name);
    // The zone is the private FQDN without its first label.
    expect(String(link.inputs["privateZoneName"])).not.toContain(String(cluster.inputs["dnsPrefix"]));
    const k8s = run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(k8s.dependsOn).toContain(link.name);
  });
});

describe("network.apiRoute: the runner reaches the API over a fabric link", () => {
  const spec = () => fleet([aws(), gcp("g-fra", "europe-west3", { network: { apiRoute: "a-fra" } })]);

  it("is planned on the link: the API opened to the runner's cluster's ranges, only there", () => {
    const plan = planFleet(spec(), undefined, undefined, { now: NOW });
    expect(plan.problems).toBeUndefined();
    const route = plan.fabric!.apiRoutes!["g-fra"]!;
    const runner = plan.clusters.find((c) => c.name === "a-fra")!;
    expect(route).toEqual({ via: "a-fra", link: "a-fra--g-fra", sources: [runner.network.cidr, runner.network.podCidr], crossRegion: false });
    expect(plan.clusters.find((c) => c.name === "g-fra")!.network.apiRoute).toEqual(route);
    const rule = plan.fabric!.firewall.find((r) => r.cluster === "g-fra" && r.peer === "a-fra")!;
    expect(rule.ports).toEqual([{ port: 443, purpose: "kubernetes-api", target: "api" }]);
    // Not the other way round: the runner's own cluster is not opened to g-fra.
    expect(plan.fabric!.firewall.find((r) => r.cluster === "a-fra")).toBeUndefined();
  });

  it("refuses a route the fabric does not build, naming the field", () => {
    const none = planFleet(fleet([aws(), gcp("g-fra", "europe-west3", { network: { apiRoute: "a-fra" } })], { topology: "none" }), undefined, undefined, { now: NOW });
    expect(none.problems).toContainEqual(expect.objectContaining({ path: "clusters[1].network.apiRoute", code: "network/api-route-no-link" }));
    const unknown = planFleet(fleet([aws(), gcp("g-fra", "europe-west3", { network: { apiRoute: "nope" } })]), undefined, undefined, { now: NOW });
    expect(unknown.problems).toContainEqual(expect.objectContaining({ path: "clusters[1].network.apiRoute", code: "network/api-route-unknown" }));
  });

  it("GKE admits the runner's ranges on its private endpoint, global access for a cross-region peering", () => {
    const peered = planFleet(fleet([gcp("g-bru", "europe-west1"), gcp("g-fra", "europe-west3", { network: { apiRoute: "g-bru" } })]), undefined, undefined, { now: NOW });
    expect(peered.fabric!.apiRoutes!["g-fra"]!.crossRegion).toBe(true);
  });

  it("makes the cluster's Kubernetes provider, and so every in-cluster resource, wait for the fabric", async () => {
    const run = await render(spec());
    const fabric = subtree(run, ofType(run, TOKENS.fabric)[0]!).filter((r) => r.custom);
    expect(fabric.length).toBeGreaterThan(0);
    const k8s = (cluster: string) => run.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === `acme-${cluster}-k8s`)!;
    // Every custom resource of the fabric (the VPN, its routes, the firewall rules) comes first.
    for (const r of fabric) expect(k8s("g-fra").dependsOn, r.name).toContain(r.name);
    // A cluster the runner reaches on its own does not wait.
    expect(k8s("a-fra").dependsOn.filter((d) => fabric.some((r) => r.name === d))).toEqual([]);
    const gke = run.resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
    const runner = planFleet(spec(), undefined, undefined, { now: NOW }).clusters.find((c) => c.name === "a-fra")!;
    const blocks = (gke.inputs["masterAuthorizedNetworksConfig"] as { cidrBlocks: { cidrBlock: string }[] }).cidrBlocks.map((b) => b.cidrBlock);
    expect(blocks.sort()).toEqual([runner.network.cidr, runner.network.podCidr].sort());
  });
});

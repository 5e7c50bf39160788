// clusterfleet:gcp:GkeCluster under the recording mocks: what it creates, where, wired how.
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { gkeFacts } from "../../../src/catalog/gke.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { mockProjectNumber } from "../../../src/preview/mocks/gcp.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ancestorTypes, exposedKubeconfigs } from "../../fixtures/graph.ts";
import { at, gkeFleet, idOf, providerConfig, renderGke, T, type RenderedGke } from "./gke-fixtures.ts";

const FLEET_LABEL_KEYS = ["fleet", "cluster", "region", "jurisdiction", "environment", "managed-by"];

describe("a GKE cluster for an HA prod plan", () => {
  let g: RenderedGke;
  beforeAll(async () => {
    g = await renderGke();
  });

  it("creates exactly the GKE resources, all under the GkeCluster under the ClusterFleet", () => {
    const counts: Record<string, number> = {};
    for (const r of g.under) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual({
      [T.provider]: 1,
      [T.network]: 1,
      [T.subnetwork]: 1,
      [T.router]: 1,
      [T.nat]: 1,
      [T.keyRing]: 1,
      [T.key]: 1,
      [T.keyMember]: 1,
      [T.account]: 2, // the nodes' and Loki's
      [T.projectMember]: 1,
      [T.cluster]: 1,
      [T.nodePool]: 2,
      [T.k8sProvider]: 1,
      // Loki's logs: a bucket in the region, its access, and Loki's Workload Identity binding.
      [T.bucket]: 1,
      [T.bucketMember]: 1,
      [T.accountMember]: 1,
      // The project's APIs the cluster needs, enabled first (never disabled on delete).
      "gcp:projects/service:Service": 8,
    });
    for (const r of g.under) {
      expect(r.parent, r.name).toBe(g.component.name);
      expect(ancestorTypes(g.run, r), r.name).toEqual([TOKENS.gke, TOKENS.fleet, "pulumi:pulumi:Stack"]);
      expect(r.name.startsWith(`${g.component.name}-`), r.name).toBe(true);
    }
  });

  // A fresh project has these APIs off, and every call fails with SERVICE_DISABLED until they are on.
  it("enables the project's APIs it needs first, never disabling them on delete, and everything else waits for them", () => {
    const apis = g.all("gcp:projects/service:Service");
    expect(apis.map((a) => a.inputs["service"]).sort()).toEqual([...gkeFacts.requiredApis].sort());
    for (const a of apis) expect(a.inputs).toMatchObject({ project: "acme-eu-prod", disableOnDestroy: false, disableDependentServices: false });
    for (const r of g.under.filter((x) => x.custom && x.type.startsWith("gcp:") && x.type !== "gcp:projects/service:Service")) {
      expect(r.dependsOn, r.name).toEqual(expect.arrayContaining(apis.map((a) => a.name)));
    }
  });

  it("sends every GCP resource through the cluster's own provider: its project, region and fleet labels", () => {
    const provider = g.one(T.provider);
    expect(provider.inputs["project"]).toBe("acme-eu-prod");
    expect(provider.inputs["region"]).toBe("europe-west3");
    expect(providerConfig(provider, "defaultLabels")).toEqual(g.plan.labels);
    expect(Object.keys(g.plan.labels).sort()).toEqual([...FLEET_LABEL_KEYS].sort());
    for (const r of g.under.filter((x) => x.custom && x.type.startsWith("gcp:"))) {
      expect(r.provider, r.name).toBe(`${provider.urn}::${idOf(provider)}`);
    }
  });

  it("labels every labelable resource with the fleet labels", () => {
    expect(at(g.one(T.cluster), "resourceLabels")).toEqual(g.plan.labels);
    expect(at(g.one(T.cluster), "nodeConfig", "resourceLabels")).toEqual(g.plan.labels);
    expect(at(g.one(T.key), "labels")).toEqual(g.plan.labels);
    for (const pool of g.all(T.nodePool)) expect(at(pool, "nodeConfig", "resourceLabels"), pool.name).toEqual(g.plan.labels);
  });

  it("uses the plan's physical names, never its own", () => {
    const n = g.plan.names;
    expect(g.one(T.network).inputs["name"]).toBe(n["network"]);
    expect(g.one(T.subnetwork).inputs["name"]).toBe(n["subnetwork"]);
    expect(g.one(T.router).inputs["name"]).toBe(n["router"]);
    expect(g.one(T.nat).inputs["name"]).toBe(n["nat"]);
    expect(g.one(T.keyRing).inputs["name"]).toBe(n["kmsKeyRing"]);
    expect(g.one(T.key).inputs["name"]).toBe(n["kmsKey"]);
    expect(g.one(T.account, "-sa-nodes").inputs["accountId"]).toBe(n["nodeServiceAccount"]);
    expect(g.one(T.cluster).inputs["name"]).toBe(n["cluster"]);
    expect(g.all(T.nodePool).map((p) => p.inputs["name"]).sort()).toEqual(g.plan.nodePools.map((p) => p.providerName).sort());
  });

  it("is regional: the control plane's location is the region, nodes in the plan's zones", () => {
    const cluster = g.one(T.cluster);
    expect(g.plan.controlPlane.ha).toBe(true);
    expect(g.plan.zones).toHaveLength(3);
    expect(cluster.inputs["location"]).toBe("europe-west3");
    expect(cluster.inputs["nodeLocations"]).toEqual(g.plan.zones);
    for (const pool of g.all(T.nodePool)) {
      const planned = g.plan.nodePools.find((p) => p.providerName === pool.inputs["name"])!;
      expect(pool.inputs["location"]).toBe("europe-west3");
      expect(pool.inputs["nodeLocations"]).toEqual(planned.zones);
    }
    const report = buildReport(g.run.resources).clusters.find((c) => c.name === g.component.name)!;
    expect(report.ha).toEqual({ zones: g.plan.zones, controlPlane: "GKE regional control plane in europe-west3 (3 zones)" });
  });

  it("builds a VPC-native network: the plan's node CIDR, pod and service secondary ranges the cluster uses", () => {
    const net = g.one(T.network);
    const sub = g.one(T.subnetwork);
    expect(net.inputs["autoCreateSubnetworks"]).toBe(false);
    expect(sub.inputs["network"]).toBe(idOf(net));
    expect(sub.inputs["region"]).toBe(g.plan.region);
    expect(sub.inputs["ipCidrRange"]).toBe(g.plan.network.cidr);
    expect(sub.inputs["privateIpGoogleAccess"]).toBe(true);
    const ranges = sub.inputs["secondaryIpRanges"] as { rangeName: string; ipCidrRange: string }[];
    const policy = at(g.one(T.cluster), "ipAllocationPolicy") as Record<string, string>;
    expect(ranges.find((r) => r.rangeName === policy["clusterSecondaryRangeName"])?.ipCidrRange).toBe(g.plan.network.podCidr);
    expect(ranges.find((r) => r.rangeName === policy["servicesSecondaryRangeName"])?.ipCidrRange).toBe(g.plan.network.serviceCidr);
    expect(g.one(T.cluster).inputs["subnetwork"]).toBe(idOf(sub));
    expect(g.one(T.cluster).inputs["networkingMode"]).toBe("VPC_NATIVE");
  });

  it("gives the private nodes egress through Cloud NAT on the cluster's router, for the nodes subnetwork", () => {
    const router = g.one(T.router);
    const nat = g.one(T.nat);
    expect(router.inputs["network"]).toBe(idOf(g.one(T.network)));
    expect(router.inputs["region"]).toBe(g.plan.region);
    expect(nat.inputs["router"]).toBe(g.plan.names["router"]);
    expect(nat.inputs["region"]).toBe(g.plan.region);
    expect(nat.inputs["sourceSubnetworkIpRangesToNat"]).toBe("LIST_OF_SUBNETWORKS");
    expect(nat.inputs["subnetworks"]).toEqual([{ name: idOf(g.one(T.subnetwork)), sourceIpRangesToNats: ["ALL_IP_RANGES"] }]);
    expect(nat.dependsOn).toEqual(expect.arrayContaining([router.name, g.one(T.subnetwork).name]));
  });

  it("keeps everything private by default: private nodes, private endpoint, no authorized networks, nothing opened", () => {
    const cluster = g.one(T.cluster);
    expect(at(cluster, "privateClusterConfig")).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: false } });
    expect(at(cluster, "controlPlaneEndpointsConfig")).toEqual({ dnsEndpointConfig: { allowExternalTraffic: false } });
    expect(at(cluster, "masterAuthorizedNetworksConfig", "cidrBlocks")).toEqual([]);
    expect(at(cluster, "masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled")).toBe(false);
    // No firewall rule, address or forwarding rule of its own: only GKE's managed rules exist.
    expect(g.under.filter((r) => /compute\/(firewall|address|globalAddress|forwardingRule)/.test(r.type))).toEqual([]);
    const out = g.run.componentOutputs.get(g.component.urn)!;
    expect(out["endpoint"]).toMatch(/^https:\/\/10\./);
  });

  it("turns on Workload Identity and shielded nodes, on the cluster and on every pool", () => {
    const cluster = g.one(T.cluster);
    expect(at(cluster, "workloadIdentityConfig", "workloadPool")).toBe("acme-eu-prod.svc.id.goog");
    expect(cluster.inputs["enableShieldedNodes"]).toBe(true);
    for (const config of [at(cluster, "nodeConfig"), ...g.all(T.nodePool).map((p) => at(p, "nodeConfig"))] as Record<string, unknown>[]) {
      expect(config["shieldedInstanceConfig"]).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
      expect(config["workloadMetadataConfig"]).toEqual({ mode: "GKE_METADATA" });
    }
  });

  it("encrypts Secrets with a KMS key in the cluster's region that GKE's service agent may use, before the cluster exists", () => {
    const ring = g.one(T.keyRing);
    const key = g.one(T.key);
    const member = g.one(T.keyMember);
    const cluster = g.one(T.cluster);
    expect(ring.inputs["location"]).toBe(g.plan.region);
    expect(ring.inputs["project"]).toBe("acme-eu-prod");
    expect(key.inputs["keyRing"]).toBe(idOf(ring));
    expect(key.inputs["purpose"]).toBe("ENCRYPT_DECRYPT");
    expect(key.inputs["rotationPeriod"]).toBe("7776000s");
    expect(at(cluster, "databaseEncryption")).toEqual({ state: "ENCRYPTED", keyName: idOf(key) });
    expect(member.inputs).toEqual({
      cryptoKeyId: idOf(key),
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: `serviceAccount:service-${mockProjectNumber("acme-eu-prod")}@container-engine-robot.iam.gserviceaccount.com`,
    });
    expect(cluster.dependsOn).toContain(member.name);
  });

  it("retains the key ring, the key (KMS keys are never deleted) and the log bucket when the cluster goes, and nothing else", () => {
    const retained = g.under.filter((r) => r.retainOnDelete).map((r) => r.type).sort();
    expect(retained).toEqual([T.key, T.keyRing, T.bucket].sort());
    expect(g.under.filter((r) => r.protect)).toEqual([]);
    expect(g.one(T.cluster).inputs["deletionProtection"]).toBe(true);
  });

  it("runs nodes as a dedicated account holding only GKE's node role, never the default Compute account", () => {
    const account = g.one(T.account, "-sa-nodes");
    const email = `${g.plan.names["nodeServiceAccount"]}@acme-eu-prod.iam.gserviceaccount.com`;
    expect(g.all(T.projectMember).map((m) => m.inputs)).toEqual([{ project: "acme-eu-prod", role: "roles/container.defaultNodeServiceAccount", member: `serviceAccount:${email}` }]);
    expect(at(g.one(T.cluster), "nodeConfig", "serviceAccount")).toBe(email);
    for (const pool of g.all(T.nodePool)) expect(at(pool, "nodeConfig", "serviceAccount")).toBe(email);
    expect(account.inputs["project"]).toBe("acme-eu-prod");
  });

  it("removes the default node pool and ignores the cluster-level node config GKE then reports", () => {
    const cluster = g.one(T.cluster);
    expect(cluster.inputs["removeDefaultNodePool"]).toBe(true);
    expect(cluster.ignoreChanges).toEqual(expect.arrayContaining(["nodeConfig", "initialNodeCount"]));
  });

  it("creates one pool per plan pool, from the plan's fields, after the cluster and never after each other", () => {
    const pools = g.all(T.nodePool);
    const cluster = g.one(T.cluster);
    expect(pools).toHaveLength(g.plan.nodePools.length);
    for (const planned of g.plan.nodePools) {
      const pool = pools.find((p) => p.inputs["name"] === planned.providerName)!;
      expect(pool.name).toBe(`${g.component.name}-pool-${planned.name}`);
      expect(pool.inputs["cluster"]).toBe(g.plan.names["cluster"]);
      expect(pool.dependsOn).toContain(cluster.name);
      expect(pool.dependsOn.filter((d) => pools.some((p) => p.name === d))).toEqual([]);
      expect(at(pool, "autoscaling", "totalMinNodeCount")).toBe(planned.min);
      expect(at(pool, "autoscaling", "totalMaxNodeCount")).toBe(planned.max);
      expect(at(pool, "nodeConfig", "machineType")).toBe(planned.machineType);
      expect(at(pool, "nodeConfig", "diskSizeGb")).toBe(planned.diskSizeGb);
      expect(at(pool, "nodeConfig", "spot")).toBe(planned.spot);
      expect(at(pool, "nodeConfig", "labels")).toEqual(planned.labels);
      expect(pool.ignoreChanges).toContain("initialNodeCount");
    }
    const apps = pools.find((p) => p.inputs["name"] === "apps")!;
    expect(at(apps, "nodeConfig", "taints")).toEqual([{ key: "dedicated", value: "apps", effect: "NO_SCHEDULE" }]);
    expect(at(apps, "autoscaling", "locationPolicy")).toBe("ANY");
  });

  // Release channels require node auto-upgrade, and a declared pool version would fight it ("setting both
  // is highly discouraged": https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/#version).
  it("enrols the control plane in the Extended channel at the plan's minor; pools declare no version and auto-upgrade to it", () => {
    const cluster = g.one(T.cluster);
    expect(at(cluster, "releaseChannel", "channel")).toBe("EXTENDED");
    expect(cluster.inputs["minMasterVersion"]).toBe(g.plan.kubernetesVersion);
    for (const pool of g.all(T.nodePool)) {
      expect(pool.inputs).not.toHaveProperty("version");
      expect(at(pool, "management")).toEqual({ autoRepair: true, autoUpgrade: true });
    }
    const out = g.run.componentOutputs.get(g.component.urn)!;
    expect(out["kubernetesVersion"]).toBe("1.35");
    // What GKE reports for the pools feeds the next run's planner.
    expect(out["nodePoolVersions"]).toEqual({ system: "1.35", apps: "1.35" });
  });

  it("outputs a secret exec kubeconfig built from the cluster's own endpoint and CA, and the Kubernetes provider from it", () => {
    expect(exposedKubeconfigs(g.run)).toEqual([]);
    const out = g.run.componentOutputs.get(g.component.urn)!;
    expect(out["kubeconfig"]).toBeInstanceOf(SecretValue);
    const k8s = g.one(T.k8sProvider);
    expect(k8s.inputs["kubeconfig"]).toBeInstanceOf(SecretValue);
    const text = (k8s.inputs["kubeconfig"] as SecretValue).value as string;
    expect(text).toBe((out["kubeconfig"] as SecretValue).value);
    const doc = parse(text) as {
      "current-context": string;
      clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
      users: { user: { exec: { command: string; apiVersion: string } } }[];
    };
    expect(doc["current-context"]).toBe(`gke_acme-eu-prod_europe-west3_${g.plan.names["cluster"]}`);
    expect(doc.clusters[0]!.cluster.server).toBe(out["endpoint"]);
    expect(doc.clusters[0]!.cluster["certificate-authority-data"]).not.toBe("");
    expect(doc.users[0]!.user.exec).toMatchObject({ command: "gke-gcloud-auth-plugin", apiVersion: "client.authentication.k8s.io/v1beta1" });
    expect(text).not.toMatch(/token|password|client-key/);
    // Built from this cluster and waits for its pools (add-ons need nodes), nothing else.
    expect([...k8s.dependsOn].sort()).toEqual([g.one(T.cluster).name, ...g.all(T.nodePool).map((p) => p.name)].sort());
  });
});

describe("a GKE cluster without HA", () => {
  it("is zonal in the plan's single zone, with its key ring still in the region", async () => {
    const g = await renderGke({ ha: false });
    const cluster = g.one(T.cluster);
    expect(g.plan.zones).toEqual(["europe-west3-a"]);
    expect(cluster.inputs["location"]).toBe("europe-west3-a");
    expect(cluster.inputs["nodeLocations"]).toBeUndefined(); // the provider adds the cluster's own zone
    for (const pool of g.all(T.nodePool)) expect(pool.inputs["nodeLocations"]).toEqual(["europe-west3-a"]);
    expect(g.one(T.keyRing).inputs["location"]).toBe("europe-west3");
    const report = buildReport(g.run.resources).clusters.find((c) => c.name === g.component.name)!;
    expect(report.ha).toEqual({ zones: ["europe-west3-a"], controlPlane: "GKE zonal control plane in europe-west3-a (single zone, not HA)" });
    const doc = parse((g.run.componentOutputs.get(g.component.urn)!["kubeconfig"] as SecretValue).value as string) as { "current-context": string };
    expect(doc["current-context"]).toBe(`gke_acme-eu-prod_europe-west3-a_${g.plan.names["cluster"]}`);
  });

  it("spreads nodes over extra zones it is given, naming only the additional ones at cluster level", async () => {
    const g = await renderGke({ ha: false, zones: ["europe-west3-b", "europe-west3-c"] });
    expect(g.one(T.cluster).inputs["location"]).toBe("europe-west3-b");
    expect(g.one(T.cluster).inputs["nodeLocations"]).toEqual(["europe-west3-c"]);
    for (const pool of g.all(T.nodePool)) expect(pool.inputs["nodeLocations"]).toEqual(["europe-west3-b", "europe-west3-c"]);
    const report = buildReport(g.run.resources).clusters.find((c) => c.name === g.component.name)!;
    expect(report.ha?.zones).toEqual(["europe-west3-b", "europe-west3-c"]);
  });
});

describe("a GKE cluster with master authorized networks", () => {
  it("opens the public endpoint to exactly those CIDRs; nodes stay private", async () => {
    const cidrs = ["203.0.113.0/24", "198.51.100.7/32"];
    const g = await renderGke({ masterAuthorizedNetworks: cidrs });
    const cluster = g.one(T.cluster);
    expect(at(cluster, "privateClusterConfig")).toEqual({ enablePrivateNodes: true, enablePrivateEndpoint: false, masterGlobalAccessConfig: { enabled: false } });
    expect(at(cluster, "controlPlaneEndpointsConfig", "dnsEndpointConfig", "allowExternalTraffic")).toBe(false);
    expect((at(cluster, "masterAuthorizedNetworksConfig", "cidrBlocks") as { cidrBlock: string }[]).map((b) => b.cidrBlock)).toEqual(cidrs);
    expect(at(cluster, "masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled")).toBe(false);
    expect(g.run.componentOutputs.get(g.component.urn)!["endpoint"]).toMatch(/^https:\/\/203\.0\.113\./);
  });
});

describe("a GKE cluster's plan details", () => {
  it("refuses a pool pinned to another minor than the control plane's: GKE's auto-upgrade would move it anyway", () => {
    const plan = planFleet(gkeFleet({ nodePools: [{ name: "system" }, { name: "legacy", kubernetesVersion: "1.34" }] }), defaultCatalog, undefined, { now: NOW });
    expect(plan.problems).toContainEqual(expect.objectContaining({ path: "clusters[0].nodePools[1].kubernetesVersion", code: "version/pool-pin-unsupported" }));
  });

  it("lifts deletion protection once the spec retires the cluster, so its decommission can go through", async () => {
    const g = await renderGke({ lifecycle: { state: "retired", decommissionAfter: "2099-01-01" } });
    expect(g.plan.action).toBe("drain");
    expect(g.one(T.cluster).inputs["deletionProtection"]).toBe(false);
    expect(g.all(T.keyRing).every((r) => r.retainOnDelete)).toBe(true);
  });

  it("carries the spec's own labels next to the fleet labels", async () => {
    const g = await renderGke({ labels: { team: "platform", "cost-center": "cc-42" } });
    expect(at(g.one(T.cluster), "resourceLabels")).toEqual({ ...g.plan.labels });
    expect(at(g.one(T.cluster), "resourceLabels")).toMatchObject({ team: "platform", "cost-center": "cc-42", "managed-by": "clusterfleet" });
  });

  it("refuses labels GCP would reject, naming each, before creating anything", async () => {
    const failure = await renderGke({ labels: { Team: "Platform", "app.kubernetes.io/part-of": "shop" } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/GkeCluster "acme-eu-gcp" \(cluster "eu-gcp"\): 3 problem\(s\)/);
    expect(failure?.message).toMatch(/labels\.Team: label key "Team" is not a GCP label key/);
    expect(failure?.message).toMatch(/labels\.Team: label value "Platform" is not a GCP label value/);
    expect(failure?.message).toMatch(/labels\.app\.kubernetes\.io\/part-of: label key/);
  });
});

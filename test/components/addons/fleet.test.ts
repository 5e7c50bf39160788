// The add-ons through the real program entry (src/program.ts) on fleets of adopted clusters (the
// component with a real provider in this branch), a Linkerd fleet's links, per-cluster overrides,
// and what happens with clusters whose component does not (yet) give what the plan needs.
import { describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import type { AddonId } from "../../../src/spec/addons.ts";
import program from "../../../src/program.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import { plainStringsIn } from "../../../src/preview/wire-values.ts";
import { placeholderKubeconfig, planStack, renderAddons } from "../../fixtures/addon-fleet.ts";
import { kubeObjects, releases } from "../../fixtures/addons-run.ts";
import { chartValuesProblems } from "../../fixtures/charts.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { byUrn, clusterOf, crossClusterDependencies, exposedKubeconfigs, longestDependencyChain, ofType } from "../../fixtures/graph.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";

const NETWORKS = (i: number) => ({ cidr: `192.168.${i * 16}.0/20`, podCidr: `10.${100 + i}.0.0/16`, serviceCidr: `172.${20 + i}.0.0/22` });

/** Adopted clusters on two sites in two jurisdictions; `eu` and `us` may not peer. */
function adoptedFleet(names: { eu: number; us: number }, defaults: Record<string, unknown> = {}) {
  // Adopted prod clusters with a policy engine name their storage and secrets backend (the plan refuses them otherwise).
  const cluster = (name: string, jurisdiction: string, region: string, i: number, environment = "prod") => ({
    name,
    provider: "existing",
    region,
    jurisdiction,
    environment,
    network: NETWORKS(i),
    storage: { driver: "rbd.csi.ceph.com" },
    secretsBackend: { vault: { address: `https://vault.${region}.example:8200`, region, mount: "kv", role: name } },
  });
  const clusters = [
    ...Array.from({ length: names.eu }, (_, i) => cluster(`eu-${i + 1}`, "eu", "fra-dc1", i, i === 0 ? "prod" : "staging")),
    ...Array.from({ length: names.us }, (_, i) => cluster(`us-${i + 1}`, "us", "nyc-dc1", names.eu + i)),
  ];
  return {
    name: "acme",
    jurisdictions: { eu: { countries: ["EU"], sites: ["fra-dc1"] }, us: { countries: ["US"], sites: ["nyc-dc1"] } },
    sites: { "fra-dc1": { country: "DE", zones: ["hall-a", "hall-b", "hall-c"] }, "nyc-dc1": { country: "US", zones: ["a", "b", "c"] } },
    defaults: { kubernetesVersion: "1.35", mesh: "istio", policy: "kyverno", observability: { metrics: true, logs: true, traces: true }, ...defaults },
    peering: { topology: "mesh" },
    clusters,
  };
}

function runProgram(spec: ReturnType<typeof adoptedFleet>): Promise<MockRun> {
  const config: Record<string, string> = { "clusterfleet:now": NOW.toISOString(), "clusterfleet:fleet": JSON.stringify(spec) };
  for (const c of spec.clusters) config[`clusterfleet:kubeconfig-${c.name}`] = placeholderKubeconfig(c.name);
  return runUnderMocks(program, { project: "clusterfleet", stack: "adopted", config, secretKeys: Object.keys(config).filter((k) => k.includes("kubeconfig")) });
}

describe("a fleet of adopted clusters, through the program", () => {
  it("gets its add-ons under each cluster, the mesh root and links under the fleet, and joins only the pairs that may peer", async () => {
    const run = await runProgram(adoptedFleet({ eu: 2, us: 2 }));
    const fleet = ofType(run, TOKENS.fleet)[0]!;
    expect(ofType(run, TOKENS.meshIdentity).map((r) => r.parentUrn)).toEqual([fleet.urn]);
    expect(ofType(run, TOKENS.meshLinks).map((r) => r.parentUrn)).toEqual([fleet.urn]);
    for (const a of ofType(run, TOKENS.clusterAddons)) expect(byUrn(run).get(a.parentUrn!)?.type).toBe(TOKENS.adopted);

    const remote = kubeObjects(run).filter((o) => o.object["metadata"]?.labels?.["istio/multiCluster"] === "true");
    expect(remote.map((o) => `${o.cluster}<-${o.object["metadata"].annotations["networking.istio.io/cluster"]}`).sort()).toEqual(["acme-eu-1<-eu-2", "acme-eu-2<-eu-1", "acme-us-1<-us-2", "acme-us-2<-us-1"]);
    // The kubeconfig inside names the target's own endpoint (from its kubeconfig) and is a secret.
    const inEu1 = remote.find((o) => o.cluster === "acme-eu-1")!;
    expect(inEu1.object["stringData"]["eu-2"]).toMatch(/server: https:\/\/eu-2\.k8s\.example:6443/);
    expect(plainStringsIn(inEu1.resource.inputs["stringData"])).toEqual([]);
    expect(exposedKubeconfigs(run)).toEqual([]);
    expect(crossClusterDependencies(run)).toEqual([]);
  });

  it("takes no longer a dependency chain for six clusters than for two", async () => {
    const two = longestDependencyChain(await runProgram(adoptedFleet({ eu: 1, us: 1 })));
    const six = longestDependencyChain(await runProgram(adoptedFleet({ eu: 3, us: 3 })));
    expect(six).toBeLessThanOrEqual(two);
  });

  it("applies per-cluster overrides: an add-on disabled, a chart version pinned, extra values merged", async () => {
    const spec = adoptedFleet({ eu: 2, us: 0 });
    (spec.clusters[0] as Record<string, unknown>)["addons"] = {
      overrides: {
        "opentelemetry-collector": { enabled: false },
        kyverno: { version: "3.8.4", values: { admissionController: { replicas: 5 } } },
        velero: { enabled: true, values: { configuration: { backupSyncPeriod: "2h" } } },
      },
    };
    const run = await runProgram(spec);
    const rel = releases(run);
    const on = (cluster: string, chart: string) => rel.find((r) => r.cluster === cluster && r.chart === chart);
    expect(on("acme-eu-1", "opentelemetry-collector")).toBeUndefined();
    expect(on("acme-eu-2", "opentelemetry-collector")).toBeDefined();
    expect(on("acme-eu-1", "kyverno")).toMatchObject({ version: "3.8.4", values: { admissionController: { replicas: 5 }, backgroundController: { replicas: 2 } } });
    expect(on("acme-eu-2", "kyverno")?.version).toBe("3.9.0");
    expect(on("acme-eu-1", "velero")?.values).toEqual({ configuration: { backupSyncPeriod: "2h" } });
    expect(chartValuesProblems("velero", on("acme-eu-1", "velero")!.values)).toEqual([]);
    expect(chartValuesProblems("kyverno", on("acme-eu-1", "kyverno")!.values)).toEqual([]);
  });
});

describe("a Linkerd fleet", () => {
  it("signs each cluster's issuer with its jurisdiction's trust anchor and links each connected pair both ways", async () => {
    const run = await runProgram(adoptedFleet({ eu: 2, us: 1 }, { mesh: "linkerd" }));
    const objects = kubeObjects(run);
    const links = objects.filter((o) => o.object["kind"] === "Link");
    expect(links.map((o) => `${o.cluster}->${o.object["spec"].targetClusterName}`).sort()).toEqual(["acme-eu-1->eu-2", "acme-eu-2->eu-1"]);
    const link = links[0]!;
    expect(link.object["spec"]).toMatchObject({ gatewayPort: "4143", gatewayIdentity: "linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.eu.acme", clusterCredentialsSecret: `cluster-credentials-${link.object["spec"].targetClusterName}` });
    expect(link.object["spec"].gatewayAddress).toMatch(/lb\.placeholder\.invalid$/);
    expect(objectProblems(link.object)).toEqual([]);
    const credentials = objects.filter((o) => o.object["type"] === "mirror.linkerd.io/remote-kubeconfig");
    expect(credentials).toHaveLength(4); // per direction: the service mirror's and the destination's
    for (const c of credentials) expect(plainStringsIn(c.resource.inputs["stringData"])).toEqual([]);
    // One anchor per jurisdiction (eu, us); each cluster's issuer in a kubernetes.io/tls Secret, its key secret.
    expect(ofType(run, "tls:index/selfSignedCert:SelfSignedCert").map((r) => r.name).sort()).toEqual(["acme-mesh-identity-linkerd-trust-anchor-eu-cert", "acme-mesh-identity-linkerd-trust-anchor-us-cert"]);
    const issuers = objects.filter((o) => o.object["metadata"]?.name === "linkerd-identity-issuer");
    expect(issuers.map((o) => o.cluster).sort()).toEqual(["acme-eu-1", "acme-eu-2", "acme-us-1"]);
    for (const i of issuers) expect(plainStringsIn(i.resource.inputs["stringData"])).toEqual([]);
    // The multicluster chart runs one service mirror per peer.
    const mc = releases(run).filter((r) => r.chart === "linkerd-multicluster");
    expect(mc.find((r) => r.cluster === "acme-eu-1")?.values["controllers"]).toEqual([{ link: { ref: { name: "eu-2" } } }]);
    expect(mc.find((r) => r.cluster === "acme-us-1")?.values["controllers"]).toEqual([]);
    const linkerdCharts = releases(run).filter((r) => r.chart.startsWith("linkerd-"));
    expect(linkerdCharts).toHaveLength(9);
    expect(linkerdCharts.flatMap((r) => chartValuesProblems(r.chart as AddonId, r.values).map((p) => `${r.chart}: ${p}`))).toEqual([]);
    // Every object of the run passes its schema (Kyverno policies, Secrets of every type, Links).
    expect(objects.flatMap((o) => objectProblems(o.object).map((p) => `${o.resource.name}: ${p}`))).toEqual([]);
    // A Link waits for its CRD (this cluster's multicluster release) and for the credentials it names.
    for (const l of links) {
      const own = mc.find((r) => r.cluster === l.cluster)!;
      expect(l.resource.dependsOnUrns).toContain(own.resource.urn);
      expect(clusterOf(run, l.resource)).toBeUndefined();
    }
    expect(crossClusterDependencies(run)).toEqual([]);
  });
});

describe("clusters whose component does not give what the plan needs", () => {
  it("get no add-ons while they have no Kubernetes provider, and are joined to nobody", async () => {
    const plan = planStack("global");
    const run = await renderAddons(plan, { withProvider: (c) => c.jurisdiction === "eu" });
    const clusters = new Set(releases(run).map((r) => r.cluster));
    expect([...clusters].sort()).toEqual(["acme-eu-aws-dub-dev", "acme-eu-aws-fra", "acme-eu-azure-ams", "acme-eu-gcp-bru"]);
    const remote = kubeObjects(run).filter((o) => o.object["metadata"]?.labels?.["istio/multiCluster"] === "true");
    expect(remote).toHaveLength(2 * plan.meshLinks.filter((l) => l.from.startsWith("eu-") && l.to.startsWith("eu-")).length);
  });

  it("are refused, named, when their plan keeps logs in object storage their component does not give", async () => {
    const failure = await renderAddons(planStack("prod-eu"), { noLogStorage: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/cluster "eu-aws-fra" \(aws\) stores its logs in s3 bucket "acme-eu-eu-aws-fra-logs-[a-z0-9]+" in eu-central-1, but its component gives no logStorage/);
    expect(failure?.message).toMatch(/eu-gcp-fra/);
    expect(failure?.message).not.toMatch(/eu-onprem-fra/); // on-prem logs stay on the cluster's own volumes
  });
});

// The in-cluster layer on real API servers: two adopted clusters whose kubeconfigs point at the test's
// kube-apiservers go up through the real Kubernetes provider (server-side apply), with the CRDs the
// charts would bring installed first. Helm charts cannot be fetched offline and are turned off here,
// and with them what needs their controllers (the secret store, the policy engine's audit rules); the
// sovereignty ValidatingAdmissionPolicies need none and are applied (admission.engine.test.ts proves them).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installCrds, kubeClient, withoutCharts } from "./harness/cluster-apis.ts";
import { KubeApiServers, type ApiServer } from "./harness/kube-apiservers.ts";
import { EngineSession } from "./harness/session.ts";
import { initStack } from "./harness/stack-setup.ts";
import { siteFleet } from "./fixtures/site-fleet.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";

let session: EngineSession;
let apis: KubeApiServers;
const clusters: Record<string, ApiServer> = {};
beforeAll(async () => {
  session = new EngineSession();
  apis = new KubeApiServers(session.toolchain.bin, join(session.dir, "apiservers"));
  for (const name of ["fra-a", "fra-b"]) {
    clusters[name] = await apis.get(name);
    await installCrds(clusters[name]);
  }
});
afterAll(() => {
  apis?.stop();
  session?.close();
});

const STACK = "site";
interface StorageClass {
  metadata: { name: string };
  provisioner: string;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values?: string[] }[] }[];
}
const list = async (api: ApiServer, apiVersion: string, kind: string, namespace?: string): Promise<{ metadata: { name: string; labels?: Record<string, string> } }[]> =>
  ((await kubeClient(api).list(apiVersion, kind, namespace)) as unknown as { items: { metadata: { name: string; labels?: Record<string, string> } }[] }).items;

describe("the in-cluster layer of adopted clusters on real API servers", () => {
  it("applies the site-pinned storage classes with the real provider, and a second up changes nothing", async () => {
    const fleet = withoutCharts(siteFleet());
    await initStack(session, STACK, fleet);
    for (const [name, api] of Object.entries(clusters)) await session.pulumi(["config", "set", "--secret", "--stack", STACK, `clusterfleet:kubeconfig-${name}`, api.kubeconfig]);

    const up = await session.drive({ op: "up", stack: STACK });
    expect(up.error ?? "", up.stdout.slice(-8000) + apis.recentLogs()).toBe("");
    const again = await session.drive({ op: "up", stack: STACK, expectNoChanges: true });
    expect(again.error ?? "", again.stdout.slice(-8000)).toBe("");

    // What the plan pins, exactly, on each cluster's own API server: the site's CSI driver, bound to its zones.
    // (The ClusterSecretStore comes with the external-secrets chart, which is off here.)
    const plan = planFleet(fleet, defaultCatalog, undefined, { now: new Date() });
    for (const [name, api] of Object.entries(clusters)) {
      const planned = plan.clusters.find((c) => c.name === name)!.sovereignty.storageClasses.map((k) => k.name).sort();
      expect(planned.length).toBeGreaterThan(0);
      const classes = (await list(api, "storage.k8s.io/v1", "StorageClass")) as unknown as StorageClass[];
      expect(classes.map((c) => c.metadata.name).sort(), name).toEqual(planned);
      for (const c of classes) {
        expect(c.provisioner).toBe("rbd.csi.ceph.com");
        expect(c.allowedTopologies?.[0]?.matchLabelExpressions?.[0]?.values?.sort()).toEqual(["hall-a", "hall-b", "hall-c"]);
      }
    }
  });
});

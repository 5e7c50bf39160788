// The in-cluster layer on real API servers: two adopted clusters whose kubeconfigs point at the test's
// kube-apiservers go up through the real Kubernetes provider (server-side apply), with the CRDs the
// charts would bring installed first. Helm charts cannot be fetched offline and are turned off here.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installCrds, kubeClient, withoutCharts } from "./harness/cluster-apis.ts";
import { KubeApiServers, type ApiServer } from "./harness/kube-apiservers.ts";
import { EngineSession } from "./harness/session.ts";
import { initStack } from "./harness/stack-setup.ts";
import { siteFleet } from "./fixtures/site-fleet.ts";

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
const list = async (api: ApiServer, apiVersion: string, kind: string, namespace?: string): Promise<{ metadata: { name: string; labels?: Record<string, string> } }[]> =>
  ((await kubeClient(api).list(apiVersion, kind, namespace)) as unknown as { items: { metadata: { name: string; labels?: Record<string, string> } }[] }).items;

describe("the in-cluster layer of adopted clusters on real API servers", () => {
  it("applies namespaces, pinned storage classes and the secret store, and a second up changes nothing", async () => {
    const fleet = withoutCharts(siteFleet());
    await initStack(session, STACK, fleet);
    for (const [name, api] of Object.entries(clusters)) await session.pulumi(["config", "set", "--secret", "--stack", STACK, `clusterfleet:kubeconfig-${name}`, api.kubeconfig]);

    const up = await session.drive({ op: "up", stack: STACK });
    expect(up.error ?? "", up.stdout.slice(-8000) + apis.recentLogs()).toBe("");
    const again = await session.drive({ op: "up", stack: STACK, expectNoChanges: true });
    expect(again.error ?? "", again.stdout.slice(-8000)).toBe("");

    for (const [name, api] of Object.entries(clusters)) {
      const classes = await list(api, "storage.k8s.io/v1", "StorageClass");
      expect(classes.map((c) => c.metadata.name).length, name).toBeGreaterThanOrEqual(2);
      const stores = await list(api, "external-secrets.io/v1", "ClusterSecretStore");
      expect(stores.map((s) => s.metadata.name)).toEqual(["clusterfleet"]);
    }
  });
});

// Gives every managed cluster of a fleet a real API server for `pulumi up`: the stand-in cloud answers
// its endpoint and CA (test/engine/standins/overrides.ts), and the stand-in credential plugins a token
// it accepts, so the real Kubernetes provider applies the cluster's in-cluster layer to it.
import * as k8s from "@kubernetes/client-node";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { storageFacts } from "../../../src/catalog/storage.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import { addonIds } from "../../../src/spec/addons.ts";
import type { ApiServer, KubeApiServers } from "./kube-apiservers.ts";
import type { EngineSession } from "./session.ts";
import { repoRoot } from "./toolchain.ts";

/** CRDs ClusterFleet's objects need without their charts (the charts that ship them cannot be fetched). */
const CRD_FOLDERS = readdirSync(join(repoRoot, "test/fixtures/charts"))
  .map((chart) => join(repoRoot, "test/fixtures/charts", chart, "crds"))
  .filter((dir) => {
    try {
      return readdirSync(dir).length > 0;
    } catch {
      return false;
    }
  });

export async function startClusterApis(session: EngineSession, apis: KubeApiServers, fleet: unknown): Promise<Record<string, ApiServer>> {
  const plan = planFleet(fleet, defaultCatalog, undefined, { now: new Date() });
  if (plan.problems) throw new Error(JSON.stringify(plan.problems));
  const byCloudName: Record<string, ApiServer> = {};
  const byCluster: Record<string, ApiServer> = {};
  for (const c of plan.clusters) {
    if (!["aws", "gcp", "azure"].includes(c.provider)) continue;
    const cloudName = String((c.names as Record<string, unknown>)["cluster"]);
    const api = await apis.get(cloudName);
    await installCrds(api);
    await providerDefaultClass(api, c.provider as "aws" | "gcp" | "azure");
    byCloudName[cloudName] = api;
    byCluster[c.name] = api;
  }
  const file = join(session.dir, "apiservers.json");
  writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(byCloudName).map(([n, a]) => [n, { server: a.server, caData: a.caData }]))));
  session.env["CLUSTERFLEET_STANDIN_APISERVERS"] = file;
  return byCluster;
}

/** The default StorageClass the cloud puts in every new cluster (catalog storageFacts names it), which ClusterFleet un-defaults. */
async function providerDefaultClass(api: ApiServer, provider: "aws" | "gcp" | "azure"): Promise<void> {
  const facts = storageFacts[provider];
  await kubeClient(api)
    .create({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: facts.providerDefaultClass, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: facts.driver,
    } as k8s.KubernetesObject)
    .catch((e: { code?: number }) => {
      if (e.code !== 409) throw e;
    });
}

export function kubeClient(api: ApiServer): k8s.KubernetesObjectApi {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(api.kubeconfig);
  return k8s.KubernetesObjectApi.makeApiClient(kc);
}

export async function installCrds(api: ApiServer): Promise<void> {
  for (const dir of CRD_FOLDERS) {
    for (const f of readdirSync(dir)) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, f), "utf8"))) {
        const crd = doc.toJS() as k8s.KubernetesObject | null;
        if (!crd?.kind) continue;
        // Sent as is: the client library's typed models drop schema extensions such as
        // x-kubernetes-int-or-string, and the API server then refuses the CRD.
        const status = await postJson(api, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        if (status !== 201 && status !== 409) throw new Error(`CRD ${crd.metadata?.name}: HTTP ${status}`);
      }
    }
  }
}

async function postJson(api: ApiServer, path: string, body: unknown): Promise<number> {
  return (await requestJson(api, "POST", path, body)).status;
}

/** One request to the API server as the admin, the body sent as is; the status and the parsed answer (a Status on failure). */
export function requestJson(api: ApiServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.server}${path}`, {
      method,
      ca: Buffer.from(api.caData, "base64"),
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
    }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text };
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * The fleet without its Helm charts: charts cannot be fetched offline, so the engine tests turn each
 * chart add-on off per cluster (`addons.overrides.<id>.enabled: false`), and everything else that
 * needs no chart (namespaces, storage classes, secret stores, admission rules, mesh CA secrets) is applied.
 */
export function withoutCharts(fleet: Record<string, unknown>): Record<string, unknown> {
  const clusters = (fleet["clusters"] as Record<string, unknown>[]).map((c) => {
    const addons = (c["addons"] ?? {}) as Record<string, unknown>;
    const overrides = { ...((addons["overrides"] ?? {}) as Record<string, unknown>) };
    for (const id of addonIds) overrides[id] = { ...((overrides[id] ?? {}) as object), enabled: false };
    return { ...c, addons: { ...addons, overrides } };
  });
  return { ...fleet, clusters };
}

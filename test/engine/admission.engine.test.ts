// Sovereignty admission on a real kube-apiserver: a prod EKS cluster with no policy engine at all
// (`policy: none`) goes up through the real Kubernetes provider, and its API server alone refuses a
// PersistentVolumeClaim on the cloud's own (un-defaulted) class, with the policy's message, while it admits
// one on a pinned class, and the foreign class in an exempt namespace. No controller, no webhook: the
// ValidatingAdmissionPolicy admission plugin, on by default from 1.30 (the harness leaves it on).
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { requestJson, startClusterApis, withoutCharts } from "./harness/cluster-apis.ts";
import type { ApiServer, KubeApiServers } from "./harness/kube-apiservers.ts";
import type { EngineSession } from "./harness/session.ts";
import { initStack, stackFleet } from "./harness/stack-setup.ts";
import { useEngine } from "./harness/use-engine.ts";

let session: EngineSession;
let apis: KubeApiServers;
useEngine((s, a) => {
  session = s;
  apis = a;
});

const STACK = "admission";
/** The dev stack's one EKS cluster, in prod (deny) and without a policy engine. */
function prodWithoutPolicyEngine(): Record<string, unknown> {
  const fleet = structuredClone(withoutCharts(stackFleet(session, "dev"))) as { defaults: Record<string, unknown>; clusters: Record<string, unknown>[] };
  fleet.defaults["policy"] = "none";
  fleet.clusters[0]!["environment"] = "prod";
  return fleet;
}

const pvc = (name: string, storageClassName: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName },
});
const createPvc = (api: ApiServer, namespace: string, name: string, storageClass: string) => requestJson(api, "POST", `/api/v1/namespaces/${namespace}/persistentvolumeclaims`, pvc(name, storageClass));

/**
 * The API server compiles a new policy and binding asynchronously: until it has, requests pass. Retries
 * (a new PVC name each time) until one is denied, for at most `ms`; returns the denial, or the last answer.
 */
async function firstDenial(api: ApiServer, namespace: string, storageClass: string, ms: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const start = Date.now();
  for (let i = 0; ; i++) {
    const r = await createPvc(api, namespace, `probe-${i}`, storageClass);
    if (r.status !== 201 || Date.now() - start > ms) return r;
    await new Promise((done) => setTimeout(done, 250));
  }
}

async function typeChecking(api: ApiServer, policy: string, ms: number): Promise<Record<string, unknown> | undefined> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const r = await requestJson(api, "GET", `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${policy}`);
    const status = r.body["status"] as { typeChecking?: Record<string, unknown> } | undefined;
    if (status?.typeChecking) return status.typeChecking;
    await new Promise((done) => setTimeout(done, 500));
  }
  return undefined;
}

describe("data-sovereignty admission, enforced by the API server itself", () => {
  it("denies a PVC on the cloud's own class with the policy's message, admits the pinned classes, and skips exempt namespaces", async () => {
    const fleet = prodWithoutPolicyEngine();
    await initStack(session, STACK, fleet);
    const clusterApis = await startClusterApis(session, apis, fleet);
    const up = await session.drive({ op: "up", stack: STACK });
    expect(up.error ?? "", up.stdout.slice(-8000) + apis.recentLogs()).toBe("");

    const plan = planFleet(fleet, defaultCatalog, undefined, { now: new Date() });
    const c = plan.clusters[0]!;
    const api = clusterApis[c.name]!;
    const foreign = c.sovereignty.providerDefaultClass!;
    const pinned = c.sovereignty.storageClasses.map((k) => k.name);
    expect([c.policy, c.sovereignty.admission.enforcement, foreign, pinned]).toEqual(["none", "deny", "gp2", ["gp3", "gp3-retain"]]);

    // The policies are on the API server as rendered.
    const policies = await requestJson(api, "GET", "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies");
    expect(((policies.body["items"] ?? []) as { metadata: { name: string } }[]).map((p) => p.metadata.name).sort()).toEqual(
      ["clusterfleet-fleet-secret-store-only", "clusterfleet-in-cluster-generators-only", "clusterfleet-pinned-storage-classes"],
    );

    expect((await requestJson(api, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "app" } })).status).toBe(201);

    // (a) The cloud's class, un-defaulted but still there: denied, naming the pinned classes.
    const denied = await firstDenial(api, "app", foreign, 20_000);
    expect(denied.status, JSON.stringify(denied.body)).toBe(422);
    expect(denied.body["message"]).toContain("ValidatingAdmissionPolicy 'clusterfleet-pinned-storage-classes'");
    expect(denied.body["message"]).toContain(`A PersistentVolumeClaim may use only this cluster's region-pinned storage classes: ${pinned.join(", ")}.`);

    // (b) Every pinned class: admitted.
    for (const k of pinned) {
      const r = await createPvc(api, "app", `on-${k}`, k);
      expect(r.status, `${k}: ${JSON.stringify(r.body)}`).toBe(201);
    }

    // (c) The cloud's class in an exempt namespace (Kubernetes' own): admitted; back in a workload namespace: still denied.
    expect(c.sovereignty.admission.exemptNamespaces).toContain("kube-system");
    const exempt = await createPvc(api, "kube-system", "exempt", foreign);
    expect(exempt.status, JSON.stringify(exempt.body)).toBe(201);
    expect((await createPvc(api, "app", "again", foreign)).status).toBe(422);

    // The PVC rule type-checks against the API server's own PersistentVolumeClaim schema (kube-controller-manager's
    // validatingadmissionpolicy-status-controller writes the result; warnings would name a misspelt field).
    const checked = await typeChecking(api, "clusterfleet-pinned-storage-classes", 20_000);
    expect(checked, "status.typeChecking written").toBeDefined();
    expect(checked!["expressionWarnings"] ?? []).toEqual([]);
  });
});

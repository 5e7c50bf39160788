// The Kubernetes cleaner against a fake API server that speaks the few endpoints it uses, with
// finalizer delays, a Retain volume, DaemonSet and mirror pods, and a PodDisruptionBudget that
// refuses eviction.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as k8s from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { kubeCleaner, kubeCleaners } from "../../src/decommission/kube-cleaner.ts";

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

function fakeCluster() {
  const ns = (namespace: string, name: string, rest: Omit<Obj, "metadata"> & { labels?: Record<string, string> } = {}): Obj => {
    const { labels, ...others } = rest;
    return { metadata: { name, namespace, ...(labels ? { labels } : {}) }, ...others };
  };
  const state = {
    services: [ns("default", "web", { spec: { type: "LoadBalancer" } }), ns("default", "internal", { spec: { type: "ClusterIP" } })],
    ingresses: [
      ns("default", "public", { spec: { ingressClassName: "nginx" }, status: { loadBalancer: { ingress: [{ hostname: "lb.example" }] } } }),
      ns("default", "alb", { spec: { ingressClassName: "alb" }, status: {} }),
      ns("default", "private", { spec: { ingressClassName: "nginx" }, status: {} }),
    ],
    pvcs: [ns("db", "data", { spec: { volumeName: "pv-data" } }), ns("db", "keep", { spec: { volumeName: "pv-keep" } }), ns("db", "pending", { spec: {} })],
    pvs: [
      { metadata: { name: "pv-data" }, spec: { persistentVolumeReclaimPolicy: "Delete" } },
      { metadata: { name: "pv-keep" }, spec: { persistentVolumeReclaimPolicy: "Retain" } },
    ] as Obj[],
    nodes: [{ metadata: { name: "n1" }, spec: {} }, { metadata: { name: "n2" }, spec: {} }] as Obj[],
    pods: [
      { metadata: { name: "web-1", namespace: "default", ownerReferences: [{ kind: "ReplicaSet", name: "web-abc" }] }, spec: { nodeName: "n1" } },
      { metadata: { name: "agent-x", namespace: "kube-system", ownerReferences: [{ kind: "DaemonSet", name: "agent" }] }, spec: { nodeName: "n1" } },
      { metadata: { name: "kube-apiserver-n1", namespace: "kube-system", annotations: { "kubernetes.io/config.mirror": "abc" } }, spec: { nodeName: "n1" } },
      { metadata: { name: "pg-0", namespace: "db", labels: { app: "pg" } }, spec: { nodeName: "n2" } },
    ] as Obj[],
    pdbs: [{ metadata: { name: "pg", namespace: "db" }, spec: { selector: { matchLabels: { app: "pg" } } } }] as Obj[],
    /** Objects deleted but still held by a finalizer for this many more reads. */
    terminating: new Map<string, number>(),
    log: [] as string[],
  };
  const key = (kind: string, o: Obj) => `${kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  const list = (items: Obj[]) => ({ apiVersion: "v1", kind: "List", metadata: {}, items });
  const status = (res: ServerResponse, code: number, reason: string) => {
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify({ apiVersion: "v1", kind: "Status", status: "Failure", code, reason, message: reason }));
  };
  const ok = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  /** GET one object; deleted objects linger for a couple of reads, as finalizers make them. */
  const readOne = (res: ServerResponse, kind: string, items: Obj[], namespace: string | undefined, name: string) => {
    const o = items.find((x) => x.metadata.name === name && x.metadata.namespace === namespace);
    if (!o) return status(res, 404, "NotFound");
    const k = key(kind, o);
    const left = state.terminating.get(k);
    if (left !== undefined) {
      if (left <= 0) {
        items.splice(items.indexOf(o), 1);
        state.terminating.delete(k);
        if (kind === "pvc" && o.spec?.["volumeName"]) state.pvs = state.pvs.filter((v) => v.metadata.name !== o.spec!["volumeName"]);
        return status(res, 404, "NotFound");
      }
      state.terminating.set(k, left - 1);
    }
    return ok(res, o);
  };
  const remove = (res: ServerResponse, kind: string, items: Obj[], namespace: string, name: string) => {
    const o = items.find((x) => x.metadata.name === name && x.metadata.namespace === namespace);
    if (!o) return status(res, 404, "NotFound");
    state.log.push(`delete ${kind} ${namespace}/${name}`);
    state.terminating.set(key(kind, o), 2);
    return ok(res, { kind: "Status", status: "Success" });
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, "http://x");
    const p = url.pathname;
    const body = await new Promise<string>((r) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => r(b));
    });
    let m: RegExpExecArray | null;
    if (req.method === "GET" && p === "/api/v1/services") return ok(res, list(state.services));
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)$/.exec(p))) return req.method === "DELETE" ? remove(res, "service", state.services, m[1]!, m[2]!) : readOne(res, "service", state.services, m[1], m[2]!);
    if (req.method === "GET" && p === "/apis/networking.k8s.io/v1/ingresses") return ok(res, list(state.ingresses));
    if ((m = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/ingresses\/([^/]+)$/.exec(p))) return req.method === "DELETE" ? remove(res, "ingress", state.ingresses, m[1]!, m[2]!) : readOne(res, "ingress", state.ingresses, m[1], m[2]!);
    if (req.method === "GET" && p === "/api/v1/persistentvolumeclaims") return ok(res, list(state.pvcs));
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/persistentvolumeclaims\/([^/]+)$/.exec(p))) return req.method === "DELETE" ? remove(res, "pvc", state.pvcs, m[1]!, m[2]!) : readOne(res, "pvc", state.pvcs, m[1], m[2]!);
    if ((m = /^\/api\/v1\/persistentvolumes\/([^/]+)$/.exec(p))) {
      // A volume goes when its claim's deletion completes (the CSI driver deleted the disk).
      const claim = state.pvcs.find((c) => c.spec?.["volumeName"] === m![1]);
      if (claim) {
        const k = key("pvc", claim);
        const left = state.terminating.get(k);
        if (left !== undefined) {
          if (left <= 0) {
            state.pvcs.splice(state.pvcs.indexOf(claim), 1);
            state.terminating.delete(k);
            state.pvs = state.pvs.filter((v) => v.metadata.name !== m![1]);
          } else state.terminating.set(k, left - 1);
        }
      }
      const pv = state.pvs.find((v) => v.metadata.name === m![1]);
      return pv ? ok(res, pv) : status(res, 404, "NotFound");
    }
    if (req.method === "GET" && p === "/api/v1/nodes") return ok(res, list(state.nodes));
    if ((m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(p))) {
      const n = state.nodes.find((x) => x.metadata.name === m![1]);
      if (!n) return status(res, 404, "NotFound");
      if (req.method === "PUT") {
        const next = JSON.parse(body) as Obj;
        n.spec = next.spec ?? {};
        state.log.push(`cordon ${n.metadata.name}=${String(n.spec["unschedulable"])}`);
      }
      return ok(res, n);
    }
    if (req.method === "GET" && p === "/api/v1/pods") return ok(res, list(state.pods));
    if (req.method === "POST" && (m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/.exec(p))) {
      const pod = state.pods.find((x) => x.metadata.name === m![2] && x.metadata.namespace === m![1]);
      if (!pod) return status(res, 404, "NotFound");
      if (pod.metadata.labels?.["app"] === "pg") return status(res, 429, "TooManyRequests"); // its PDB allows no disruption
      state.pods.splice(state.pods.indexOf(pod), 1);
      state.log.push(`evict ${m[1]}/${m[2]}`);
      return ok(res, { kind: "Status", status: "Success" });
    }
    if (req.method === "GET" && p === "/apis/policy/v1/poddisruptionbudgets") return ok(res, list(state.pdbs));
    return status(res, 404, `fake API server has no ${req.method} ${p}`);
  };
  return { state, handler };
}

let server: Server | undefined;
afterEach(() => server?.close());

async function connect(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<k8s.KubeConfig> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "fake", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "fake", cluster: "fake", user: "u" }],
    currentContext: "fake",
  });
  return kc;
}

describe("the Kubernetes cleaner", () => {
  it("deletes load balancers, cloud ingresses and Delete-policy volumes, and waits until they are gone", async () => {
    const { state, handler } = fakeCluster();
    const cleaner = kubeCleaner(await connect(handler), 10);
    const progress: string[] = [];
    // A budget far above what the fake cluster needs: the result never depends on the machine's speed.
    const report = await cleaner.removeExternalResources(60, (l) => progress.push(l));
    expect(report.remaining).toEqual([]);
    expect([...report.removed].sort()).toEqual(["Ingress default/alb", "Ingress default/public", "PersistentVolumeClaim db/data (volume pv-data)", "Service default/web"]);
    expect(state.services.map((s) => s.metadata.name)).toEqual(["internal"]);
    expect(state.ingresses.map((s) => s.metadata.name)).toEqual(["private"]);
    expect(state.pvs.map((v) => v.metadata.name)).toEqual(["pv-keep"]); // the Retain volume stays
    expect(state.pvcs.map((v) => v.metadata.name).sort()).toEqual(["keep", "pending"]);
    expect(progress).toContain("deleting Service default/web");
  });

  it("reports what is still there when the time is up", async () => {
    const { state, handler } = fakeCluster();
    const kc = await connect(handler);
    state.terminating.set("service/default/web", 10_000); // a finalizer that never finishes
    const stuck = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === "DELETE" && req.url!.includes("/services/web")) {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ kind: "Status", status: "Success" }));
      }
      return handler(req, res);
    };
    server!.removeAllListeners("request");
    server!.on("request", stuck);
    // Long enough for everything but the stuck Service to go, even on a loaded machine.
    const report = await kubeCleaner(kc, 10).removeExternalResources(3, () => {});
    expect(report.remaining).toEqual(["Service default/web"]);
  });

  it("cordons every node and evicts pods, leaving DaemonSet and mirror pods, and names the budget that blocks", async () => {
    const { state, handler } = fakeCluster();
    // No time for retries: one pass, so which pods are blocked does not depend on timing.
    const report = await kubeCleaner(await connect(handler), 20).drainNodes(0, () => {});
    expect(state.log.filter((l) => l.startsWith("cordon"))).toEqual(["cordon n1=true", "cordon n2=true"]);
    expect(state.log).toContain("evict default/web-1");
    expect(state.log.some((l) => l.includes("agent-x") || l.includes("kube-apiserver"))).toBe(false);
    expect(report).toEqual({ evicted: 1, blocked: ["db/pg-0 (blocked by PodDisruptionBudget db/pg)"] });
  });
});

describe("the cleaner factory", () => {
  const config = (...names: string[]) =>
    JSON.stringify({
      apiVersion: "v1",
      "current-context": names[0],
      contexts: names.map((n) => ({ name: n, context: { cluster: n, user: "u" } })),
      clusters: names.map((n) => ({ name: n, cluster: { server: `https://${n}.example` } })),
      users: [{ name: "u", user: { token: "t" } }],
    });

  it("takes only a kubeconfig pinned to one cluster: with several contexts a client could reach one nobody checked", () => {
    expect(() => kubeCleaners()("old", config("old", "other"))).toThrow(/the kubeconfig for old must hold exactly one context, the cluster's own \(it has 2\)/);
    expect(kubeCleaners()("old", config("old"))).toHaveProperty("drainNodes");
  });
});

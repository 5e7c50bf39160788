// Which cluster a kubeconfig talks to, and proof that it is the one the stack manages. The job
// cordons nodes and deletes load balancers and volumes: it must do that in exactly the cluster
// Pulumi destroys next. A kubeconfig may hold many contexts (an adopted cluster's kubeconfig often
// does, with `existing.context` choosing one), and a Kubernetes client uses its *current* context.
// So the job takes the kubeconfig's current context, requires its API server to be the endpoint the
// stack recorded for the cluster (`clusters.<name>.endpoint`), and hands the cleaner a kubeconfig
// holding that one context, cluster and user only. Anything it cannot prove is refused.
import { parse, stringify } from "yaml";

interface Named {
  readonly name?: unknown;
  readonly [k: string]: unknown;
}
interface KubeconfigDoc {
  readonly "current-context"?: unknown;
  readonly contexts?: unknown;
  readonly clusters?: unknown;
  readonly users?: unknown;
  readonly [k: string]: unknown;
}

export type PinnedKubeconfig = { readonly ok: true; readonly kubeconfig: string; readonly context: string; readonly server: string } | { readonly ok: false; readonly reason: string };

/** `https://Host:443/` and `https://host` are the same API server; anything else differs. */
export function sameServer(a: string, b: string): boolean {
  const norm = (s: string): string | undefined => {
    try {
      const u = new URL(s.trim());
      return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}`;
    } catch {
      return undefined;
    }
  };
  const x = norm(a);
  return x !== undefined && x === norm(b);
}

const byName = (list: unknown, name: unknown): Named | undefined =>
  Array.isArray(list) ? (list.find((e) => e && typeof e === "object" && (e as Named).name === name) as Named | undefined) : undefined;

/**
 * The kubeconfig reduced to its current context, if that context's API server is `endpoint`;
 * otherwise why not (naming the contexts, never the credentials).
 */
export function pinKubeconfig(kubeconfig: string, endpoint: string | undefined): PinnedKubeconfig {
  if (!endpoint) return { ok: false, reason: "the stack recorded no API endpoint for it, so the kubeconfig cannot be checked against the cluster Pulumi manages" };
  let doc: KubeconfigDoc;
  try {
    doc = parse(kubeconfig) as KubeconfigDoc;
  } catch {
    return { ok: false, reason: "its kubeconfig in the stack outputs is not valid YAML or JSON" };
  }
  if (!doc || typeof doc !== "object") return { ok: false, reason: "its kubeconfig in the stack outputs is empty" };
  const current = doc["current-context"];
  const contextNames = Array.isArray(doc.contexts) ? doc.contexts.map((c) => String((c as Named)?.name)) : [];
  if (typeof current !== "string" || current === "") {
    return { ok: false, reason: `its kubeconfig names no current context (contexts: ${contextNames.join(", ") || "none"}), so which cluster it reaches cannot be proven` };
  }
  const ctx = byName(doc.contexts, current);
  const ctxBody = (ctx?.["context"] ?? {}) as { cluster?: unknown; user?: unknown; namespace?: unknown };
  const cluster = byName(doc.clusters, ctxBody.cluster);
  const server = (cluster?.["cluster"] as { server?: unknown } | undefined)?.server;
  if (!ctx || !cluster || typeof server !== "string") return { ok: false, reason: `its kubeconfig's current context "${current}" names no cluster with a server` };
  if (!sameServer(server, endpoint)) {
    const matching = contextNames.filter((n) => {
      const c = byName(doc.clusters, ((byName(doc.contexts, n)?.["context"] ?? {}) as { cluster?: unknown }).cluster);
      const s = (c?.["cluster"] as { server?: unknown } | undefined)?.server;
      return typeof s === "string" && sameServer(s, endpoint);
    });
    const hint = matching.length ? ` (context${matching.length > 1 ? "s" : ""} ${matching.join(", ")} reach${matching.length > 1 ? "" : "es"} it: set existing.context and deploy once, so the stack records which one)` : "";
    return { ok: false, reason: `its kubeconfig's current context "${current}" reaches ${server}, but the stack manages the cluster at ${endpoint}${hint}` };
  }
  const user = ctxBody.user === undefined ? undefined : byName(doc.users, ctxBody.user);
  const pinned = {
    apiVersion: "v1",
    kind: "Config",
    "current-context": current,
    contexts: [ctx],
    clusters: [cluster],
    users: user ? [user] : [],
  };
  return { ok: true, kubeconfig: stringify(pinned, { lineWidth: 0 }), context: current, server };
}

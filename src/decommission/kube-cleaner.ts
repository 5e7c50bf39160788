// The ClusterCleaner over the Kubernetes API (@kubernetes/client-node), for a cluster about to be
// destroyed: evict every pod with PodDisruptionBudgets respected, then delete what controllers
// created in the cloud outside Pulumi's knowledge and wait until it is gone. Left behind, those
// are what makes a destroy fail: load balancers and their security groups, network interfaces,
// disks that keep a subnet or a key in use.
import * as k8s from "@kubernetes/client-node";
import type { CleanerFactory, CleanupReport, ClusterCleaner, DrainReport } from "./ports.ts";

/** Ingress classes whose controllers provision a cloud load balancer for each Ingress. */
const CLOUD_INGRESS_CLASSES = new Set(["alb", "gce", "gce-internal", "azure-application-gateway", "webapprouting.kubernetes.azure.com"]);

const POLL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isStatus = (e: unknown, code: number) => e instanceof k8s.ApiException && e.code === code;

export interface KubeCleanerOptions {
  /** Poll interval while waiting for deletions and evictions. @default 2000 */
  readonly pollMs?: number;
}

export const kubeCleaners =
  (opts: KubeCleanerOptions = {}): CleanerFactory =>
  (cluster, kubeconfig) => {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(kubeconfig);
    // The job hands over a kubeconfig pinned to the one cluster it proved (cluster-identity.ts);
    // anything else could reach a cluster nobody checked.
    if (kc.getContexts().length !== 1 || !kc.getCurrentCluster()) throw new Error(`the kubeconfig for ${cluster} must hold exactly one context, the cluster's own (it has ${kc.getContexts().length})`);
    return kubeCleaner(kc, opts.pollMs ?? POLL_MS);
  };

export function kubeCleaner(kc: k8s.KubeConfig, pollMs: number = POLL_MS): ClusterCleaner {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const net = kc.makeApiClient(k8s.NetworkingV1Api);
  const policy = kc.makeApiClient(k8s.PolicyV1Api);

  /** Deletes each object, then waits until every one of them reads 404 (finalizers done). */
  async function deleteAndAwait(
    items: { label: string; remove: () => Promise<unknown>; exists: () => Promise<unknown> }[],
    deadline: number,
    progress: (line: string) => void,
  ): Promise<CleanupReport> {
    for (const i of items) {
      progress(`deleting ${i.label}`);
      await i.remove().catch((e) => {
        if (!isStatus(e, 404)) throw e;
      });
    }
    let pending = items;
    const removed: string[] = [];
    while (pending.length && Date.now() < deadline) {
      const still: typeof items = [];
      for (const i of pending) {
        const gone = await i.exists().then(
          () => false,
          (e) => (isStatus(e, 404) ? true : Promise.reject(e)),
        );
        if (gone) removed.push(i.label);
        else still.push(i);
      }
      pending = still;
      if (pending.length) await sleep(pollMs);
    }
    return { removed, remaining: pending.map((i) => i.label) };
  }

  return {
    async removeExternalResources(timeoutSeconds, progress) {
      const deadline = Date.now() + timeoutSeconds * 1000;
      const services = (await core.listServiceForAllNamespaces()).items.filter((s) => s.spec?.type === "LoadBalancer");
      const ingresses = (await net.listIngressForAllNamespaces()).items.filter(
        (i) => (i.status?.loadBalancer?.ingress?.length ?? 0) > 0 || CLOUD_INGRESS_CLASSES.has(i.spec?.ingressClassName ?? ""),
      );
      const claims = (await core.listPersistentVolumeClaimForAllNamespaces()).items.filter((c) => c.spec?.volumeName);
      const deleting: { label: string; remove: () => Promise<unknown>; exists: () => Promise<unknown> }[] = [];
      for (const s of services) {
        const { name, namespace } = { name: s.metadata!.name!, namespace: s.metadata!.namespace! };
        deleting.push({ label: `Service ${namespace}/${name}`, remove: () => core.deleteNamespacedService({ name, namespace }), exists: () => core.readNamespacedService({ name, namespace }) });
      }
      for (const i of ingresses) {
        const { name, namespace } = { name: i.metadata!.name!, namespace: i.metadata!.namespace! };
        deleting.push({ label: `Ingress ${namespace}/${name}`, remove: () => net.deleteNamespacedIngress({ name, namespace }), exists: () => net.readNamespacedIngress({ name, namespace }) });
      }
      for (const c of claims) {
        const pv = await core.readPersistentVolume({ name: c.spec!.volumeName! }).catch((e) => (isStatus(e, 404) ? undefined : Promise.reject(e)));
        // Only volumes whose disk goes with the claim: Retain volumes are the user's to keep.
        if (pv?.spec?.persistentVolumeReclaimPolicy !== "Delete") continue;
        const { name, namespace } = { name: c.metadata!.name!, namespace: c.metadata!.namespace! };
        const volume = pv.metadata!.name!;
        deleting.push({
          label: `PersistentVolumeClaim ${namespace}/${name} (volume ${volume})`,
          remove: () => core.deleteNamespacedPersistentVolumeClaim({ name, namespace }),
          // Gone when the volume is: the CSI driver has then deleted the cloud disk.
          exists: () => core.readPersistentVolume({ name: volume }),
        });
      }
      if (deleting.length === 0) progress("nothing to remove");
      return deleteAndAwait(deleting, deadline, progress);
    },

    async drainNodes(timeoutSeconds, progress): Promise<DrainReport> {
      const deadline = Date.now() + timeoutSeconds * 1000;
      for (const node of (await core.listNode()).items) {
        if (node.spec?.unschedulable) continue;
        const fresh = await core.readNode({ name: node.metadata!.name! });
        fresh.spec = { ...fresh.spec, unschedulable: true };
        await core.replaceNode({ name: fresh.metadata!.name!, body: fresh });
        progress(`cordoned node ${fresh.metadata!.name}`);
      }
      const evictable = (await core.listPodForAllNamespaces()).items.filter(
        (p) =>
          p.spec?.nodeName &&
          !p.metadata?.deletionTimestamp &&
          !p.metadata?.annotations?.["kubernetes.io/config.mirror"] &&
          !(p.metadata?.ownerReferences ?? []).some((o) => o.kind === "DaemonSet"),
      );
      let pending = evictable;
      let evicted = 0;
      while (pending.length) {
        const blocked: k8s.V1Pod[] = [];
        for (const p of pending) {
          const name = p.metadata!.name!;
          const namespace = p.metadata!.namespace!;
          try {
            await core.createNamespacedPodEviction({ name, namespace, body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace } } });
            evicted++;
            progress(`evicted ${namespace}/${name}`);
          } catch (e) {
            if (isStatus(e, 404)) continue; // already gone
            if (!isStatus(e, 429)) throw e; // 429: a PodDisruptionBudget says not now
            blocked.push(p);
          }
        }
        pending = blocked;
        if (!pending.length || Date.now() >= deadline) break;
        await sleep(pollMs);
      }
      return { evicted, blocked: await describeBlocked(pending) };
    },
  };

  /** `namespace/pod (blocked by PodDisruptionBudget namespace/name)` for the pods that would not leave. */
  async function describeBlocked(pods: readonly k8s.V1Pod[]): Promise<string[]> {
    if (!pods.length) return [];
    const budgets = (await policy.listPodDisruptionBudgetForAllNamespaces()).items;
    return pods.map((p) => {
      const labels = p.metadata?.labels ?? {};
      const pdb = budgets.find(
        (b) => b.metadata?.namespace === p.metadata?.namespace && Object.entries(b.spec?.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
      );
      const by = pdb ? ` (blocked by PodDisruptionBudget ${pdb.metadata!.namespace}/${pdb.metadata!.name})` : "";
      return `${p.metadata!.namespace}/${p.metadata!.name}${by}`;
    });
  }
}

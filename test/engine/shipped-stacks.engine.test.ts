// The shipped stacks on the real engine: the Pulumi CLI with its checkpoint on a local file backend,
// the ClusterFleet program, the real Kubernetes provider applying each cluster's in-cluster layer to a
// real kube-apiserver, stand-ins only for the clouds (test/engine/standins).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kubeClient, startClusterApis, withoutCharts } from "./harness/cluster-apis.ts";
import type { KubeApiServers } from "./harness/kube-apiservers.ts";
import { offlinePreview } from "./harness/offline-preview.ts";
import { secretPlaintexts, type EngineSession } from "./harness/session.ts";
import { useEngine } from "./harness/use-engine.ts";
import { initStack, setFleet, stackFleet } from "./harness/stack-setup.ts";

const SHIPPED = ["dev", "global", "prod-eu"] as const;
let session: EngineSession;
let apis: KubeApiServers;

useEngine((s, a) => {
  session = s;
  apis = a;
});

describe.each(SHIPPED)("shipped stack %s", (stack) => {
  it("previews as shipped, planning exactly the resources the offline preview (mocks) lists", async () => {
    await initStack(session, stack);
    const result = await session.drive({ op: "preview", stack });
    expect(result.error ?? "", result.stdout.slice(-6000)).toBe("");
    const offline = offlinePreview(join(session.project, "stacks", `Pulumi.${stack}.yaml`));
    expect(result.changes["create"]).toBe(offline.length);
  });
});

// kubeadm clusters (prod-eu's on-prem site) are set up over SSH on machines the tests do not have.
describe.each(["dev", "global"] as const)("shipped stack %s, without its Helm charts", (stack) => {
  it("goes up, then up --expect-no-changes passes, outputs read back, and the state holds no secret in clear", async () => {
    const fleet = withoutCharts(stackFleet(session, stack));
    setFleet(session, stack, fleet);
    const clusterApis = await startClusterApis(session, apis, fleet);

    const up = await session.drive({ op: "up", stack });
    expect(up.error ?? "", up.stdout.slice(-8000) + apis.recentLogs()).toBe("");
    expect(up.changes["create"]).toBeGreaterThan(20);

    // No perpetual diff: the same program on the same checkpoint asks for nothing.
    const again = await session.drive({ op: "up", stack, expectNoChanges: true });
    expect(again.error ?? "", again.stdout.slice(-8000)).toBe("");

    const outputs = await session.outputs(stack);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["plan", "summary", "observed", "clusters", "sovereignty", "fabric"]));
    const clusters = outputs["clusters"] as Record<string, { kubeconfig: unknown }>;
    expect(Object.keys(clusters).length).toBeGreaterThan(0);
    for (const [name, c] of Object.entries(clusters)) expect(c.kubeconfig, name).toBe("[secret]");

    const checkpoint = session.checkpointText(stack);
    expect(checkpoint.length).toBeGreaterThan(1000);
    const secrets = await secretPlaintexts(session, stack);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(checkpoint.includes(s), `a secret is in clear in the checkpoint: ${s.slice(0, 40)}…`).toBe(false);
    expect(checkpoint).not.toContain("current-context");
    expect(checkpoint).not.toContain("PRIVATE KEY");

    // The in-cluster layer is on each cluster's API server: the cloud's own default class is no longer default.
    for (const [name, api] of Object.entries(clusterApis)) {
      const classes = ((await kubeClient(api).list("storage.k8s.io/v1", "StorageClass")) as unknown as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] }).items;
      const defaults = classes.filter((c) => c.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true").map((c) => c.metadata.name);
      expect(defaults.length, `${name}: ${classes.map((c) => c.metadata.name).join(", ")}`).toBe(1);
      expect(["gp2", "standard-rwo", "default"]).not.toContain(defaults[0]);
    }
  });
});

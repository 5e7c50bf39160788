// What the planner decides for a kubeadm cluster, so the component only renders: the init machine
// by a stable rule, bootstrap order, endpoint and SANs, versions per machine, and what pins them.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { kubeletMaySetLabel } from "../../src/plan/kubeadm.ts";
import { observedFromPlan, type ObservedFleet } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { requiredSecrets, PLACEHOLDER_SSH_PRIVATE_KEY } from "../../src/plan/secrets.ts";
import type { ClusterPlan, FleetPlan } from "../../src/plan/types.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

type Spec = ReturnType<typeof baseFleet>;
const planOf = (mutate: (s: Spec) => void = () => {}, observed?: ObservedFleet): FleetPlan => {
  const spec = baseFleet();
  mutate(spec);
  const plan = planFleet(spec, defaultCatalog, observed, { now: NOW });
  if (plan.problems) throw new Error(JSON.stringify(plan.problems, null, 1));
  return plan;
};
const dc = (p: FleetPlan): ClusterPlan => p.clusters.find((c) => c.name === "eu-dc")!;

describe("kubeadm plan", () => {
  it("runs kubeadm init on the lowest-named control-plane machine, whatever the list order", () => {
    const a = dc(planOf()).kubeadm!;
    const b = dc(planOf((s) => s.clusters[2].kubeadm.machines.reverse())).kubeadm!;
    expect(a.initMachine).toBe("cp-a");
    expect(b).toEqual(a);
    expect(a.machines.map((m) => `${m.name}:${m.bootstrap}`)).toEqual(["cp-a:init", "cp-b:join", "cp-c:join", "w-1:join", "w-2:join"]);
  });

  it("keeps the init machine a deployment recorded, even when a lower name is added later", () => {
    const first = planOf();
    const observed = observedFromPlan(first);
    expect(observed.clusters["eu-dc"]?.kubeadm).toEqual({ initMachine: "cp-a", controlPlaneEndpoint: "10.16.112.10:6443" });
    const next = dc(
      planOf((s) => {
        s.clusters[2].kubeadm.machines = s.clusters[2].kubeadm.machines.filter((m: { name: string }) => m.name !== "cp-c");
        s.clusters[2].kubeadm.machines.push({ name: "cp-0", address: "10.16.112.9", role: "control-plane", zone: "hall-c" });
      }, observed),
    ).kubeadm!;
    expect(next.initMachine).toBe("cp-a");
    expect(next.machines.filter((m) => m.bootstrap === "init").map((m) => m.name)).toEqual(["cp-a"]);
    expect(next.machines.find((m) => m.name === "cp-0")!.bootstrap).toBe("join");
  });

  it("runs kubeadm init nowhere once the init machine has left a deployed cluster (behind a VIP the others carry on)", () => {
    const observed = observedFromPlan(planOf());
    const next = dc(
      planOf((s) => {
        s.clusters[2].kubeadm.machines = s.clusters[2].kubeadm.machines.filter((m: { name: string }) => m.name !== "cp-a");
        s.clusters[2].kubeadm.machines.push({ name: "cp-d", address: "10.16.112.14", role: "control-plane", zone: "hall-a" });
      }, observed),
    ).kubeadm!;
    expect(next.initMachine).toBeUndefined();
    expect(next.machines.every((m) => m.bootstrap === "join")).toBe(true);
    expect(next.admin).toEqual({ host: "10.16.112.10", port: 22, user: "ubuntu" });
    expect(observedFromPlan(planOf(undefined, observed)).clusters["eu-dc"]?.kubeadm?.initMachine).toBe("cp-a");
  });

  it("puts the endpoint's host in the certificate SANs and the API URL on the endpoint, never on a node", () => {
    const vip = dc(planOf()).kubeadm!;
    expect(vip.endpoint).toEqual({ kind: "vip", host: "10.16.112.10", port: 6443, controlPlaneEndpoint: "10.16.112.10:6443", url: "https://10.16.112.10:6443" });
    expect(vip.certSANs).toEqual(["10.16.112.10"]);
    expect(vip.kubeVipImage).toBe(defaultCatalog.kubeadm.kubeVip.image);
    const lb = dc(
      planOf((s) => {
        s.clusters[2].kubeadm.endpoint = { loadBalancer: "API.dc1.example.com:8443" };
        s.clusters[2].kubeadm.certSANs = ["api.dc1.example.com", "10.16.112.50"];
      }),
    ).kubeadm!;
    expect(lb.endpoint).toMatchObject({ kind: "loadBalancer", host: "api.dc1.example.com", port: 8443, url: "https://api.dc1.example.com:8443" });
    expect(lb.certSANs).toEqual(["api.dc1.example.com", "10.16.112.50"]);
    expect(lb.kubeVipImage).toBeUndefined();
    // Behind a load balancer, cluster-wide commands run on the init machine (SSH does not go through the balancer).
    expect(lb.admin).toEqual({ host: "10.16.112.11", port: 22, user: "ubuntu" });
  });

  it("gives each machine its pool's labels, taints and version, and control-plane machines the control-plane taint", () => {
    const plan = planOf((s) => {
      s.clusters[2].kubernetesVersion = "1.36";
      s.clusters[2].nodePools[0] = { name: "workers", max: 6, kubernetesVersion: "1.35", labels: { tier: "batch" }, taints: [{ key: "batch", value: "true", effect: "NoSchedule" }] };
    });
    const k = dc(plan).kubeadm!;
    const cp = k.machines.find((m) => m.name === "cp-b")!;
    const w = k.machines.find((m) => m.name === "w-1")!;
    expect(cp).toMatchObject({ kubernetesVersion: "1.36", kubernetesPatch: defaultCatalog.kubeadm.patches["1.36"], taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] });
    expect(cp.labels).toEqual({ "topology.kubernetes.io/region": "fra-dc1", "topology.kubernetes.io/zone": "hall-b" });
    expect(w).toMatchObject({ pool: "workers", kubernetesVersion: "1.35", kubernetesPatch: defaultCatalog.kubeadm.patches["1.35"], taints: [{ key: "batch", value: "true", effect: "NoSchedule" }] });
    expect(w.labels).toEqual({ "topology.kubernetes.io/region": "fra-dc1", "topology.kubernetes.io/zone": "hall-a", tier: "batch", "clusterfleet.dev/node-pool": "workers" });
    expect(Object.keys(k.packageRepositories)).toEqual(["1.35", "1.36"]);
    expect(k.packageRepositories["1.36"]).toEqual({
      deb: { url: "https://pkgs.k8s.io/core:/stable:/v1.36/deb/", key: "https://pkgs.k8s.io/core:/stable:/v1.36/deb/Release.key" },
      rpm: { url: "https://pkgs.k8s.io/core:/stable:/v1.36/rpm/", key: "https://pkgs.k8s.io/core:/stable:/v1.36/rpm/repodata/repomd.xml.key" },
    });
  });

  it("records the minor step of an upgrade (observed 1.35 → 1.36), keeping the init machine", () => {
    const observed = observedFromPlan(planOf());
    const k = dc(planOf((s) => void (s.clusters[2].kubernetesVersion = "1.36"), observed)).kubeadm!;
    expect(k.upgrade).toEqual({ from: "1.35", to: "1.36" });
    expect(k.kubernetesPatch).toBe(defaultCatalog.kubeadm.patches["1.36"]);
    expect(k.initMachine).toBe("cp-a");
    expect(dc(planOf(undefined, observed)).kubeadm!.upgrade).toBeUndefined();
  });

  it("asks for the SSH key as a secret config value, with a well-formed placeholder for offline previews", () => {
    const secrets = requiredSecrets(planOf((s) => void (s.clusters[2].kubeadm.ssh.privateKeyKey = "fra-machines")));
    expect(secrets).toEqual([{ cluster: "eu-dc", key: "fra-machines", purpose: "SSH private key (PEM or OpenSSH) of ubuntu on the 5 machines of kubeadm cluster eu-dc", placeholder: PLACEHOLDER_SSH_PRIVATE_KEY }]);
    expect(requiredSecrets(planOf()).map((s) => s.key)).toEqual(["ssh-key-eu-dc"]);
    expect(PLACEHOLDER_SSH_PRIVATE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]+\n-----END PRIVATE KEY-----\n$/);
  });

  it.each([
    ["tier", true],
    ["example.com/team", true],
    ["topology.kubernetes.io/zone", true],
    ["node.kubernetes.io/exclude-from-external-load-balancers", true],
    ["node-role.kubernetes.io/worker", false],
    ["kubernetes.io/role", false],
    ["custom.k8s.io/x", false],
  ])("lets the kubelet register label %s: %s", (key, allowed) => {
    expect(kubeletMaySetLabel(key)).toBe(allowed);
  });
});

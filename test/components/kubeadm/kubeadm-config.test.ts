// The documents ClusterFleet hands kubeadm, checked field by field against the v1beta4 API, with
// the plan's CIDRs, version, name, endpoint, labels and taints where kubeadm reads them; and the
// kube-vip static pod, validated as a Kubernetes Pod.
import { Pod } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { initDocuments, joinConfiguration, toYaml } from "../../../components/kubeadm/kubeadm-config.ts";
import { kubeVipManifest, kubeVipPod } from "../../../components/kubeadm/kube-vip.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, KubeadmPlan } from "../../../src/plan/types.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";
import { validateDocument } from "../../fixtures/kubeadm-v1beta4.ts";

const SECRETS = { token: "abcdef.0123456789abcdef", certificateKey: "0".repeat(63) + "1" };
const HASH = `sha256:${"a".repeat(64)}`;

function planned(mutate: (s: ReturnType<typeof baseFleet>) => void = () => {}): { c: ClusterPlan; k: KubeadmPlan } {
  const spec = baseFleet();
  mutate(spec);
  const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
  if (plan.problems) throw new Error(JSON.stringify(plan.problems));
  const c = plan.clusters.find((x) => x.name === "eu-dc")!;
  return { c, k: c.kubeadm! };
}
const machine = (k: KubeadmPlan, name: string) => k.machines.find((m) => m.name === name)!;
/** What kubeadm would read: the YAML, parsed back. */
const docsOf = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Record<string, any>);

describe("kubeadm init documents (v1beta4)", () => {
  const { c, k } = planned();
  const docs = docsOf(toYaml(initDocuments(c, k, machine(k, "cp-a"), SECRETS)));

  it("are InitConfiguration, ClusterConfiguration, KubeletConfiguration and KubeProxyConfiguration, each valid against its API", () => {
    expect(docs.map((d) => `${d["apiVersion"]} ${d["kind"]}`)).toEqual([
      "kubeadm.k8s.io/v1beta4 InitConfiguration",
      "kubeadm.k8s.io/v1beta4 ClusterConfiguration",
      "kubelet.config.k8s.io/v1beta1 KubeletConfiguration",
      "kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration",
    ]);
    for (const d of docs) expect(validateDocument(d), d["kind"]).toEqual([]);
  });

  it("carry the plan: version, name, CIDRs, stacked etcd, endpoint, SANs", () => {
    const cluster = docs[1]!;
    expect(cluster["kubernetesVersion"]).toBe(`v${defaultCatalog.kubeadm.patches["1.35"]}`);
    expect(cluster["clusterName"]).toBe(c.names["cluster"]);
    expect(cluster["clusterName"]).toBe("acme-eu-dc");
    expect(cluster["networking"]).toEqual({ podSubnet: c.network.podCidr, serviceSubnet: c.network.serviceCidr, dnsDomain: "cluster.local" });
    expect(cluster["etcd"]).toEqual({ local: { dataDir: "/var/lib/etcd", extraArgs: [] } });
    expect(cluster["etcd"]["external"]).toBeUndefined();
    expect(cluster["controlPlaneEndpoint"]).toBe("10.16.112.10:6443");
    expect(cluster["apiServer"]["certSANs"]).toContain("10.16.112.10");
    expect(docs[3]!["clusterCIDR"]).toBe(c.network.podCidr);
    expect(docs[2]!["cgroupDriver"]).toBe("systemd");
  });

  it("register the init machine with its address, labels and the control-plane taint, and carry the token and certificate key", () => {
    const init = docs[0]!;
    expect(init["nodeRegistration"]).toEqual({
      name: "cp-a",
      criSocket: "unix:///var/run/containerd/containerd.sock",
      taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
      kubeletExtraArgs: [
        { name: "node-ip", value: "10.16.112.11" },
        { name: "node-labels", value: "topology.kubernetes.io/region=fra-dc1,topology.kubernetes.io/zone=hall-a" },
      ],
      imagePullPolicy: "IfNotPresent",
    });
    expect(init["localAPIEndpoint"]).toEqual({ advertiseAddress: "10.16.112.11", bindPort: 6443 });
    expect(init["bootstrapTokens"][0]).toMatchObject({ token: SECRETS.token, ttl: "2h0m0s", usages: ["signing", "authentication"] });
    expect(init["certificateKey"]).toMatch(/^[0-9a-f]{64}$/);
    expect(init["dryRun"]).toBe(false);
  });

  it("put user-given SANs in the certificate, the endpoint among them", () => {
    const lb = planned((s) => {
      s.clusters[2].kubeadm.endpoint = { loadBalancer: "api.dc1.example.com" };
      s.clusters[2].kubeadm.certSANs = ["api.dc1.example.com", "api.internal"];
    });
    const cluster = docsOf(toYaml(initDocuments(lb.c, lb.k, machine(lb.k, "cp-a"), SECRETS)))[1]!;
    expect(cluster["controlPlaneEndpoint"]).toBe("api.dc1.example.com:6443");
    expect(cluster["apiServer"]["certSANs"]).toEqual(["api.dc1.example.com", "api.internal"]);
  });
});

describe("kubeadm join documents (v1beta4)", () => {
  const { k } = planned((s) => void (s.clusters[2].nodePools[0] = { name: "workers", max: 6, labels: { tier: "batch" }, taints: [{ key: "batch", value: "true", effect: "NoExecute" }] }));

  it("join a control-plane machine through the endpoint, pinned to the CA, with its certificate key", () => {
    const [join] = docsOf(toYaml([joinConfiguration(k, machine(k, "cp-b"), SECRETS, HASH)]));
    expect(validateDocument(join)).toEqual([]);
    expect(join!["discovery"]).toEqual({ bootstrapToken: { token: SECRETS.token, apiServerEndpoint: "10.16.112.10:6443", caCertHashes: [HASH] } });
    expect(join!["controlPlane"]).toEqual({ localAPIEndpoint: { advertiseAddress: "10.16.112.12", bindPort: 6443 }, certificateKey: SECRETS.certificateKey });
    expect(join!["nodeRegistration"]["taints"]).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
  });

  it("join a worker with its pool's labels and taints and no control-plane part", () => {
    const [join] = docsOf(toYaml([joinConfiguration(k, machine(k, "w-1"), SECRETS, HASH)]));
    expect(validateDocument(join)).toEqual([]);
    expect(join!["controlPlane"]).toBeUndefined();
    expect(join!["nodeRegistration"]["taints"]).toEqual([{ key: "batch", value: "true", effect: "NoExecute" }]);
    expect(join!["nodeRegistration"]["kubeletExtraArgs"]).toContainEqual({
      name: "node-labels",
      value: "clusterfleet.dev/node-pool=workers,tier=batch,topology.kubernetes.io/region=fra-dc1,topology.kubernetes.io/zone=hall-a",
    });
  });

  it("writes taints: [] for an untainted worker, so kubeadm does not default the control-plane taint", () => {
    const { k: plain } = planned();
    expect(toYaml([joinConfiguration(plain, machine(plain, "w-2"), SECRETS, HASH)])).toMatch(/^ {2}taints: \[\]$/m);
  });
});

describe("the v1beta4 check itself", () => {
  it("catches an unknown field, a missing required one, a wrong type and a wrong apiVersion", () => {
    expect(validateDocument({ apiVersion: "kubeadm.k8s.io/v1beta3", kind: "ClusterConfiguration", proxy: { disabled: false }, networking: { podCIDR: "10.0.0.0/8" }, kubernetesVersion: 135 })).toEqual([
      "ClusterConfiguration.apiVersion: expected kubeadm.k8s.io/v1beta4",
      'ClusterConfiguration.networking.podCIDR: Networking has no field "podCIDR"',
      "ClusterConfiguration.kubernetesVersion: expected a string, got 135",
    ]);
    expect(validateDocument({ apiVersion: "kubeadm.k8s.io/v1beta4", kind: "JoinConfiguration", nodeRegistration: {} })).toEqual([
      "JoinConfiguration.discovery: required by JoinConfiguration",
      "JoinConfiguration.nodeRegistration.taints: required by NodeRegistrationOptions",
    ]);
  });
});

describe("kube-vip static pod", () => {
  const { k } = planned((s) => void (s.clusters[2].kubeadm.endpoint = { vip: "10.16.112.10", interface: "bond0" }));

  it.each(["/etc/kubernetes/admin.conf", "/etc/kubernetes/super-admin.conf"] as const)("validates as a Kubernetes Pod (kubeconfig %s)", (kubeconfig) => {
    const pod = kubeVipPod(k, kubeconfig);
    expect(() => new Pod(pod as never).validate()).not.toThrow();
    expect(pod.spec.volumes[0]!.hostPath.path).toBe(kubeconfig);
    expect(pod.spec.containers[0]!.volumeMounts[0]!.mountPath).toBe("/etc/kubernetes/admin.conf");
  });

  it("serves the planned VIP and port on the given interface, leader-elected, from the pinned image", () => {
    const pod = kubeVipPod(k);
    const env = Object.fromEntries(pod.spec.containers[0]!.env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ address: "10.16.112.10", port: "6443", vip_interface: "bond0", cp_enable: "true", vip_arp: "true", vip_leaderelection: "true" });
    expect(pod.spec.containers[0]!.image).toBe(defaultCatalog.kubeadm.kubeVip.image);
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.metadata).toEqual({ name: "kube-vip", namespace: "kube-system" });
    // The manifest on disk is the same object.
    expect(parseAllDocuments(kubeVipManifest(k))[0]!.toJS()).toEqual(JSON.parse(JSON.stringify(pod)));
  });

  it("does not exist behind a load balancer", () => {
    const lb = planned((s) => void (s.clusters[2].kubeadm.endpoint = { loadBalancer: "api.dc1.example.com" })).k;
    expect(() => kubeVipPod(lb)).toThrow(/VIP endpoints only/);
  });

  it("fails Pod validation when broken, so the check above could fail", () => {
    const broken = { ...kubeVipPod(k), spec: { ...kubeVipPod(k).spec, containers: [{ name: "kube-vip", image: 42 }] } };
    expect(() => new Pod(broken as never).validate()).toThrow();
  });
});

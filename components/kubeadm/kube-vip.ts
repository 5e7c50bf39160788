// kube-vip as a static pod on every control-plane machine: it holds the control-plane VIP on the
// leader (ARP, Kubernetes lease election) and moves it when that machine fails. The manifest has
// the shape `kube-vip manifest pod --controlplane --arp --leaderElection` generates
// (kube-vip/kube-vip pkg/kubevip/config_generator.go), rendered here so no image runs to write it.
import { stringify } from "yaml";
import type { KubeadmPlan } from "../../src/plan/types.ts";

export const KUBE_VIP_MANIFEST = "/etc/kubernetes/manifests/kube-vip.yaml";

/**
 * Kubernetes 1.29+: during `kubeadm init` admin.conf has no RBAC binding yet (kubeadm creates it
 * once the API server is up, which needs the VIP), so the init machine's kube-vip starts with
 * super-admin.conf and is switched to admin.conf right after init (kube-vip/kube-vip#684).
 */
export type KubeVipKubeconfig = "/etc/kubernetes/admin.conf" | "/etc/kubernetes/super-admin.conf";

interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/** The static pod, as a typed Pod object (validated against the Kubernetes schema in tests). */
export interface KubeVipPod {
  readonly apiVersion: "v1";
  readonly kind: "Pod";
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly containers: readonly {
      readonly name: string;
      readonly image: string;
      readonly imagePullPolicy: "IfNotPresent";
      readonly args: readonly string[];
      readonly env: readonly EnvVar[];
      readonly securityContext: { readonly capabilities: { readonly add: readonly string[]; readonly drop: readonly string[] } };
      readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: boolean }[];
    }[];
    readonly hostAliases: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
    readonly hostNetwork: true;
    readonly priorityClassName: "system-node-critical";
    readonly volumes: readonly { readonly name: string; readonly hostPath: { readonly path: string; readonly type: "File" } }[];
  };
}

export function kubeVipPod(k: KubeadmPlan, kubeconfig: KubeVipKubeconfig = "/etc/kubernetes/admin.conf"): KubeVipPod {
  if (k.endpoint.kind !== "vip" || !k.kubeVipImage) throw new Error("kube-vip serves VIP endpoints only");
  const env: EnvVar[] = [
    { name: "vip_arp", value: "true" },
    { name: "port", value: String(k.endpoint.port) },
    ...(k.endpoint.interface ? [{ name: "vip_interface", value: k.endpoint.interface }] : []),
    { name: "vip_subnet", value: "32" },
    { name: "cp_enable", value: "true" },
    { name: "cp_namespace", value: "kube-system" },
    { name: "vip_leaderelection", value: "true" },
    { name: "vip_leasename", value: "plndr-cp-lock" },
    { name: "vip_leaseduration", value: "5" },
    { name: "vip_renewdeadline", value: "3" },
    { name: "vip_retryperiod", value: "1" },
    { name: "address", value: k.endpoint.host },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kube-vip", namespace: "kube-system" },
    spec: {
      containers: [
        {
          name: "kube-vip",
          image: k.kubeVipImage,
          imagePullPolicy: "IfNotPresent",
          args: ["manager"],
          env,
          securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"], drop: ["ALL"] } },
          volumeMounts: [{ name: "kubeconfig", mountPath: "/etc/kubernetes/admin.conf", readOnly: true }],
        },
      ],
      // kube-vip talks to the local API server as "kubernetes" (not through the VIP it serves).
      hostAliases: [{ ip: "127.0.0.1", hostnames: ["kubernetes"] }],
      hostNetwork: true,
      priorityClassName: "system-node-critical",
      volumes: [{ name: "kubeconfig", hostPath: { path: kubeconfig, type: "File" } }],
    },
  };
}

export const kubeVipManifest = (k: KubeadmPlan, kubeconfig?: KubeVipKubeconfig): string => stringify(kubeVipPod(k, kubeconfig), { lineWidth: 0 });

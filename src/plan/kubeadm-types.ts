// What a kubeadm cluster's plan carries: its machines, their order and the API endpoint.
import type { TaintSpec } from "../spec/node-pool.ts";

/** A machine of a kubeadm cluster, as the component renders it. */
export interface KubeadmMachinePlan {
  /** Node name and the stable key of the machine's resources. */
  readonly name: string;
  readonly address: string;
  readonly role: "control-plane" | "worker";
  /** init: runs `kubeadm init` (the cluster's first machine); join: joins the running cluster. */
  readonly bootstrap: "init" | "join";
  readonly zone?: string;
  /** Workers: their node pool. */
  readonly pool?: string;
  readonly ssh: { readonly user: string; readonly port: number };
  /** Kubernetes minor of this machine's kubelet (the pool's for workers) and the patch installed for it. */
  readonly kubernetesVersion: string;
  readonly kubernetesPatch: string;
  /** Labels the kubelet registers the Node with (`--node-labels`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly TaintSpec[];
}

export interface KubeadmEndpointPlan {
  readonly kind: "vip" | "loadBalancer";
  readonly host: string;
  readonly port: number;
  /** `host:port`, as kubeadm's controlPlaneEndpoint. */
  readonly controlPlaneEndpoint: string;
  /** `https://host:port`: the API server URL every kubeconfig uses. */
  readonly url: string;
  /** kube-vip's interface, when given. */
  readonly interface?: string;
}

/** What a kubeadm cluster renders, decided here so the component only renders. */
export interface KubeadmPlan {
  readonly endpoint: KubeadmEndpointPlan;
  /** API server certificate SANs; always include the endpoint's host. */
  readonly certSANs: readonly string[];
  /** The machine that runs `kubeadm init`; absent once that machine has left a deployed cluster. */
  readonly initMachine?: string;
  /** Where cluster-wide commands run (kubectl with the admin kubeconfig): the VIP, or the init machine behind a load balancer. */
  readonly admin: { readonly host: string; readonly port: number; readonly user: string };
  /** Bootstrap order: the init machine, the other control-plane machines by name, then the workers by name. */
  readonly machines: readonly KubeadmMachinePlan[];
  /** Secret stack config key (namespace clusterfleet) with the SSH private key. */
  readonly sshPrivateKeyKey: string;
  /** Control-plane minor this run and its patch. */
  readonly kubernetesPatch: string;
  /** pkgs.k8s.io repositories by minor, for every minor a machine of this cluster runs. */
  readonly packageRepositories: Readonly<Record<string, { readonly deb: { readonly url: string; readonly key: string }; readonly rpm: { readonly url: string; readonly key: string } }>>;
  readonly kubeVipImage?: string;
  readonly cni: { readonly plugin: "calico"; readonly version: string; readonly manifest: string } | { readonly plugin: "none" };
  /** The minor step this run performs, when the plan upgrades the cluster. */
  readonly upgrade?: { readonly from: string; readonly to: string };
}

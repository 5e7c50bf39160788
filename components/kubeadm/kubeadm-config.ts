// kubeadm's configuration as typed objects (kubeadm.k8s.io/v1beta4, with the kubelet and
// kube-proxy component configs kubeadm reads alongside), built from the plan and serialised to
// YAML. Field names and nesting follow the v1beta4 reference
// (kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/); fields the reference marks
// [Required] are always written.
import { stringify } from "yaml";
import type { ClusterPlan, KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";

export const KUBEADM_API_VERSION = "kubeadm.k8s.io/v1beta4";
export const CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
export const ETCD_DATA_DIR = "/var/lib/etcd";
export const CERTIFICATES_DIR = "/etc/kubernetes/pki";
/** Bootstrap tokens and uploaded certificates live two hours: enough for a bootstrap wave, gone after it. */
export const BOOTSTRAP_TOKEN_TTL = "2h0m0s";

export interface Arg {
  readonly name: string;
  readonly value: string;
}
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}
export interface NodeRegistrationOptions {
  readonly name?: string;
  readonly criSocket?: string;
  /** [Required]: nil means "the control-plane taint", [] means none; ClusterFleet always says which. */
  readonly taints: readonly Taint[];
  readonly kubeletExtraArgs?: readonly Arg[];
  readonly ignorePreflightErrors?: readonly string[];
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly imagePullSerial?: boolean;
}
export interface APIEndpoint {
  readonly advertiseAddress?: string;
  readonly bindPort?: number;
}
export interface BootstrapToken {
  readonly token: string;
  readonly description?: string;
  readonly ttl?: string;
  readonly usages?: readonly string[];
  readonly groups?: readonly string[];
}
export interface InitConfiguration {
  readonly apiVersion: typeof KUBEADM_API_VERSION;
  readonly kind: "InitConfiguration";
  readonly bootstrapTokens?: readonly BootstrapToken[];
  readonly dryRun: boolean;
  readonly nodeRegistration?: NodeRegistrationOptions;
  readonly localAPIEndpoint?: APIEndpoint;
  readonly certificateKey?: string;
  readonly skipPhases?: readonly string[];
}
export interface LocalEtcd {
  readonly imageRepository?: string;
  readonly imageTag?: string;
  readonly dataDir: string;
  readonly extraArgs: readonly Arg[];
  readonly serverCertSANs?: readonly string[];
  readonly peerCertSANs?: readonly string[];
}
export interface ClusterConfiguration {
  readonly apiVersion: typeof KUBEADM_API_VERSION;
  readonly kind: "ClusterConfiguration";
  readonly etcd?: { readonly local?: LocalEtcd };
  readonly networking?: { readonly serviceSubnet?: string; readonly podSubnet?: string; readonly dnsDomain?: string };
  readonly kubernetesVersion?: string;
  readonly controlPlaneEndpoint?: string;
  readonly apiServer?: { readonly extraArgs?: readonly Arg[]; readonly certSANs?: readonly string[] };
  readonly controllerManager?: { readonly extraArgs?: readonly Arg[] };
  readonly scheduler?: { readonly extraArgs?: readonly Arg[] };
  readonly dns: { readonly disabled: boolean };
  readonly proxy: { readonly disabled: boolean };
  readonly certificatesDir?: string;
  readonly imageRepository?: string;
  readonly clusterName?: string;
}
export interface BootstrapTokenDiscovery {
  readonly token: string;
  readonly apiServerEndpoint?: string;
  readonly caCertHashes?: readonly string[];
  readonly unsafeSkipCAVerification?: boolean;
}
export interface JoinConfiguration {
  readonly apiVersion: typeof KUBEADM_API_VERSION;
  readonly kind: "JoinConfiguration";
  readonly dryRun?: boolean;
  readonly nodeRegistration?: NodeRegistrationOptions;
  readonly caCertPath?: string;
  readonly discovery: { readonly bootstrapToken?: BootstrapTokenDiscovery; readonly tlsBootstrapToken?: string };
  readonly controlPlane?: { readonly localAPIEndpoint?: APIEndpoint; readonly certificateKey?: string };
}
export interface KubeletConfiguration {
  readonly apiVersion: "kubelet.config.k8s.io/v1beta1";
  readonly kind: "KubeletConfiguration";
  readonly cgroupDriver: "systemd" | "cgroupfs";
}
export interface KubeProxyConfiguration {
  readonly apiVersion: "kubeproxy.config.k8s.io/v1alpha1";
  readonly kind: "KubeProxyConfiguration";
  readonly clusterCIDR: string;
}

/** The secrets the documents carry; they only ever exist inside a Pulumi secret. */
export interface JoinSecrets {
  readonly token: string;
  readonly certificateKey: string;
}

function nodeRegistration(m: KubeadmMachinePlan): NodeRegistrationOptions {
  const labels = Object.entries(m.labels)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return {
    name: m.name,
    criSocket: CRI_SOCKET,
    taints: m.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })),
    kubeletExtraArgs: [{ name: "node-ip", value: m.address }, ...(labels ? [{ name: "node-labels", value: labels }] : [])],
    imagePullPolicy: "IfNotPresent",
  };
}

export function clusterConfiguration(c: ClusterPlan, k: KubeadmPlan): ClusterConfiguration {
  return {
    apiVersion: KUBEADM_API_VERSION,
    kind: "ClusterConfiguration",
    clusterName: c.names["cluster"] ?? c.name,
    kubernetesVersion: `v${k.kubernetesPatch}`,
    controlPlaneEndpoint: k.endpoint.controlPlaneEndpoint,
    networking: { podSubnet: c.network.podCidr, serviceSubnet: c.network.serviceCidr, dnsDomain: "cluster.local" },
    // Stacked etcd: one member on every control-plane machine.
    etcd: { local: { dataDir: ETCD_DATA_DIR, extraArgs: [] } },
    apiServer: { certSANs: [...k.certSANs] },
    dns: { disabled: false },
    proxy: { disabled: false },
    certificatesDir: CERTIFICATES_DIR,
  };
}

export function initConfiguration(k: KubeadmPlan, m: KubeadmMachinePlan, secrets: JoinSecrets, cluster: string): InitConfiguration {
  return {
    apiVersion: KUBEADM_API_VERSION,
    kind: "InitConfiguration",
    bootstrapTokens: [
      {
        token: secrets.token,
        description: `ClusterFleet bootstrap token of ${cluster}`,
        ttl: BOOTSTRAP_TOKEN_TTL,
        usages: ["signing", "authentication"],
        groups: ["system:bootstrappers:kubeadm:default-node-token"],
      },
    ],
    dryRun: false,
    nodeRegistration: nodeRegistration(m),
    localAPIEndpoint: { advertiseAddress: m.address, bindPort: 6443 },
    certificateKey: secrets.certificateKey,
  };
}

export function joinConfiguration(k: KubeadmPlan, m: KubeadmMachinePlan, secrets: JoinSecrets, caCertHash: string): JoinConfiguration {
  return {
    apiVersion: KUBEADM_API_VERSION,
    kind: "JoinConfiguration",
    dryRun: false,
    nodeRegistration: nodeRegistration(m),
    caCertPath: `${CERTIFICATES_DIR}/ca.crt`,
    discovery: { bootstrapToken: { token: secrets.token, apiServerEndpoint: k.endpoint.controlPlaneEndpoint, caCertHashes: [caCertHash] } },
    ...(m.role === "control-plane" ? { controlPlane: { localAPIEndpoint: { advertiseAddress: m.address, bindPort: 6443 }, certificateKey: secrets.certificateKey } } : {}),
  };
}

export const kubeletConfiguration = (): KubeletConfiguration => ({ apiVersion: "kubelet.config.k8s.io/v1beta1", kind: "KubeletConfiguration", cgroupDriver: "systemd" });

export const kubeProxyConfiguration = (c: ClusterPlan): KubeProxyConfiguration => ({ apiVersion: "kubeproxy.config.k8s.io/v1alpha1", kind: "KubeProxyConfiguration", clusterCIDR: c.network.podCidr });

/** Everything `kubeadm init --config` reads on the init machine. */
export function initDocuments(c: ClusterPlan, k: KubeadmPlan, m: KubeadmMachinePlan, secrets: JoinSecrets): [InitConfiguration, ClusterConfiguration, KubeletConfiguration, KubeProxyConfiguration] {
  return [initConfiguration(k, m, secrets, c.name), clusterConfiguration(c, k), kubeletConfiguration(), kubeProxyConfiguration(c)];
}

/** Multi-document YAML, as `--config` takes it. */
export function toYaml(docs: readonly object[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
}

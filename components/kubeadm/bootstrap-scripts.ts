// The bootstrap steps' scripts: `kubeadm init --upload-certs` on the init machine, join credentials
// on the control plane, `kubeadm join` on the others, and the CNI. Each checks before it acts
// (an initialised machine is not initialised again, a joined one not joined again: a marker written
// only after the whole step succeeded says so; an unfinished attempt is reset and tried again), so
// re-running `pulumi up` changes nothing. Configuration and secrets come on stdin as a bundle of files.
import type { ClusterPlan, KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";
import { MACHINE_GENERATION_FILE } from "./connection.ts";
import { KUBE_VIP_MANIFEST } from "./kube-vip.ts";
import { script, unbundle } from "./shell.ts";

/** Where stdin's files land on a machine (mode 0700, removed after use). */
export const STAGING = "/etc/kubernetes/clusterfleet/staging";

/** Files a bootstrap step's stdin bundle carries. */
export const FILES = {
  init: "kubeadm-init.yaml",
  join: "kubeadm-join.yaml",
  kubeVipInit: "kube-vip-init.yaml",
  kubeVip: "kube-vip.yaml",
} as const;

/**
 * Written as the last act of a successful init or join: the only proof the whole step succeeded.
 * kubeadm writes admin.conf (init, kubeconfig phase) and kubelet.conf (join, kubelet-start phase) long
 * before it is done (kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-init/#init-workflow:
 * kubeconfig files come before the control plane is up, the upload, token and addon phases after),
 * so those files prove nothing after a failure. The machine's reset removes the markers.
 */
export const STEP_DONE = { init: "/etc/kubernetes/clusterfleet/init.done", join: "/etc/kubernetes/clusterfleet/join.done" } as const;

const markDone = (file: string) => `printf '%s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > ${file}`;

/**
 * A machine bootstrapped before the markers existed: adopted as done only if the cluster shows the step's
 * last phase (init: kubeadm's addon phase, the CoreDNS Deployment, after upload-config's kubeadm-config;
 * join: the Node registered, with the control-plane label for a control-plane join), never on a file alone.
 */
const initCompleted = `kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-system get configmap kubeadm-config >/dev/null 2>&1 && kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-system get deployment coredns >/dev/null 2>&1`;
const joinCompleted = (m: KubeadmMachinePlan) =>
  m.role === "control-plane"
    ? `[ -f /etc/kubernetes/admin.conf ] && kubectl --kubeconfig /etc/kubernetes/admin.conf get node ${m.name} -l node-role.kubernetes.io/control-plane -o name 2>/dev/null | grep -q .`
    : `kubectl --kubeconfig /etc/kubernetes/kubelet.conf get node ${m.name} -o name >/dev/null 2>&1`;

/** What an unfinished earlier attempt leaves: reset (which also removes a control-plane machine's etcd member) before trying again. */
const resetUnfinished = (step: "init" | "join", leftovers: readonly string[]) => `if ${leftovers.map((f) => `[ -e ${f} ]`).join(" || ")}; then
  echo "an earlier kubeadm ${step} on this machine did not finish: kubeadm reset before trying again"
  kubeadm reset -f
  rm -f ${KUBE_VIP_MANIFEST}
fi`;

const stampGeneration = (generation: string) => `install -d -m 0700 "$(dirname ${MACHINE_GENERATION_FILE})"\nprintf '%s\\n' "${generation}" > ${MACHINE_GENERATION_FILE}`;
const placeKubeVip = (file: string) => `install -d -m 0755 /etc/kubernetes/manifests\ninstall -m 0644 ${STAGING}/${file} ${KUBE_VIP_MANIFEST}`;

/** `kubeadm init` on the init machine: kube-vip first (the VIP must answer before init completes), then init, then kube-vip on admin.conf. */
export function initScript(c: ClusterPlan, k: KubeadmPlan, m: KubeadmMachinePlan, generation: string): string {
  const vip = k.endpoint.kind === "vip";
  return script(
    { step: "init", cluster: c.name, node: m.name, role: m.role, ...(m.zone ? { zone: m.zone } : {}), endpoint: k.endpoint.controlPlaneEndpoint, api: k.endpoint.kind },
    `
${unbundle(STAGING)}
${stampGeneration(generation)}
if [ ! -f ${STEP_DONE.init} ] && [ -f /etc/kubernetes/admin.conf ] && ${initCompleted}; then ${markDone(STEP_DONE.init)}; fi
if [ -f ${STEP_DONE.init} ]; then
  rm -rf ${STAGING}
  result "${m.name}: already initialised"
  exit 0
fi
${resetUnfinished("init", ["/etc/kubernetes/admin.conf", "/etc/kubernetes/manifests/kube-apiserver.yaml"])}
# Never a second cluster: if something already answers on the endpoint, this machine must join it.
code=$(curl -ks -o /dev/null -w '%{http_code}' --max-time 5 ${k.endpoint.url}/livez || true)
if [ "$code" != "000" ]; then
  echo "${k.endpoint.url} already answers (HTTP $code) but this machine is not initialised: refusing kubeadm init" >&4
  exit 1
fi
${vip ? placeKubeVip(FILES.kubeVipInit) : ""}
kubeadm init --config ${STAGING}/${FILES.init} --upload-certs
${vip ? placeKubeVip(FILES.kubeVip) : ""}
${markDone(STEP_DONE.init)}
rm -rf ${STAGING}
result "${m.name}: initialised $(kubeadm version -o short)"
`,
  );
}

/** `kubeadm join` on a control-plane or worker machine; kube-vip goes in after a control-plane join (join's preflight wants an empty manifests directory). */
export function joinScript(c: ClusterPlan, k: KubeadmPlan, m: KubeadmMachinePlan, generation: string): string {
  const kubeVip = k.endpoint.kind === "vip" && m.role === "control-plane";
  return script(
    { step: "join", cluster: c.name, node: m.name, role: m.role, ...(m.zone ? { zone: m.zone } : {}), endpoint: k.endpoint.controlPlaneEndpoint, api: k.endpoint.kind },
    `
${unbundle(STAGING)}
${stampGeneration(generation)}
if [ ! -f ${STEP_DONE.join} ] && [ -f /etc/kubernetes/kubelet.conf ] && ${joinCompleted(m)}; then ${markDone(STEP_DONE.join)}; fi
if [ -f ${STEP_DONE.join} ]; then
  rm -rf ${STAGING}
  result "${m.name}: already joined"
  exit 0
fi
${resetUnfinished("join", ["/etc/kubernetes/kubelet.conf", "/etc/kubernetes/admin.conf", "/etc/kubernetes/manifests/kube-apiserver.yaml"])}
kubeadm join --config ${STAGING}/${FILES.join}
${kubeVip ? placeKubeVip(FILES.kubeVip) : ""}
${markDone(STEP_DONE.join)}
rm -rf ${STAGING}
result "${m.name}: joined"
`,
  );
}

/**
 * Join credentials for one machine, on the control plane: the bootstrap token exists (created again
 * when it has expired), a control-plane machine's certificates are uploaded (kubeadm keeps them two
 * hours), and the CA's public key hash is printed for discovery. stdin: token, certificate key.
 */
export function admitScript(cluster: string, m: KubeadmMachinePlan): string {
  return script(
    { step: "admit", cluster, node: m.name, role: m.role },
    `
IFS= read -r TOKEN
IFS= read -r CERTIFICATE_KEY
export KUBECONFIG=/etc/kubernetes/admin.conf
token_exists() { kubeadm token list 2>/dev/null | awk 'NR > 1 { print $1 }' | grep -qx "$TOKEN"; }
token_exists || kubeadm token create "$TOKEN" --ttl 2h0m0s --description "ClusterFleet: join ${m.name}" || token_exists
${m.role === "control-plane" ? 'kubeadm init phase upload-certs --upload-certs --certificate-key "$CERTIFICATE_KEY"' : ""}
hash=$(openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.*= *//')
result "sha256:$hash"
`,
  );
}

/** Calico from its pinned manifest, with the plan's pod CIDR as its IP pool; server-side apply, so re-running changes nothing. */
export function cniScript(c: ClusterPlan, k: KubeadmPlan): string {
  if (k.cni.plugin !== "calico") throw new Error("no CNI to install");
  return script(
    { step: "cni", cluster: c.name, endpoint: k.endpoint.controlPlaneEndpoint },
    `
export KUBECONFIG=/etc/kubernetes/admin.conf
install -d -m 0700 /etc/kubernetes/clusterfleet
curl -fsSL ${k.cni.manifest} -o /etc/kubernetes/clusterfleet/calico.yaml
sed -e 's|# - name: CALICO_IPV4POOL_CIDR|- name: CALICO_IPV4POOL_CIDR|' -e 's|#   value: "192.168.0.0/16"|  value: "${c.network.podCidr}"|' \\
  /etc/kubernetes/clusterfleet/calico.yaml > /etc/kubernetes/clusterfleet/calico-cluster.yaml
grep -q 'value: "${c.network.podCidr}"' /etc/kubernetes/clusterfleet/calico-cluster.yaml || { echo "calico ${k.cni.version}: the manifest's CALICO_IPV4POOL_CIDR block moved; not applied" >&4; exit 1; }
kubectl apply --server-side --force-conflicts -f /etc/kubernetes/clusterfleet/calico-cluster.yaml
result "calico ${k.cni.version} (pool ${c.network.podCidr})"
`,
  );
}

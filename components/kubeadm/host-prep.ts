// Preparing a machine for kubeadm (kubernetes.io/docs/setup/production-environment/tools/kubeadm/
// install-kubeadm/ and container-runtimes/): a host that can run Kubernetes (cgroup v2, no firewalld),
// swap off, overlay and br_netfilter, the forwarding sysctls, a pinned containerd 2.x with systemd
// cgroups (containerd.ts), and kubelet, kubeadm and kubectl from pkgs.k8s.io, pinned and held. Every
// action checks before it acts, so running it twice changes nothing.
import type { KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";
import { CONTAINERD, containerdFunctions } from "./containerd.ts";
import { script } from "./shell.ts";

/**
 * Shell functions for the Kubernetes packages of one machine: `k8s_repo MINOR` points apt or dnf at
 * that minor's pkgs.k8s.io repository; `k8s_install PATCH PKG...` installs those packages at
 * exactly PATCH and holds them (apt) or keeps them excluded from unattended updates (dnf). Only the
 * machine's own minor is listed, so another machine's version never changes this script.
 */
export function packageFunctions(k: KubeadmPlan, m: KubeadmMachinePlan): string {
  const r = k.packageRepositories[m.kubernetesVersion];
  if (!r) throw new Error(`no package repository planned for Kubernetes ${m.kubernetesVersion}`);
  const cases = `    ${m.kubernetesVersion}) deb_url=${r.deb.url} deb_key=${r.deb.key} rpm_url=${r.rpm.url} rpm_key=${r.rpm.key} ;;`;
  return `
k8s_repo() {
  case "$1" in
${cases}
    *) echo "no package repository planned for Kubernetes $1"; return 1 ;;
  esac
  if command -v apt-get >/dev/null 2>&1; then
    install -d -m 0755 /etc/apt/keyrings /etc/apt/sources.list.d
    # To a file first: sh has no pipefail, so \`curl | gpg\` would write an empty keyring after a failed download.
    key=$(mktemp)
    curl -fsSL -o "$key" "$deb_key"
    gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg "$key"
    rm -f "$key"
    echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] $deb_url /" > /etc/apt/sources.list.d/kubernetes.list
    chmod 0644 /etc/apt/keyrings/kubernetes-apt-keyring.gpg /etc/apt/sources.list.d/kubernetes.list
    apt-get update -q
  elif command -v dnf >/dev/null 2>&1; then
    printf '[kubernetes]\\nname=Kubernetes\\nbaseurl=%s\\nenabled=1\\ngpgcheck=1\\ngpgkey=%s\\nexclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\\n' "$rpm_url" "$rpm_key" > /etc/yum.repos.d/kubernetes.repo
    chmod 0644 /etc/yum.repos.d/kubernetes.repo
  else
    echo "unsupported operating system: ClusterFleet needs apt-get (Debian, Ubuntu) or dnf (RHEL, Rocky, AlmaLinux)"
    return 1
  fi
}
k8s_install() {
  version=$1; shift
  set -f
  if command -v apt-get >/dev/null 2>&1; then
    pins=""; for p in "$@"; do pins="$pins $p=$version-*"; done
    apt-mark unhold "$@" >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades --allow-change-held-packages $pins
    apt-mark hold "$@"
  else
    pins=""; for p in "$@"; do pins="$pins $p-$version"; done
    dnf install -y --disableexcludes=kubernetes $pins
  fi
  set +f
}`.trim();
}

/**
 * What the machine must be before anything is installed; refused, with the reason, rather than half-prepared:
 * - cgroup v2: from Kubernetes 1.35 the kubelet does not start on a cgroup v1 host (KEP-5573, "beta will
 *   prevent kubelet from starting on a cgroup v1 node"); RHEL 8 and its rebuilds boot cgroup v1 by default.
 * - firewalld stopped: kube-proxy and Calico program the host's packet filter themselves, and firewalld's
 *   default zone drops what kubeadm and Calico need (kubernetes.io/docs/reference/networking/ports-and-protocols/:
 *   6443, 2379-2380, 10250, 10257, 10259; Calico BGP 179 and IP-in-IP); the fabric's firewalls guard the site.
 */
export function hostChecks(): string {
  return `
if [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
  echo "this machine runs cgroup v1; Kubernetes 1.35 and later need cgroup v2 (KEP-5573). On RHEL 8 and its rebuilds: grubby --update-kernel=ALL --args=systemd.unified_cgroup_hierarchy=1, reboot, run pulumi up again" >&4
  exit 1
fi
if systemctl is-active --quiet firewalld 2>/dev/null; then
  echo "firewalld is running: it drops the ports kubeadm and Calico need (6443, 2379-2380, 10250, 10257, 10259, BGP 179, IP-in-IP) and fights kube-proxy's rules. Stop it (systemctl disable --now firewalld) and guard the site with its network firewalls, then run pulumi up again" >&4
  exit 1
fi`.trim();
}

/** The host preparation step: runtime, kernel settings, and the packages at the machine's version (first time only). */
export function prepareScript(cluster: string, k: KubeadmPlan, m: KubeadmMachinePlan): string {
  return script(
    { step: "prepare", cluster, node: m.name, role: m.role, ...(m.zone ? { zone: m.zone } : {}) },
    `
${packageFunctions(k, m)}
${containerdFunctions()}
export DEBIAN_FRONTEND=noninteractive
${hostChecks()}

# Swap off (the kubelet refuses to start with swap by default), now and after reboots.
swapoff -a
sed -i '/^[^#].*[[:space:]]swap[[:space:]]/ s/^/# disabled by clusterfleet: /' /etc/fstab

# Kernel modules and sysctls for pod networking.
printf 'overlay\\nbr_netfilter\\n' > /etc/modules-load.d/clusterfleet-k8s.conf
printf 'net.bridge.bridge-nf-call-iptables = 1\\nnet.bridge.bridge-nf-call-ip6tables = 1\\nnet.ipv4.ip_forward = 1\\n' > /etc/sysctl.d/99-clusterfleet-k8s.conf
chmod 0644 /etc/modules-load.d/clusterfleet-k8s.conf /etc/sysctl.d/99-clusterfleet-k8s.conf
modprobe overlay
modprobe br_netfilter
sysctl --system

# Base tools. No distribution containerd: it is too old (Debian 12: 1.6) or absent (RHEL family).
if command -v apt-get >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q ca-certificates curl gpg openssl tar
elif command -v dnf >/dev/null 2>&1; then
  dnf install -y ca-certificates gnupg2 openssl tar
  # RHEL 9 ships curl-minimal, which provides curl and conflicts with the curl package: install curl only if none is there.
  command -v curl >/dev/null 2>&1 || dnf install -y curl
  # kubeadm's documented requirement on SELinux systems.
  if command -v setenforce >/dev/null 2>&1; then setenforce 0 || true; sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config; fi
else
  echo "unsupported operating system: ClusterFleet needs apt-get (Debian, Ubuntu) or dnf (RHEL, Rocky, AlmaLinux)"
  exit 1
fi

# containerd ${CONTAINERD.version} and runc ${CONTAINERD.runc}, pinned, with the systemd cgroup driver (the kubelet's).
# On a machine already in the cluster, a different containerd is replaced by the upgrade step, drained.
if ! containerd_at_pin && [ ! -f /etc/kubernetes/kubelet.conf ]; then containerd_install; fi
containerd_configure

# kubelet, kubeadm and kubectl at ${m.kubernetesPatch}, the first time only: later versions come from the upgrade step.
if ! command -v kubeadm >/dev/null 2>&1; then
  k8s_repo ${m.kubernetesVersion}
  k8s_install ${m.kubernetesPatch} kubelet kubeadm kubectl
fi
systemctl enable kubelet
result "prepared: containerd $(/usr/local/bin/containerd --version | awk '{ print $3 }'), kubeadm $(kubeadm version -o short)"
`,
  );
}

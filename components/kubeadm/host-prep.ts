// Preparing a machine for kubeadm (kubernetes.io/docs/setup/production-environment/tools/kubeadm/
// install-kubeadm/ and container-runtimes/): swap off, overlay and br_netfilter, the forwarding
// sysctls, containerd with systemd cgroups, and kubelet, kubeadm and kubectl from pkgs.k8s.io,
// pinned and held. Every action checks before it acts, so running it twice changes nothing.
import type { KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";
import { script } from "./shell.ts";

/** Docker's repository, the usual source of containerd on RHEL-family systems (their base repositories have none). */
export const DOCKER_RHEL_REPO = "https://download.docker.com/linux/rhel/docker-ce.repo";

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
    curl -fsSL "$deb_key" | gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
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

/** The host preparation step: runtime, kernel settings, and the packages at the machine's version (first time only). */
export function prepareScript(cluster: string, k: KubeadmPlan, m: KubeadmMachinePlan): string {
  return script(
    { step: "prepare", cluster, node: m.name, role: m.role, ...(m.zone ? { zone: m.zone } : {}) },
    `
${packageFunctions(k, m)}
export DEBIAN_FRONTEND=noninteractive

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

# Base tools and containerd.
if command -v apt-get >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q ca-certificates curl gpg openssl containerd
elif command -v dnf >/dev/null 2>&1; then
  dnf install -y ca-certificates curl gnupg2 openssl dnf-plugins-core
  rpm -q containerd.io >/dev/null 2>&1 || { dnf config-manager --add-repo ${DOCKER_RHEL_REPO} && dnf install -y containerd.io; }
  # kubeadm's documented requirement on SELinux systems.
  if command -v setenforce >/dev/null 2>&1; then setenforce 0 || true; sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config; fi
else
  echo "unsupported operating system: ClusterFleet needs apt-get (Debian, Ubuntu) or dnf (RHEL, Rocky, AlmaLinux)"
  exit 1
fi

# containerd with the systemd cgroup driver, the kubelet's (KubeletConfiguration cgroupDriver: systemd).
if ! grep -q 'SystemdCgroup = true' /etc/containerd/config.toml 2>/dev/null; then
  install -d -m 0755 /etc/containerd
  containerd config default > /etc/containerd/config.toml
  sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml
  chmod 0644 /etc/containerd/config.toml
  grep -q 'SystemdCgroup = true' /etc/containerd/config.toml
  systemctl restart containerd
fi
systemctl enable --now containerd

# kubelet, kubeadm and kubectl at ${m.kubernetesPatch}, the first time only: later versions come from the upgrade step.
if ! command -v kubeadm >/dev/null 2>&1; then
  k8s_repo ${m.kubernetesVersion}
  k8s_install ${m.kubernetesPatch} kubelet kubeadm kubectl
fi
systemctl enable kubelet
result "prepared: containerd, kubeadm $(kubeadm version -o short)"
`,
  );
}

// What a kubeadm cluster installs on the user's machines, pinned: the Kubernetes patch per minor,
// the package repositories it comes from, the kube-vip image and the CNI manifest. Every fact
// names its source; a ClusterFleet release moves them, a plan never guesses them.
import type { KubeadmCatalog } from "./types.ts";

export const kubeadmCatalog: KubeadmCatalog = {
  patches: {
    "1.35": "1.35.9",
    "1.36": "1.36.4",
    "1.37": "1.37.1",
  },
  patchesSource:
    "https://kubernetes.io/releases/ (release series pages 1.35, 1.36, 1.37) as of 2026-11: newest patches seen released " +
    "1.35.9 (2026-09-15), 1.36.4 (2026-08-11), 1.37.1 (2026-09-15)",
  packages: {
    // One repository per minor: an upgrade moves the node to the next minor's repository first.
    deb: { url: "https://pkgs.k8s.io/core:/stable:/v{minor}/deb/", key: "https://pkgs.k8s.io/core:/stable:/v{minor}/deb/Release.key" },
    rpm: { url: "https://pkgs.k8s.io/core:/stable:/v{minor}/rpm/", key: "https://pkgs.k8s.io/core:/stable:/v{minor}/rpm/repodata/repomd.xml.key" },
    source:
      "https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/install-kubeadm/ and " +
      "https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/change-package-repository/ (community-owned pkgs.k8s.io, one repository per minor)",
  },
  kubeVip: {
    image: "ghcr.io/kube-vip/kube-vip:v1.0.1",
    source: "kube-vip/helm-charts charts/kube-vip/Chart.yaml appVersion v1.0.1 (chart 0.9.1); manifest shape from kube-vip/kube-vip pkg/kubevip/config_generator.go",
  },
  calico: {
    version: "v3.32.0",
    manifest: "https://raw.githubusercontent.com/projectcalico/calico/v3.32.0/manifests/calico.yaml",
    source: "https://docs.tigera.io/calico/latest/getting-started/kubernetes/self-managed-onprem/onpremises (Calico 3.32 is the latest series as of 2026-11; manifest install, pool CIDR set from the plan)",
  },
};

// Kubernetes minors each provider supports for new clusters and upgrades, oldest first.
// Override per fleet with `catalog.kubernetesVersions` as providers add versions.
import type { Provider } from "../spec/primitives.ts";
import type { KubernetesVersionFact } from "./types.ts";

export const kubernetesVersions: Record<Provider, KubernetesVersionFact> = {
  aws: {
    minors: ["1.32", "1.33", "1.34", "1.35", "1.36"],
    source:
      "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html as of 2026-11: 1.34-1.36 standard, " +
      "1.32-1.33 extended support (1.31 leaves extended support 2026-11-26 and is left out)",
  },
  gcp: {
    minors: ["1.34", "1.35", "1.36", "1.37"],
    source:
      "https://cloud.google.com/kubernetes-engine/docs/release-schedule as of 2026-11: 1.35 is the Regular channel default, " +
      "1.37 in Rapid, 1.34 on the Extended channel",
  },
  azure: {
    minors: ["1.34", "1.35", "1.36"],
    source: "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions as of 2026-11 (GA minors; 1.37 in preview)",
  },
  kubeadm: {
    minors: ["1.35", "1.36", "1.37"],
    source: "https://kubernetes.io/releases/ as of 2026-11: upstream supports the three newest minors (1.37.0 released 2026-08-26)",
  },
  existing: {
    minors: ["1.32", "1.33", "1.34", "1.35", "1.36", "1.37"],
    source: "Versions ClusterFleet's add-ons are tested against; an adopted cluster is never upgraded by ClusterFleet",
  },
};

// How far node pools may trail the control plane is a per-provider fact: see version-skew.ts.

/**
 * EKS minors of the catalog past standard support (in extended support, billed per cluster hour at
 * the extended rate). A cluster on one of them cannot use the STANDARD upgrade policy: EKS would
 * upgrade it at once, outside the plan.
 */
export const eksExtendedSupportMinors = {
  minors: ["1.32", "1.33"] as readonly string[],
  source:
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html as of 2026-11 (1.32 and 1.33 in extended support); " +
    "https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html (EXTENDED: not upgraded, enters extended support; STANDARD: automatically upgraded at the end of standard support)",
};

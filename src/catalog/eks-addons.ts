// Amazon EKS managed add-ons ClusterFleet installs on every EKS cluster, with the add-on version
// pinned per Kubernetes minor. Pinned, never "latest": an add-on that moves on its own during an
// incident is a variable nobody wants, and a pin makes `pulumi preview` show every change.
//
// Sources, as of 2026-11 (check a row with
// `aws eks describe-addon-versions --addon-name NAME --kubernetes-version 1.3x`):
// - kube-proxy, coredns: the "latest version of the Amazon EKS add-on type for each Kubernetes
//   version" tables of https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html and
//   .../managing-coredns.html (the edition listing 1.36).
// - vpc-cni, aws-ebs-csi-driver: their versions are not tied to a Kubernetes minor; v1.22.4-eksbuild.3
//   and v1.66.0-eksbuild.1 are the versions describe-addon-versions lists as compatible with 1.31-1.36
//   (recorded deployments on 1.33 and 1.36, 2026-09). The AWS guide's vpc-cni table (managing-vpc-cni.html)
//   lagged behind 1.33 when this table was written.
export interface EksAddonFact {
  /** The EKS add-on name (`aws eks create-addon --addon-name`). */
  readonly name: string;
  /**
   * What must exist before the add-on is created. Add-ons that run Deployments (CoreDNS, the EBS CSI
   * controller) created before any node exists sit DEGRADED and fail the deployment; DaemonSets the
   * nodes need to become Ready (CNI, kube-proxy) must exist before the nodes.
   */
  readonly after: "control-plane" | "nodes";
  /** The Kubernetes service account that calls AWS APIs, and the AWS-managed policy it needs (IRSA). */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string; readonly managedPolicy: string };
  /** Add-on version by Kubernetes minor ("1.35"). A minor missing here is refused by the planner. */
  readonly versions: Readonly<Record<string, string>>;
  readonly source: string;
}

const GUIDE = "https://docs.aws.amazon.com/eks/latest/userguide";

/** In creation order: the networking DaemonSets first, the add-ons that need nodes after them. */
export const eksAddons: readonly EksAddonFact[] = [
  {
    name: "vpc-cni",
    after: "control-plane",
    serviceAccount: { namespace: "kube-system", name: "aws-node", managedPolicy: "AmazonEKS_CNI_Policy" },
    versions: { "1.32": "v1.22.4-eksbuild.3", "1.33": "v1.22.4-eksbuild.3", "1.34": "v1.22.4-eksbuild.3", "1.35": "v1.22.4-eksbuild.3", "1.36": "v1.22.4-eksbuild.3" },
    source: `aws eks describe-addon-versions --addon-name vpc-cni (compatible with 1.31-1.36 as of 2026-09); ${GUIDE}/managing-vpc-cni.html`,
  },
  {
    name: "kube-proxy",
    after: "control-plane",
    versions: { "1.32": "v1.32.13-eksbuild.16", "1.33": "v1.33.10-eksbuild.13", "1.34": "v1.34.6-eksbuild.13", "1.35": "v1.35.3-eksbuild.13", "1.36": "v1.36.0-eksbuild.14" },
    source: `${GUIDE}/managing-kube-proxy.html#kube-proxy-versions (edition listing 1.36)`,
  },
  {
    name: "coredns",
    after: "nodes",
    versions: { "1.32": "v1.11.4-eksbuild.40", "1.33": "v1.12.4-eksbuild.18", "1.34": "v1.13.2-eksbuild.11", "1.35": "v1.14.3-eksbuild.3", "1.36": "v1.14.3-eksbuild.3" },
    source: `${GUIDE}/managing-coredns.html#coredns-versions (edition listing 1.36)`,
  },
  {
    name: "aws-ebs-csi-driver",
    after: "nodes",
    serviceAccount: { namespace: "kube-system", name: "ebs-csi-controller-sa", managedPolicy: "service-role/AmazonEBSCSIDriverPolicy" },
    versions: { "1.32": "v1.66.0-eksbuild.1", "1.33": "v1.66.0-eksbuild.1", "1.34": "v1.66.0-eksbuild.1", "1.35": "v1.66.0-eksbuild.1", "1.36": "v1.66.0-eksbuild.1" },
    source: `aws eks describe-addon-versions --addon-name aws-ebs-csi-driver (compatible with 1.31-1.36 as of 2026-09); ${GUIDE}/ebs-csi.html`,
  },
];

// clusterfleet:kubeadm:KubeadmCluster — a highly available kubeadm cluster on machines the user
// owns, reached over SSH, bootstrapped, upgraded and shrunk the way Cluster API's kubeadm
// control-plane provider does it, from the same plan (CIDRs, version, labels) as the cloud clusters.
// It renders the plan's `kubeadm` part and decides nothing.
import * as pulumi from "@pulumi/pulumi";
import type { FleetClusterArgs } from "../cluster-contract.ts";
import { ClusterComponent, type ClusterParts } from "../cluster-component.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";
import { bootstrapGraph } from "./bootstrap.ts";
import { clusterCredentials } from "./credentials.ts";
import { decryptKubeconfig, pinServer } from "./kubeconfig.ts";
import { upgradeChain } from "./upgrade.ts";

export interface KubeadmClusterArgs extends FleetClusterArgs {
  /** The machines' SSH private key (PEM or OpenSSH). Made secret here whatever the caller passed. */
  readonly sshPrivateKey: pulumi.Input<string>;
}

export class KubeadmCluster extends ClusterComponent<ClusterParts> {
  /** The control-plane endpoint's URL (the VIP or load balancer), never a machine's own address. */
  declare readonly endpoint: pulumi.Output<string>;

  constructor(name: string, args: KubeadmClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.kubeadm, name, args, opts, (parent) => buildKubeadmCluster(name, args, parent));
  }
}

function buildKubeadmCluster(name: string, args: KubeadmClusterArgs, parent: pulumi.ComponentResource): ClusterParts {
  const c = args.cluster;
  const k = c.kubeadm;
  if (!k) throw new pulumi.InputPropertiesError({ message: `KubeadmCluster "${name}": cluster "${c.name}" has no kubeadm plan`, errors: [{ propertyPath: "cluster.kubeadm", reason: "is required: plan the cluster with provider kubeadm" }] });

  const credentials = clusterCredentials(name, parent);
  const graph = bootstrapGraph({ name, cluster: c, plan: k, parent, sshPrivateKey: pulumi.secret(pulumi.output(args.sshPrivateKey)), credentials });
  const upgrades = upgradeChain({ name, cluster: c.name, plan: k, parent, connect: graph.connect, admin: graph.admin, after: graph.done });
  const controlPlaneUpgrades = upgrades.slice(0, k.machines.filter((m) => m.role === "control-plane").length);

  // Ready for add-ons once the pod network is up and every machine has joined.
  const ready = [...(graph.cni ? [graph.cni.stdout] : []), ...[...graph.drain.values()].map((d) => d.stdout)];
  const kubeconfig = pulumi.secret(
    pulumi.all([graph.kubeconfig.stdout, credentials.kubeconfigKey, pulumi.all(ready)]).apply(([encrypted, key]) => pinServer(decryptKubeconfig(encrypted, key), k.endpoint.url)),
  );
  return {
    endpoint: pulumi.output(k.endpoint.url),
    kubeconfig,
    kubernetesProvider: kubernetesProviderFor(name, kubeconfig, parent),
    // What the machines run once their upgrade steps have converged: the next run's observed state.
    kubernetesVersion: pulumi.all(controlPlaneUpgrades.map((u) => u.stdout)).apply(() => c.kubernetesVersion),
    nodePoolVersions: pulumi.all(upgrades.map((u) => u.stdout)).apply(() => Object.fromEntries(c.nodePools.map((p) => [p.name, p.kubernetesVersion]))),
    registered: {
      controlPlane: {
        etcd: "stacked",
        endpoint: k.endpoint.kind,
        machines: k.machines.filter((m) => m.role === "control-plane").map((m) => m.name),
      },
    },
  };
}

// Upgrades, as kubeadm documents them (kubernetes.io/docs/tasks/administer-cluster/kubeadm/
// kubeadm-upgrade/), one minor at a time (the planner never steps further): `kubeadm upgrade apply`
// on the first control-plane machine, `kubeadm upgrade node` on the others one at a time, then
// each worker drained, upgraded and uncordoned, one at a time.
// The steps always exist, named by machine; each converges its machine to the planned patch and
// does nothing when it is there already. Their trigger is that patch, so a version change re-runs
// exactly these steps, in this order, and nothing else.
import { remote } from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { KubeadmMachinePlan, KubeadmPlan } from "../../src/plan/types.ts";
import { containerdFunctions } from "./containerd.ts";
import { packageFunctions } from "./host-prep.ts";
import { KUBE_VIP_MANIFEST, kubeVipManifest } from "./kube-vip.ts";
import { asRoot, KUBELET_VERSION, script, writeFile } from "./shell.ts";

export const UPGRADE_ANNOTATION = "clusterfleet.dev/upgrade-drained";
const DRAIN = "--ignore-daemonsets --delete-emptydir-data --timeout=15m";
const uncordonIfDrained = (node: string) => `
if [ -n "$(kubectl get node ${node} -o jsonpath='{.metadata.annotations.${UPGRADE_ANNOTATION.replaceAll(".", "\\.")}}')" ]; then
  kubectl wait --for=condition=Ready node/${node} --timeout=5m || echo "node ${node} not Ready yet (no CNI?); uncordoning anyway" >&4
  kubectl uncordon ${node}
  kubectl annotate node ${node} ${UPGRADE_ANNOTATION}-
fi`;

/** A control-plane machine: kubeadm first, `upgrade apply` (first machine) or `upgrade node`, then kubelet and kubectl, drained meanwhile. */
export function controlPlaneUpgradeScript(cluster: string, k: KubeadmPlan, m: KubeadmMachinePlan, first: boolean): string {
  const target = m.kubernetesPatch;
  return script(
    { step: "upgrade", cluster, node: m.name, role: m.role, version: target },
    `
${packageFunctions(k, m)}
${containerdFunctions()}
export KUBECONFIG=/etc/kubernetes/admin.conf
TARGET=${target}
api_at_target() { grep -q "kube-apiserver:v$TARGET\\$" /etc/kubernetes/manifests/kube-apiserver.yaml; }
if ! api_at_target || [ "${KUBELET_VERSION}" != "$TARGET" ]; then
  k8s_repo ${m.kubernetesVersion}
  [ "$(kubeadm version -o short)" = "v$TARGET" ] || k8s_install "$TARGET" kubeadm
  if ! api_at_target; then
    ${first ? 'kubeadm upgrade apply -y "v$TARGET"' : "kubeadm upgrade node"}
  fi
  if [ "${KUBELET_VERSION}" != "$TARGET" ]; then
    kubectl annotate node ${m.name} --overwrite ${UPGRADE_ANNOTATION}="$TARGET"
    kubectl drain ${m.name} ${DRAIN}
    # The runtime moves while the node is drained: Kubernetes 1.36 and later run only on containerd 2.x.
    containerd_at_pin || containerd_install
    containerd_configure
    k8s_install "$TARGET" kubelet kubectl
    systemctl daemon-reload
    systemctl restart kubelet
  fi
fi
${uncordonIfDrained(m.name)}
${k.endpoint.kind === "vip" ? `# kube-vip as planned (its image moves with ClusterFleet releases).\n${writeFile(KUBE_VIP_MANIFEST, kubeVipManifest(k))}` : ""}
result "${m.name}: $(kubelet --version)"
`,
  );
}

/** Cluster-wide, before a worker's upgrade: cordon and drain it if its kubelet is not at the target. */
export function workerPreDrainScript(cluster: string, m: KubeadmMachinePlan): string {
  return script(
    { step: "upgrade-drain", cluster, node: m.name, role: m.role, version: m.kubernetesPatch },
    `
export KUBECONFIG=/etc/kubernetes/admin.conf
if [ "$(kubectl get node ${m.name} -o jsonpath='{.status.nodeInfo.kubeletVersion}')" != "v${m.kubernetesPatch}" ]; then
  kubectl annotate node ${m.name} --overwrite ${UPGRADE_ANNOTATION}=${m.kubernetesPatch}
  kubectl drain ${m.name} ${DRAIN}
fi
result "${m.name}: ready for ${m.kubernetesPatch}"
`,
  );
}

/** On the worker: kubeadm, `kubeadm upgrade node` (its kubelet configuration), then kubelet and kubectl. */
export function workerUpgradeScript(cluster: string, k: KubeadmPlan, m: KubeadmMachinePlan): string {
  return script(
    { step: "upgrade", cluster, node: m.name, role: m.role, version: m.kubernetesPatch },
    `
${packageFunctions(k, m)}
${containerdFunctions()}
TARGET=${m.kubernetesPatch}
if [ "${KUBELET_VERSION}" != "$TARGET" ]; then
  k8s_repo ${m.kubernetesVersion}
  [ "$(kubeadm version -o short)" = "v$TARGET" ] || k8s_install "$TARGET" kubeadm
  kubeadm upgrade node
  # The runtime moves while the node is drained: Kubernetes 1.36 and later run only on containerd 2.x.
  containerd_at_pin || containerd_install
  containerd_configure
  k8s_install "$TARGET" kubelet kubectl
  systemctl daemon-reload
  systemctl restart kubelet
fi
result "${m.name}: $(kubelet --version)"
`,
  );
}

/** Cluster-wide, after a worker's upgrade: uncordon it if the upgrade drained it. */
export function workerUncordonScript(cluster: string, m: KubeadmMachinePlan): string {
  return script(
    { step: "upgrade-uncordon", cluster, node: m.name, role: m.role, version: m.kubernetesPatch },
    `
export KUBECONFIG=/etc/kubernetes/admin.conf
${uncordonIfDrained(m.name)}
result "${m.name}: schedulable"
`,
  );
}

export interface UpgradeArgs {
  readonly name: string;
  readonly cluster: string;
  readonly plan: KubeadmPlan;
  readonly parent: pulumi.Resource;
  /** Connection to a machine, and to where cluster-wide commands run. */
  readonly connect: (m: KubeadmMachinePlan) => remote.CommandArgs["connection"];
  readonly admin: remote.CommandArgs["connection"];
  /** The end of the bootstrap: the upgrade chain starts after every machine has joined. */
  readonly after: readonly pulumi.Resource[];
}

/** The upgrade chain: every step depends on the one before it; its trigger is the patch it converges to. */
export function upgradeChain(a: UpgradeArgs): remote.Command[] {
  const chain: remote.Command[] = [];
  const step = (resource: string, connection: remote.CommandArgs["connection"], create: string, version: string) => {
    const prev = chain.at(-1);
    const cmd = new remote.Command(resource, { connection, create: asRoot(create), triggers: [version] }, { parent: a.parent, dependsOn: prev ? [prev] : [...a.after] });
    chain.push(cmd);
  };
  const cps = a.plan.machines.filter((m) => m.role === "control-plane");
  cps.forEach((m, i) => step(`${a.name}-upgrade-${m.name}`, a.connect(m), controlPlaneUpgradeScript(a.cluster, a.plan, m, i === 0), m.kubernetesPatch));
  for (const w of a.plan.machines.filter((m) => m.role === "worker")) {
    step(`${a.name}-upgrade-drain-${w.name}`, a.admin, workerPreDrainScript(a.cluster, w), w.kubernetesPatch);
    step(`${a.name}-upgrade-${w.name}`, a.connect(w), workerUpgradeScript(a.cluster, a.plan, w), w.kubernetesPatch);
    step(`${a.name}-upgrade-uncordon-${w.name}`, a.admin, workerUncordonScript(a.cluster, w), w.kubernetesPatch);
  }
  return chain;
}

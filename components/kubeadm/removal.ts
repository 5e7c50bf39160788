// Removing a machine, as kubeadm documents it (kubernetes.io/docs/reference/setup-tools/kubeadm/
// kubeadm-reset/): drain the node, `kubeadm reset` on the machine, delete the Node object. These
// are the `delete` commands of the machine's resources, so Pulumi runs them in that order when a
// machine leaves the spec (or the cluster is destroyed): dependents are deleted first.
//   worker:        drain-<w> (drain, cluster-wide) → join-<w> (reset) → admit-<w> (delete Node)
//   control plane: init|join-<cp> drains itself, resets (which removes its etcd member) and deletes
//                  its Node with a copy of its admin kubeconfig, through the control-plane endpoint.
// Each acts only when the machine or Node still carries the step's own generation (connection.ts).
import type { KubeadmMachinePlan } from "../../src/plan/types.ts";
import { STEP_DONE } from "./bootstrap-scripts.ts";
import { ADMIN_GENERATION_ANNOTATION, MACHINE_GENERATION_FILE } from "./connection.ts";
import { script } from "./shell.ts";

const ADMIN = "export KUBECONFIG=/etc/kubernetes/admin.conf";
const DRAIN_FLAGS = "--ignore-daemonsets --delete-emptydir-data --timeout=15m";
const annotation = ADMIN_GENERATION_ANNOTATION.replaceAll(".", "\\.");

/** Shell test: this machine was bootstrapped by this generation of the step. */
const ownsMachine = (generation: string) => `[ "$(cat ${MACHINE_GENERATION_FILE} 2>/dev/null || true)" = "${generation}" ]`;

/** The `delete` of a machine's init or join step: drain (control plane), reset, delete the Node (control plane). */
export function resetScript(cluster: string, m: KubeadmMachinePlan, generation: string): string {
  const controlPlane = m.role === "control-plane";
  return script(
    { step: "reset", cluster, node: m.name, role: m.role },
    `
if ! ${ownsMachine(generation)}; then
  result "${m.name}: not reset; it was bootstrapped by another generation of this step (the connection changed) or not at all"
  exit 0
fi
${
  controlPlane
    ? `KC=/run/clusterfleet-removal.kubeconfig
cp /etc/kubernetes/admin.conf "$KC"
kubectl --kubeconfig "$KC" drain ${m.name} ${DRAIN_FLAGS}`
    : ""
}
kubeadm reset -f
rm -rf /etc/cni/net.d
rm -f ${MACHINE_GENERATION_FILE} ${STEP_DONE.init} ${STEP_DONE.join}
${
  controlPlane
    ? `# The VIP has moved to another control-plane machine (or the cluster is going): retry for a while.
deleted=""
for i in $(seq 1 24); do
  if kubectl --kubeconfig "$KC" delete node ${m.name} --ignore-not-found --request-timeout=10s; then deleted=yes; break; fi
  sleep 5
done
rm -f "$KC"
[ -n "$deleted" ] || echo "Node ${m.name} not deleted: no API server answered (the last control-plane machine of a cluster being destroyed)" >&4`
    : ""
}
result "${m.name}: reset"
`,
  );
}

/** The `create` of a worker's drain step: waits for the Node to register and stamps the admin generation on it. */
export function registeredScript(cluster: string, m: KubeadmMachinePlan, generation: string): string {
  return script(
    { step: "registered", cluster, node: m.name, role: m.role },
    `
${ADMIN}
for i in $(seq 1 60); do kubectl get node ${m.name} >/dev/null 2>&1 && break; sleep 5; done
kubectl get node ${m.name}
kubectl annotate node ${m.name} --overwrite ${ADMIN_GENERATION_ANNOTATION}=${generation}
result "${m.name}: registered"
`,
  );
}

const ownsNode = (m: KubeadmMachinePlan, generation: string) =>
  `[ "$(kubectl get node ${m.name} -o jsonpath='{.metadata.annotations.${annotation}}' 2>/dev/null || true)" = "${generation}" ]`;

/** The `delete` of a worker's drain step: drain it before its reset. */
export function drainScript(cluster: string, m: KubeadmMachinePlan, generation: string): string {
  return script(
    { step: "drain", cluster, node: m.name, role: m.role },
    `
${ADMIN}
if ! ${ownsNode(m, generation)}; then result "${m.name}: not drained; Node absent or admitted by another generation"; exit 0; fi
kubectl drain ${m.name} ${DRAIN_FLAGS}
result "${m.name}: drained"
`,
  );
}

/** The `delete` of a worker's admit step: delete its Node object after the reset. */
export function deleteNodeScript(cluster: string, m: KubeadmMachinePlan, generation: string): string {
  return script(
    { step: "delete-node", cluster, node: m.name, role: m.role },
    `
${ADMIN}
if ! ${ownsNode(m, generation)}; then result "${m.name}: Node not deleted; absent or admitted by another generation"; exit 0; fi
kubectl delete node ${m.name} --ignore-not-found
result "${m.name}: Node deleted"
`,
  );
}

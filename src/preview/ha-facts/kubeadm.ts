// A kubeadm cluster's HA facts, read back from the commands it registered: the control-plane
// machines (their init/join steps), the zones every machine is in, and how the endpoint is served.
import { TOKENS } from "../../../components/tokens.ts";
import { registerHaFacts } from "../ha-facts.ts";
import { stepHeader } from "../mocks/kubeadm.ts";

registerHaFacts(TOKENS.kubeadm, (_component, subtree) => {
  const machines = subtree
    .filter((r) => r.type === "command:remote:Command")
    .map((r) => stepHeader(r.inputs["create"]))
    .filter((h): h is Record<string, string> => h?.["step"] === "init" || h?.["step"] === "join");
  const controlPlane = machines.filter((h) => h["role"] === "control-plane");
  const zones = [...new Set(machines.map((h) => h["zone"]).filter((z): z is string => !!z))].sort();
  const cpZones = [...new Set(controlPlane.map((h) => h["zone"]).filter((z): z is string => !!z))].sort();
  const endpoint = controlPlane[0]?.["endpoint"] ?? "?";
  const via = controlPlane[0]?.["api"] === "vip" ? `VIP ${endpoint.replace(/:\d+$/, "")}` : `load balancer ${endpoint}`;
  return {
    zones,
    controlPlane: `kubeadm, ${controlPlane.length} stacked-etcd control-plane machine${controlPlane.length === 1 ? "" : "s"} behind ${via}, zones ${cpZones.join(" ") || "-"}`,
  };
});

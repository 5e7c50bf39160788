// The namespaces ClusterFleet creates for its add-ons (Helm never creates them): labelled with the
// `team` the baseline requires and with what each add-on needs of its namespace.
import { Namespace } from "kubernetes-models/v1/Namespace";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { istioNetwork } from "./values/istio.ts";
import { platformNamespaceLabels } from "./values/context.ts";

/** What an add-on needs of its namespace, by namespace. */
function namespaceNeeds(namespace: string, c: ClusterPlan): Record<string, string> {
  switch (namespace) {
    case "istio-system":
      // Multi-network: the network istiod and the east-west gateway belong to.
      return { "topology.istio.io/network": istioNetwork(c.name) };
    case "linkerd":
      // As `linkerd install` labels it: the control plane is never injected; proxy-init needs NET_ADMIN.
      return {
        "linkerd.io/is-control-plane": "true",
        "linkerd.io/control-plane-ns": "linkerd",
        "config.linkerd.io/admission-webhooks": "disabled",
        "pod-security.kubernetes.io/enforce": "privileged",
      };
    case "linkerd-multicluster":
      return { "linkerd.io/extension": "multicluster", "pod-security.kubernetes.io/enforce": "privileged" };
    case "monitoring":
      // node-exporter reads the host: host network and PID namespaces, host paths.
      return { "pod-security.kubernetes.io/enforce": "privileged" };
    default:
      return {};
  }
}

/** One Namespace per namespace the cluster's add-ons are installed into, in plan order. */
export function addonNamespaces(c: ClusterPlan): Namespace[] {
  const names = [...new Set(c.addons.map((a) => a.namespace))];
  return names.map(
    (name) => new Namespace({ metadata: { name, labels: { ...platformNamespaceLabels(c), ...namespaceNeeds(name, c) } } }),
  );
}

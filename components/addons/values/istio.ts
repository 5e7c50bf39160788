// Values for Istio's charts: multi-primary on multiple networks, one network per cluster.
// istiod keeps its defaults under `_internal_defaults_do_not_set`; values are set at the top level.
import { replicas, type ValuesContext } from "./context.ts";
import { internalLoadBalancer, sourceRanges } from "./load-balancer.ts";

/** The cluster's Istio network: each cluster is its own network, reached through its east-west gateway. */
export const istioNetwork = (cluster: string): string => cluster;
/** Label the east-west gateway's pods carry; the cross-network Gateway selects them by it. */
export const EASTWEST_SELECTOR = { istio: "eastwestgateway" } as const;
export const EASTWEST_NAME = "istio-eastwestgateway";

export function istioBaseValues(_: ValuesContext): Record<string, unknown> {
  // The reader ServiceAccount (enableReaderRBAC, on by default) is what remote secrets authenticate as.
  return { global: { istioNamespace: "istio-system", enableReaderRBAC: true }, defaultRevision: "default" };
}

export function istiodValues({ fleet, cluster: c }: ValuesContext): Record<string, unknown> {
  return {
    global: {
      meshID: fleet,
      multiCluster: { clusterName: c.name },
      network: istioNetwork(c.name),
      istioNamespace: "istio-system",
      logAsJson: true,
    },
    autoscaleMin: replicas(c, 2),
    replicaCount: replicas(c, 2),
    meshConfig: {
      // The jurisdiction's trust domain, and the trust domains of the jurisdictions this cluster is
      // meshed with as aliases: Istio then accepts (and expects, in the SANs it checks) their
      // workloads' identities as its own (MeshConfig.trustDomainAliases, istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/;
      // the certificates still have to chain to a root in cacerts' root-cert.pem).
      ...(c.meshTrust ? { trustDomain: c.meshTrust.trustDomain, trustDomainAliases: [...c.meshTrust.peerTrustDomains] } : {}),
      // Workloads resolve services that exist only in another cluster of the mesh.
      defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: "true", ISTIO_META_DNS_AUTO_ALLOCATE: "true" } },
      accessLogFile: "/dev/stdout",
      accessLogEncoding: "JSON",
    },
  };
}

export function eastWestGatewayValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  const ha = c.controlPlane.ha;
  return {
    name: EASTWEST_NAME,
    // The selector label only: with networkGateway set the chart adds topology.istio.io/network to the
    // pods itself, and the same key in `labels` would be rendered twice into one mapping.
    labels: { ...EASTWEST_SELECTOR },
    // Ports 15443 (mTLS passthrough), 15012 and 15017, on a LoadBalancer the other networks reach.
    networkGateway: istioNetwork(c.name),
    service: { type: "LoadBalancer", annotations: internalLoadBalancer(c.provider), ...sourceRanges(c) },
    // A drained cluster leaves the fleet's traffic: its gateway runs no pod (the Service stays, so
    // undraining needs no new load balancer address).
    ...(c.traffic === "drained"
      ? { autoscaling: { enabled: false }, replicaCount: 0 }
      : { autoscaling: { enabled: true, minReplicas: replicas(c, 2), maxReplicas: 5 }, ...(ha ? { podDisruptionBudget: { minAvailable: 1 } } : {}) }),
  };
}

// Values for Linkerd's charts. The identity issuer is a Secret ClusterFleet creates (scheme
// kubernetes.io/tls), signed by its jurisdiction's trust anchor: its key never goes through Helm values.
import { meshes } from "../../../src/catalog/meshes.ts";
import type { MeshPortPurpose } from "../../../src/catalog/types.ts";
import type { ClusterPlan } from "../../../src/plan/types.ts";
import { replicas, type ValuesContext } from "./context.ts";
import { internalLoadBalancer, sourceRanges } from "./load-balancer.ts";

export const LINKERD_NAMESPACE = "linkerd";
export const LINKERD_MULTICLUSTER_NAMESPACE = "linkerd-multicluster";
export const LINKERD_ISSUER_SECRET = "linkerd-identity-issuer";
/** The trust domain of plans of older releases (and Linkerd's default, the cluster domain). */
export const LINKERD_TRUST_DOMAIN = "cluster.local";
/** The cluster's trust domain, as its jurisdiction's (src/plan/mesh-trust.ts). */
export const linkerdTrustDomain = (c: ClusterPlan): string => c.meshTrust?.trustDomain ?? LINKERD_TRUST_DOMAIN;
const linkerdPort = (purpose: MeshPortPurpose): number => meshes.linkerd.eastWestPorts.find((p) => p.purpose === purpose)!.port;
/** The gateway on the ports the fabric's firewalls open for it (src/catalog/meshes.ts). */
export const LINKERD_GATEWAY = { name: "linkerd-gateway", port: linkerdPort("linkerd-proxy"), probePort: linkerdPort("linkerd-admin"), probePath: "/ready", probePeriodSeconds: 3 } as const;
/** The ServiceAccount a linked cluster's service mirror authenticates as (created by linkerd-multicluster). */
export const LINKERD_REMOTE_ACCESS_SA = "linkerd-service-mirror-remote-access-default";

export function linkerdCrdsValues(_: ValuesContext): Record<string, unknown> {
  // Linkerd's policy controller needs the Gateway API route CRDs; nothing else in the fleet installs them.
  return { installGatewayAPI: true };
}

/**
 * `trustAnchorPem` is the cluster's trust bundle (public): its jurisdiction's anchor, then those of the
 * jurisdictions it is meshed with; it may be a Pulumi output.
 */
export function linkerdControlPlaneValues<T>({ cluster: c }: ValuesContext, trustAnchorPem: T): Record<string, unknown> {
  const ha = c.controlPlane.ha;
  return {
    identityTrustAnchorsPEM: trustAnchorPem,
    identityTrustDomain: linkerdTrustDomain(c),
    identity: { issuer: { scheme: "kubernetes.io/tls" } },
    controllerReplicas: replicas(c, 3),
    enablePodAntiAffinity: ha,
    enablePodDisruptionBudget: ha,
    // As Linkerd's own HA values: with three injector replicas, fail closed rather than admit unmeshed pods.
    webhookFailurePolicy: ha ? "Fail" : "Ignore",
    controllerLogFormat: "json",
    // The baseline requires requests and a memory limit on every container, the injected proxy included.
    proxy: { resources: { cpu: { request: "100m" }, memory: { request: "64Mi", limit: "256Mi" } } },
  };
}

/** One service-mirror controller per linked cluster: the Link in this cluster is named after the peer. */
export function linkerdMulticlusterValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  return {
    // A drained cluster's gateway runs no pod: peers cannot send it traffic.
    gateway: { enabled: true, replicas: c.traffic === "drained" ? 0 : replicas(c, 2), port: LINKERD_GATEWAY.port, serviceType: "LoadBalancer", serviceAnnotations: internalLoadBalancer(c.provider), ...sourceRanges(c) },
    remoteMirrorServiceAccount: true,
    remoteMirrorServiceAccountName: LINKERD_REMOTE_ACCESS_SA,
    linkerdNamespace: LINKERD_NAMESPACE,
    identityTrustDomain: linkerdTrustDomain(c),
    enablePodAntiAffinity: c.controlPlane.ha,
    controllers: c.meshPeers.map((peer) => ({ link: { ref: { name: peer } } })),
  };
}

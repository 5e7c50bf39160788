// The mesh gateways' LoadBalancers are internal: the plan joins only clusters it also peers
// (VPC peering, transit gateway, VNet peering or IPsec VPN), so peers reach them on private
// addresses, and the mesh's ports (15443, and istiod's 15012/15017) are never on the Internet.
// On-prem and adopted clusters: the site's own load balancer, no annotation.
import type { ClusterPlan } from "../../../src/plan/types.ts";
import type { Provider } from "../../../src/spec/primitives.ts";

const INTERNAL: Readonly<Record<Provider, Readonly<Record<string, string>>>> = {
  // EKS has no AWS Load Balancer Controller here: a LoadBalancer Service is served by the cloud
  // provider's own Service controller, which makes a Classic Load Balancer unless the type says nlb
  // (kubernetes/cloud-provider-aws, service.beta.kubernetes.io/aws-load-balancer-type: "nlb"), and an
  // internet-facing one unless aws-load-balancer-internal says otherwise. The scheme annotation is the
  // AWS Load Balancer Controller's, for a cluster that installs it.
  aws: {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
  },
  // GKE internal passthrough NLB; global access so peers in other regions reach it over the VPC.
  gcp: { "networking.gke.io/load-balancer-type": "Internal", "networking.gke.io/internal-load-balancer-allow-global-access": "true" },
  // AKS internal Standard Load Balancer, reachable over (global) VNet peering.
  azure: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
  kubeadm: {},
  existing: {},
};

export const internalLoadBalancer = (provider: Provider): Record<string, string> => ({ ...INTERNAL[provider] });

/**
 * The sources a mesh gateway's load balancer admits (Service spec.loadBalancerSourceRanges): the mesh
 * peers' node and pod CIDRs. Without them a LoadBalancer Service admits 0.0.0.0/0 ("If you create a
 * LoadBalancer type service, then requests from the source 0.0.0.0/0 are allowed by default",
 * repost.aws/knowledge-center/eks-cidr-ip-address-loadbalancer); with them the cloud writes the rules
 * itself (the NLB's node security group rules on AWS, firewall rules on GKE, NSG rules on AKS). A
 * cluster with no peer yet admits none (its gateway has nothing to serve). Site load balancers
 * (kubeadm, existing) may not implement the field: the fabric's firewall guards them.
 */
export function gatewaySourceRanges(c: Pick<ClusterPlan, "provider" | "meshPeerSources">): string[] | undefined {
  if (c.provider === "kubeadm" || c.provider === "existing") return undefined;
  // An empty list would mean "any source" to Kubernetes: a peerless gateway gets a range nothing routes from.
  return c.meshPeerSources.length ? [...c.meshPeerSources] : [NO_SOURCE];
}

/** TEST-NET-1 (RFC 5737): documentation-only addresses, never routed; "no peer" without meaning "anyone". */
export const NO_SOURCE = "192.0.2.0/32";

/** The `loadBalancerSourceRanges` value both gateway charts take (istio gateway `service.`, linkerd-multicluster `gateway.`), when the provider honours it. */
export const sourceRanges = (c: Pick<ClusterPlan, "provider" | "meshPeerSources">): { loadBalancerSourceRanges?: string[] } => {
  const ranges = gatewaySourceRanges(c);
  return ranges ? { loadBalancerSourceRanges: ranges } : {};
};

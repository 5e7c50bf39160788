// The mesh gateways' LoadBalancers are internal: the plan joins only clusters it also peers
// (VPC peering, transit gateway, VNet peering or IPsec VPN), so peers reach them on private
// addresses, and the mesh's ports (15443, and istiod's 15012/15017) are never on the Internet.
// On-prem and adopted clusters: the site's own load balancer, no annotation.
import type { Provider } from "../../../src/spec/primitives.ts";

const INTERNAL: Readonly<Record<Provider, Readonly<Record<string, string>>>> = {
  // AWS Load Balancer Controller (NLB) and the in-tree provider both honour these.
  aws: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal", "service.beta.kubernetes.io/aws-load-balancer-internal": "true" },
  // GKE internal passthrough NLB; global access so peers in other regions reach it over the VPC.
  gcp: { "networking.gke.io/load-balancer-type": "Internal", "networking.gke.io/internal-load-balancer-allow-global-access": "true" },
  // AKS internal Standard Load Balancer, reachable over (global) VNet peering.
  azure: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
  kubeadm: {},
  existing: {},
};

export const internalLoadBalancer = (provider: Provider): Record<string, string> => ({ ...INTERNAL[provider] });

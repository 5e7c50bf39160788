// The network fabric's plan: ASNs, transit gateways, VPNs and their tunnels, firewall rules.
import type { MeshPortPurpose } from "../catalog/types.ts";
import type { ApiRoutePlan, PeeringKind } from "./types.ts";

/** Where a value of the fabric came from: the planner's stable allocation, the previous deployment, or the spec. */
export type FabricOrigin = "allocated" | "observed" | "declared";

/** A BGP speaker's private ASN. */
export interface AsnPlan {
  readonly asn: number;
  readonly origin: FabricOrigin;
}

/**
 * An AWS Transit Gateway: one per site (region and the role clusters deploy with), shared by the AWS
 * clusters there that have a transit or VPN link. Each attached VPC gets a route table of its own
 * holding only the routes of its links, so the gateway never joins two clusters the plan does not.
 */
export interface TransitGatewayPlan {
  /** `<region>` or `<region>-<hash of the role>`: key of its resources. */
  readonly site: string;
  readonly region: string;
  readonly assumeRoleArn?: string;
  readonly asn: number;
  /** The Name tag. */
  readonly name: string;
  /** AWS clusters attached to it (sorted). */
  readonly clusters: readonly string[];
}

/** The end of a VPN: who terminates it. aws: the site's transit gateway; gcp: an HA VPN gateway and Cloud Router; azure: an active-active VPN gateway; onprem: the gateway the spec declares. */
export type VpnSide = "aws" | "gcp" | "azure" | "onprem";

export interface VpnEndPlan {
  readonly cluster: string;
  readonly side: VpnSide;
  /** The BGP speaker the tunnels end on: `tgw:<site>`, `gcp:<cluster>`, `azure:<cluster>` or `onprem:<cluster>`; inside addresses are unique per device. */
  readonly device: string;
  readonly asn: number;
  /** Public interfaces of the device the link uses (AWS: VPN connections, GCP: HA VPN interfaces, Azure: gateway instances, on-prem: 1). */
  readonly interfaces: number;
  /** On-prem ends: the gateway's public address, as declared (clouds' addresses are known only once created). */
  readonly publicIp?: string;
}

export interface VpnTunnelPlan {
  readonly index: number;
  /** A /30 from 169.254.0.0/16; from Azure's APIPA range (169.254.21.0-169.254.22.255) when Azure is an end. */
  readonly insideCidr: string;
  readonly origin: Exclude<FabricOrigin, "declared">;
  /** Each end's interface (see VpnEndPlan.interfaces) and inside (BGP) address. */
  readonly from: { readonly interface: number; readonly insideIp: string };
  readonly to: { readonly interface: number; readonly insideIp: string };
}

export interface VpnPlan {
  readonly from: VpnEndPlan;
  readonly to: VpnEndPlan;
  readonly tunnels: readonly VpnTunnelPlan[];
}

/** A link the fabric builds (every peering but `unmanaged` ones), both directions. */
export interface FabricLinkPlan {
  /** `<from>--<to>`: the stable key of the link's resources. */
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly kind: Exclude<PeeringKind, "unmanaged">;
  /** Prefixes routed towards each end: its node and pod CIDRs (an on-prem end: its gateway's `cidrs`). */
  readonly fromCidrs: readonly string[];
  readonly toCidrs: readonly string[];
  /** aws-transit-gateway: the transit gateway site of each end. */
  readonly transit?: { readonly from: string; readonly to: string };
  readonly vpn?: VpnPlan;
}

export type FirewallPurpose = MeshPortPurpose | "kubernetes-api";

/** What one cluster admits from one peer: TCP ports, from the peer's CIDRs only. */
export interface FirewallRulePlan {
  readonly cluster: string;
  readonly peer: string;
  readonly link: string;
  /** The peer's node and pod CIDRs (an on-prem peer: its gateway's cidrs). */
  readonly sources: readonly string[];
  /** `nodes`: the cluster's nodes and pods (mesh); `api`: its Kubernetes API endpoint. */
  readonly ports: readonly { readonly port: number; readonly purpose: FirewallPurpose; readonly target: "nodes" | "api" }[];
}

/** The network fabric: what makes every managed link real, decided here and rendered by components/network. */
export interface FabricPlan {
  readonly links: readonly FabricLinkPlan[];
  readonly transitGateways: readonly TransitGatewayPlan[];
  /** BGP ASN of every device that speaks BGP (see VpnEndPlan.device), on-prem gateways included (declared). */
  readonly asns: Readonly<Record<string, AsnPlan>>;
  /** Azure clusters with VPN links: their GatewaySubnet CIDR. */
  readonly gatewaySubnets: Readonly<Record<string, { readonly cidr: string; readonly origin: Exclude<FabricOrigin, "declared"> }>>;
  readonly firewall: readonly FirewallRulePlan[];
  /** Clusters whose private API the runner reaches over a fabric link (spec `network.apiRoute`), by cluster. */
  readonly apiRoutes?: Readonly<Record<string, ApiRoutePlan>>;
}

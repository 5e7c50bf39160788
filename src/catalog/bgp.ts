// Facts about BGP and IPsec that the fabric planner needs, each with its source: the private ASNs
// every cloud accepts (and the ones each reserves), and where tunnel inside addresses may come from.

/** 16-bit private ASNs (RFC 6996): accepted by AWS (transit/virtual private gateways), GCP Cloud Router, Azure VPN Gateway and any on-prem router. */
export const PRIVATE_ASN_RANGE = { first: 64512, last: 65534 } as const;

/**
 * ASNs of the private range the planner never allocates:
 * - 64512: AWS's default Amazon-side ASN (a gateway created without one has it; it may already be in your network);
 * - 65515, 65517, 65518, 65519, 65520: reserved by Azure (VPN Gateway FAQ, "Are there ASNs reserved by Azure?").
 */
export const RESERVED_FLEET_ASNS: readonly number[] = [64512, 65515, 65517, 65518, 65519, 65520];

/** ASNs an on-prem gateway may not use, by the cloud it connects to, with the reason. */
export const RESERVED_PEER_ASNS: Readonly<Record<"aws" | "gcp" | "azure", Readonly<Record<number, string>>>> = {
  // AWS Site-to-Site VPN customer gateways: "you can't use 7224 in us-east-1, 9059 in eu-west-1, 10124 in ap-northeast-1, 17943 in ap-southeast-1".
  aws: { 7224: "AWS's own (us-east-1)", 9059: "AWS's own (eu-west-1)", 10124: "AWS's own (ap-northeast-1)", 17943: "AWS's own (ap-southeast-1)" },
  // Cloud Router: 16550 is Google's for Partner Interconnect.
  gcp: { 16550: "Google's (Partner Interconnect)" },
  // Azure VPN Gateway FAQ: reserved by Azure (public and private) and by IANA.
  azure: {
    8074: "Azure's own",
    8075: "Azure's own",
    12076: "Azure's own",
    65515: "Azure's own",
    65517: "Azure's own",
    65518: "Azure's own",
    65519: "Azure's own",
    65520: "Azure's own",
    23456: "IANA's (AS_TRANS)",
  },
};

/**
 * Tunnel inside CIDRs are /30s of 169.254.0.0/16 (link-local), one per tunnel.
 * AWS Site-to-Site VPN reserves 169.254.0.0/30 … 169.254.5.0/30 and 169.254.169.252/30
 * (AWS::EC2::VPNConnection VpnTunnelOptionsSpecification.TunnelInsideCidr); the planner leaves out
 * 169.254.0.0/21 and 169.254.169.0/24 whole (also keeping clear of the metadata address 169.254.169.254).
 */
export const TUNNEL_POOL = "169.254.0.0/16";
export const TUNNEL_POOL_EXCLUDED: readonly string[] = ["169.254.0.0/21", "169.254.169.0/24"];

/**
 * Azure VPN Gateway's custom (APIPA) BGP addresses must be in 169.254.21.0 – 169.254.22.255
 * (Azure: "Configure BGP for VPN Gateway", APIPA range). A link with Azure at one end takes its /30s
 * from here; other links never do, so Azure links keep the whole range.
 */
export const AZURE_APIPA_POOLS: readonly string[] = ["169.254.21.0/24", "169.254.22.0/24"];

/** The /27 Azure recommends at least for a GatewaySubnet (VPN Gateway: "About gateway subnets"). */
export const AZURE_GATEWAY_SUBNET_PREFIX = 27;

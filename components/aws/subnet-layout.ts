// The subnet layout of an EKS cluster's VPC, computed from plain plan data and nothing else (no
// Pulumi here): network.ts only creates what this returns, and the component exposes it as the
// `subnetLayout` output so users see the CIDRs before anything exists.
//
// With n zones and m = the next power of two ≥ n:
// - private subnets (nodes, the control plane's ENIs, internal load balancers): the VPC split into
//   2m blocks, zone i takes block i (so at most half the VPC);
// - public subnets (NAT gateways, internet-facing load balancers only): the VPC's last block split
//   into m, zone i takes part i;
// - pod subnets (VPC CNI custom networking): the plan's pod CIDR split into m, zone i takes part i.
// Blocks n..2m-2 stay free for later use. The layout depends only on the CIDRs and the zone list,
// so the same plan always gives the same subnets, and 3 → 4 zones keeps every existing one.
import { IPv4CidrRange } from "ip-num";
import { canonicalCidr, subBlock } from "../../src/plan/ipam.ts";
import type { Environment } from "../../src/spec/primitives.ts";

export interface ZoneSubnets {
  readonly zone: string;
  readonly private: string;
  readonly public: string;
  readonly pods: string;
}

export interface SubnetLayout {
  readonly vpcCidr: string;
  readonly podCidr: string;
  readonly zones: readonly ZoneSubnets[];
  /** Zones with a NAT gateway: every zone for prod (a zone outage keeps the others' egress), else the first. */
  readonly natZones: readonly string[];
}

export interface SubnetLayoutInput {
  readonly cidr: string;
  readonly podCidr: string;
  readonly zones: readonly string[];
  readonly environment: Environment;
}

/** AWS subnets are /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html). */
export const AWS_SUBNET_MAX_PREFIX = 28;

/** VPC CIDR blocks, primary or secondary (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). */
export const AWS_VPC_CIDR_PREFIX = { min: 16, max: 28 } as const;

export class SubnetLayoutError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = "SubnetLayoutError";
    this.path = path;
  }
}

export function subnetLayout(input: SubnetLayoutInput): SubnetLayout {
  const { zones } = input;
  if (zones.length === 0) throw new SubnetLayoutError("zones", "an EKS cluster needs at least one zone; the plan gave none");
  if (new Set(zones).size !== zones.length) throw new SubnetLayoutError("zones", `zones must be distinct; got ${zones.join(", ")}`);
  const m = nextPowerOfTwo(zones.length);
  const vpc = parseCidr(input.cidr, "network.cidr");
  const pods = parseCidr(input.podCidr, "network.podCidr");

  if (pods.prefix < AWS_VPC_CIDR_PREFIX.min || pods.prefix > AWS_VPC_CIDR_PREFIX.max) {
    throw new SubnetLayoutError("network.podCidr", `${input.podCidr} becomes a secondary VPC CIDR, and AWS VPC CIDR blocks are /${AWS_VPC_CIDR_PREFIX.min} to /${AWS_VPC_CIDR_PREFIX.max}; give the pod pool a prefix in that range`);
  }
  const privateBits = Math.log2(2 * m);
  const publicBits = privateBits + Math.log2(m);
  const podBits = Math.log2(m);
  fits("network.cidr", input.cidr, vpc.prefix + publicBits, zones.length, "public");
  fits("network.podCidr", input.podCidr, pods.prefix + podBits, zones.length, "pod");

  const lastPrivateBlock = subBlock(input.cidr, vpc.prefix + privateBits, 2 * m - 1);
  return {
    vpcCidr: input.cidr,
    podCidr: input.podCidr,
    zones: zones.map((zone, i) => ({
      zone,
      private: subBlock(input.cidr, vpc.prefix + privateBits, i),
      public: subBlock(lastPrivateBlock, vpc.prefix + publicBits, i),
      pods: subBlock(input.podCidr, pods.prefix + podBits, i),
    })),
    natZones: input.environment === "prod" ? [...zones] : [zones[0]!],
  };
}

interface Cidr {
  readonly prefix: number;
}

/** Checks the CIDR (ip-num parses it) and returns its prefix length. */
function parseCidr(cidr: string, path: string): Cidr {
  let prefix: number;
  try {
    prefix = Number(IPv4CidrRange.fromCidr(cidr).getPrefix().getValue());
  } catch {
    throw new SubnetLayoutError(path, `${JSON.stringify(cidr)} is not an IPv4 CIDR such as "10.0.0.0/20"`);
  }
  if (canonicalCidr(cidr) !== cidr) throw new SubnetLayoutError(path, `${cidr} has host bits set`);
  return { prefix };
}

function fits(path: string, cidr: string, prefix: number, zones: number, kind: string): void {
  if (prefix > AWS_SUBNET_MAX_PREFIX) {
    throw new SubnetLayoutError(
      path,
      `${cidr} is too small for ${kind} subnets in ${zones} zone${zones === 1 ? "" : "s"}: they would be /${prefix}, and AWS subnets are at most /${AWS_SUBNET_MAX_PREFIX}; use a network of /${AWS_SUBNET_MAX_PREFIX - (prefix - Number(cidr.split("/")[1]))} or larger`,
    );
  }
}

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

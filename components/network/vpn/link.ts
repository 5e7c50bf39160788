// One ipsec-vpn link, both ends: keys first, then the AWS end when there is one (its customer gateways
// need the peer's addresses, and its tunnels' outside addresses exist only once created), then the
// other end, given the addresses of the first. Every tunnel of the plan is built at both ends.
import * as pulumi from "@pulumi/pulumi";
import type { FabricLinkPlan, FabricPlan } from "../../../src/plan/types.ts";
import { attachmentOf, type TransitNetwork } from "../aws-transit.ts";
import { required } from "../../provider-output.ts";
import { expectSide, type LinkEnd } from "../ends.ts";
import { awsVpnSide } from "./aws.ts";
import { azureVpnSide, type AzureVpnGateway } from "./azure.ts";
import { gcpVpnSide, type GcpVpnGateway } from "./gcp.ts";
import { onPremConfig, type OnPremTunnelConfig } from "./onprem.ts";
import { tunnelKeys } from "./psk.ts";
import { sideOf, type LinkSide, type SideTunnel } from "./tunnels.ts";

export interface VpnContext {
  readonly name: string;
  readonly fleet: string;
  readonly fabric: FabricPlan;
  readonly ends: ReadonlyMap<string, LinkEnd>;
  readonly transit: TransitNetwork;
  readonly gcp: ReadonlyMap<string, GcpVpnGateway>;
  readonly azure: ReadonlyMap<string, AzureVpnGateway>;
  readonly parent: pulumi.Resource;
}

export interface VpnLinkResult {
  /** What the on-prem end (if any) must configure: its cluster and the tunnels. */
  readonly onPrem?: { readonly cluster: string; readonly tunnels: pulumi.Output<OnPremTunnelConfig[]> };
}

type Addresses = (t: SideTunnel) => pulumi.Input<string>;

export function vpnLink(ctx: VpnContext, link: FabricLinkPlan): VpnLinkResult {
  const vpn = link.vpn;
  if (!vpn || vpn.tunnels.length === 0) throw new Error(`link ${link.key}: the plan gives this VPN no tunnels (fabric.links[].vpn)`);
  // Azure's connection to a single-address site has one key for both instances' tunnels.
  const sharedKey = [vpn.from.side, vpn.to.side].includes("azure") && [vpn.from.side, vpn.to.side].includes("onprem");
  const made = tunnelKeys(ctx.name, link.key, sharedKey ? 1 : vpn.tunnels.length, ctx.parent);
  const keys = vpn.tunnels.map((t) => made[sharedKey ? 0 : t.index]!);
  const [a, b] = [sideOf(link.key, vpn, link.from, keys), sideOf(link.key, vpn, link.to, keys)];
  const cidrsOf = (s: LinkSide) => (s.self.cluster === link.from ? link.fromCidrs : link.toCidrs);

  const addresses = new Map<string, Addresses>();
  const known = (s: LinkSide) => {
    const f = addresses.get(s.self.cluster);
    if (!f) throw new Error(`link ${link.key}: ${s.self.cluster}'s addresses are needed before its end exists`);
    return f;
  };
  for (const s of [a, b]) {
    const end = ctx.ends.get(s.self.cluster);
    if (s.self.side === "gcp") {
      const gw = ctx.gcp.get(s.self.cluster)!;
      addresses.set(s.self.cluster, (t) =>
        gw.gateway.vpnInterfaces.apply((v) => required(required(v, `the HA VPN gateway of ${s.self.cluster}: vpnInterfaces`)[t.selfInterface]?.ipAddress, `the HA VPN gateway of ${s.self.cluster}: vpnInterfaces[${t.selfInterface}].ipAddress`)),
      );
    } else if (s.self.side === "azure") {
      const gw = ctx.azure.get(s.self.cluster)!;
      addresses.set(s.self.cluster, (t) => gw.publicIps[t.selfInterface]!.ipAddress.apply((ip) => required(ip, `public IP ${t.selfInterface} of the VPN gateway of ${s.self.cluster}: ipAddress`)));
    } else if (s.self.side === "onprem") {
      expectSide(end, "onprem", s.self.cluster, link.key);
      addresses.set(s.self.cluster, () => s.self.publicIp ?? "");
    }
  }
  // The peer as this end sees it: its distinct public addresses, and which one each tunnel reaches.
  const peerOf = (s: LinkSide, other: LinkSide) => {
    const keyOf = (t: SideTunnel) => (other.self.side === "aws" ? t.index : other.self.side === "onprem" ? 0 : t.selfInterface);
    const otherTunnel = (t: SideTunnel) => other.tunnels[t.index]!;
    const order = [...new Set(other.tunnels.map(keyOf))];
    return {
      addresses: order.map((k) => known(other)(other.tunnels.find((t) => keyOf(t) === k)!)),
      addressOf: (tunnel: number) => order.indexOf(keyOf(otherTunnel(s.tunnels[tunnel]!))),
    };
  };

  const [first, second] = a.self.side === "aws" ? [a, b] : b.self.side === "aws" ? [b, a] : [a, b];
  if (first.self.side === "aws") {
    expectSide(ctx.ends.get(first.self.cluster), "aws", first.self.cluster, link.key);
    const peerAddress = known(second);
    const aws = awsVpnSide(
      ctx.name,
      first,
      attachmentOf(ctx.transit, first.self.cluster, link.key),
      (c) => peerAddress(second.tunnels[first.tunnels.find((t) => t.selfInterface === c)!.index]!),
      cidrsOf(second),
      ctx.parent,
    );
    addresses.set(first.self.cluster, (t) => aws.tunnelAddresses.get(t.index)!);
  }
  let result: VpnLinkResult = {};
  for (const [s, other] of first.self.side === "aws" ? [[second, first] as const] : [[first, second] as const, [second, first] as const]) {
    if (s.self.side === "gcp") {
      const end = expectSide(ctx.ends.get(s.self.cluster), "gcp", s.self.cluster, link.key);
      gcpVpnSide(ctx.name, ctx.fleet, s, end, ctx.gcp.get(s.self.cluster)!, peerOf(s, other), cidrsOf(other), ctx.parent);
    } else if (s.self.side === "azure") {
      const end = expectSide(ctx.ends.get(s.self.cluster), "azure", s.self.cluster, link.key);
      azureVpnSide(ctx.name, s, end, ctx.azure.get(s.self.cluster)!, peerOf(s, other), ctx.parent);
    } else if (s.self.side === "onprem") {
      const cloud = known(other);
      result = { onPrem: { cluster: s.self.cluster, tunnels: onPremConfig(s, (t) => cloud(other.tunnels[t]!), cidrsOf(other)) } };
    }
  }
  return result;
}

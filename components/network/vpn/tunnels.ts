// A VPN link's tunnels seen from one end: which interface of this end's gateway and of the peer's each
// tunnel uses, with both inside addresses and its key. Pure reading of the plan, shared by the providers.
import type * as pulumi from "@pulumi/pulumi";
import type { VpnEndPlan, VpnPlan, VpnTunnelPlan } from "../../../src/plan/types.ts";

export interface SideTunnel {
  readonly plan: VpnTunnelPlan;
  readonly index: number;
  readonly insideCidr: string;
  readonly selfInterface: number;
  readonly peerInterface: number;
  readonly selfIp: string;
  readonly peerIp: string;
  readonly psk: pulumi.Output<string>;
}

export interface LinkSide {
  readonly link: string;
  readonly self: VpnEndPlan;
  readonly peer: VpnEndPlan;
  readonly tunnels: readonly SideTunnel[];
}

export function sideOf(link: string, vpn: VpnPlan, cluster: string, keys: readonly pulumi.Output<string>[]): LinkSide {
  const mine = vpn.from.cluster === cluster;
  return {
    link,
    self: mine ? vpn.from : vpn.to,
    peer: mine ? vpn.to : vpn.from,
    tunnels: vpn.tunnels.map((t) => {
      const [s, p] = mine ? [t.from, t.to] : [t.to, t.from];
      return { plan: t, index: t.index, insideCidr: t.insideCidr, selfInterface: s.interface, peerInterface: p.interface, selfIp: s.insideIp, peerIp: p.insideIp, psk: keys[t.index]! };
    }),
  };
}

/** Tunnels grouped by this end's interface, in tunnel order: AWS connection c's tunnel1 and tunnel2. */
export function byInterface(tunnels: readonly SideTunnel[]): SideTunnel[][] {
  const groups: SideTunnel[][] = [];
  for (const t of tunnels) (groups[t.selfInterface] ??= []).push(t);
  return groups;
}

// The on-prem end of a VPN link: nothing is created there (the gateway is yours); this is what to
// configure on it, per tunnel: the cloud's outside address, both inside addresses, the ASNs and the
// key. The whole description is a secret output (it holds the keys).
import * as pulumi from "@pulumi/pulumi";
import type { LinkSide } from "./tunnels.ts";

export interface OnPremTunnelConfig {
  readonly link: string;
  readonly peer: string;
  readonly peerSide: string;
  readonly tunnel: number;
  /** The cloud gateway's public address this tunnel goes to. */
  readonly cloudAddress: string;
  readonly insideCidr: string;
  /** Your gateway's BGP address on this tunnel and the cloud's. */
  readonly localBgpAddress: string;
  readonly cloudBgpAddress: string;
  readonly localAsn: number;
  readonly cloudAsn: number;
  readonly preSharedKey: string;
  readonly ike: "IKEv2";
  /** Prefixes the cloud advertises over this tunnel (also what the site's firewall must route there). */
  readonly cloudPrefixes: readonly string[];
}

/**
 * Azure's two instances peer with one BGP address of the site (its local network gateway has one):
 * every tunnel to Azure uses tunnel 0's local address, as a loopback reachable through both tunnels.
 */
export function onPremConfig(side: LinkSide, cloudAddress: (tunnel: number) => pulumi.Input<string>, cloudPrefixes: readonly string[]): pulumi.Output<OnPremTunnelConfig[]> {
  const shared = side.peer.side === "azure" ? side.tunnels[0]?.selfIp : undefined;
  return pulumi.secret(
    pulumi.all(
      side.tunnels.map((t) =>
        pulumi.all([pulumi.output(cloudAddress(t.index)), t.psk]).apply(([address, psk]) => ({
          link: side.link,
          peer: side.peer.cluster,
          peerSide: side.peer.side,
          tunnel: t.index,
          cloudAddress: address,
          insideCidr: t.insideCidr,
          localBgpAddress: shared ?? t.selfIp,
          cloudBgpAddress: t.peerIp,
          localAsn: side.self.asn,
          cloudAsn: side.peer.asn,
          preSharedKey: psk,
          ike: "IKEv2" as const,
          cloudPrefixes: [...cloudPrefixes],
        })),
      ),
    ),
  );
}

// azure-vnet-peering: global VNet peering both ways (each side created in its own subscription with
// its own provider). Access only: no forwarded traffic and no gateway transit, so a peering joins the
// two VNets and nothing behind them (peering is not transitive, and the fabric keeps it that way).
import * as network from "@pulumi/azure-native/network/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { FabricLinkPlan } from "../../src/plan/types.ts";
import { onSide, type AzureEnd } from "./ends.ts";

export function azureVnetPeering(name: string, link: FabricLinkPlan, from: AzureEnd, to: AzureEnd, parent: pulumi.Resource): network.VirtualNetworkPeering[] {
  return [
    [from, to],
    [to, from],
  ].map(
    ([self, peer]) =>
      new network.VirtualNetworkPeering(
        `${name}-vnet-peering-${self!.plan.name}-to-${peer!.plan.name}`,
        {
          resourceGroupName: self!.handles.resourceGroupName,
          virtualNetworkName: self!.handles.vnetName,
          virtualNetworkPeeringName: `to-${peer!.plan.name}`,
          remoteVirtualNetwork: { id: peer!.handles.vnetId },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: false,
          allowGatewayTransit: false,
          useRemoteGateways: false,
          // A VNet that gains an address space (a GatewaySubnet) updates its peerings in place.
          syncRemoteAddressSpace: "true",
        },
        onSide(parent, self!.handles.provider),
      ),
  );
}

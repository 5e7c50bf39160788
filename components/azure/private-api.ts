// How a runner outside the cluster's VNet reaches a private AKS API. The API server's private
// endpoint sits in the node subnet and its name resolves only in the private DNS zone AKS creates
// (privateDNSZone "system", in the node resource group); a VNet that is not linked to that zone cannot
// resolve it even with a route to the endpoint. So each VNet the spec names
// (`azure.privateDnsVnetLinks`) gets a link to the zone ("create a virtual network link to the private
// DNS zone": https://learn.microsoft.com/azure/aks/private-clusters, options for connecting to the
// private cluster). The route itself (peering, VPN) is the VNet owner's, or the fabric's (network.apiRoute).
import type * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import * as privatedns from "@pulumi/azure-native/privatedns/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { stableGuid } from "./identity.ts";
import type { AzureSettings } from "./settings.ts";

/** The private DNS zone of a private cluster: its private FQDN without the first label. */
export const privateZoneOf = (privateFqdn: string): string => privateFqdn.split(".").slice(1).join(".");

export function privateDnsLinks(name: string, aks: containerservice.ManagedCluster, settings: AzureSettings, opts: pulumi.CustomResourceOptions): privatedns.VirtualNetworkLink[] {
  return settings.privateDnsVnetLinks.map(
    (vnetId) =>
      new privatedns.VirtualNetworkLink(
        // Keyed by the VNet: adding or removing one never touches the other links.
        `${name}-api-dns-link-${stableGuid(vnetId).slice(0, 8)}`,
        {
          resourceGroupName: aks.nodeResourceGroup.apply((g) => g ?? ""),
          privateZoneName: aks.privateFQDN.apply((f) => privateZoneOf(f ?? "")),
          virtualNetworkLinkName: `clusterfleet-${stableGuid(vnetId).slice(0, 8)}`,
          location: "global",
          virtualNetwork: { id: vnetId },
          registrationEnabled: false,
        },
        opts,
      ),
  );
}

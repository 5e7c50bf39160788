// gcp-vpc-peering: a peering from each network to the other (GCP needs both before either is
// ACTIVE), each exporting and importing custom routes so routes learned over VPNs and the private
// control-plane's routes cross too. GCP refuses a second peering operation on a network while one is
// running, so the peerings of one network are created one after another (ordered by link key).
import * as compute from "@pulumi/gcp/compute/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../src/plan/names.ts";
import type { FabricLinkPlan } from "../../src/plan/types.ts";
import { onSide, type GcpEnd } from "./ends.ts";

/** The last peering operation on each network, which the next one on it waits for. */
export type PeeringQueue = Map<string, compute.NetworkPeering>;

export function gcpVpcPeering(name: string, fleet: string, link: FabricLinkPlan, from: GcpEnd, to: GcpEnd, queue: PeeringQueue, parent: pulumi.Resource): compute.NetworkPeering[] {
  return [
    [from, to],
    [to, from],
  ].map(([self, peer]) => {
    const previous = [queue.get(self!.plan.name), queue.get(peer!.plan.name)].filter((p): p is compute.NetworkPeering => !!p);
    const peering = new compute.NetworkPeering(
      `${name}-peering-${self!.plan.name}-to-${peer!.plan.name}`,
      {
        name: fitName("gcp.router", [fleet, self!.plan.name, "to", peer!.plan.name]),
        network: self!.network.selfLink,
        peerNetwork: peer!.network.selfLink,
        exportCustomRoutes: true,
        importCustomRoutes: true,
        stackType: "IPV4_ONLY",
      },
      onSide(parent, self!.provider, previous.length ? { dependsOn: previous } : {}),
    );
    queue.set(self!.plan.name, peering);
    queue.set(peer!.plan.name, peering);
    return peering;
  });
}

// Firewall rules for what crosses clusters, from the plan's rules: each cluster admits from each peer
// exactly the mesh's east-west ports (and the Kubernetes API where the fleet asks for it), from the
// peer's CIDRs only; never from 0.0.0.0/0.
// - AWS: one ingress rule per port and source CIDR, on the cluster security group EKS puts on nodes and
//   pods (mesh) or on the control plane's endpoint security group (API). Security groups deny the rest.
// - GCP: one VPC firewall rule per peer in the cluster's network (implied deny covers the rest). GKE's
//   API is not behind VPC firewall rules (see the README: master authorized networks).
// - Azure: the node subnet's NSG: allow the ports from the peer, then deny everything else from it
//   (Azure's default rules would let every peered or VPN-learned range in); other traffic goes on.
// - On-prem: your firewall; the fabric's output says what to open.
import * as network from "@pulumi/azure-native/network/index.js";
import * as compute from "@pulumi/gcp/compute/index.js";
import * as vpc from "@pulumi/aws/vpc/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { fitName } from "../../src/plan/names.ts";
import type { FabricPlan, FirewallRulePlan } from "../../src/plan/types.ts";
import { ALLOW_REST_PRIORITY } from "../azure/network.ts";
import { onSide, type LinkEnd } from "./ends.ts";

const ALLOW_FROM = 1000;
const DENY_FROM = 3000;

export function firewalls(name: string, fleet: string, fabric: FabricPlan, ends: ReadonlyMap<string, LinkEnd>, parent: pulumi.Resource): void {
  for (const rule of fabric.firewall) {
    const end = ends.get(rule.cluster);
    if (end?.side === "aws") awsRules(name, rule, end, parent);
    if (end?.side === "gcp") gcpRule(name, fleet, rule, end, parent);
  }
  // Azure: per cluster, every peer it has a link with, in name order (the order gives the priorities).
  const azure = new Map<string, string[]>();
  for (const l of fabric.links) {
    for (const [self, peer] of [[l.from, l.to], [l.to, l.from]] as const) if (ends.get(self)?.side === "azure") azure.set(self, [...(azure.get(self) ?? []), peer]);
  }
  for (const [cluster, peers] of azure) {
    const end = ends.get(cluster);
    if (end?.side !== "azure") continue;
    [...new Set(peers)].sort().forEach((peer, i) => {
      const link = fabric.links.find((l) => (l.from === cluster && l.to === peer) || (l.to === cluster && l.from === peer))!;
      const sources = link.from === peer ? link.fromCidrs : link.toCidrs;
      const rule = fabric.firewall.find((r) => r.cluster === cluster && r.peer === peer);
      const h = end.handles;
      const common = { resourceGroupName: h.resourceGroupName, networkSecurityGroupName: h.nodeSecurityGroupName, direction: "Inbound", sourceAddressPrefixes: [...sources], sourcePortRange: "*", destinationAddressPrefix: "*" };
      if (rule) {
        new network.SecurityRule(
          `${name}-fw-${cluster}-allow-${peer}`,
          { ...common, securityRuleName: `allow-${peer}`, description: `ClusterFleet ${fleet}: ${rule.ports.map((p) => p.purpose).join(", ")} from ${peer}`, priority: ALLOW_FROM + i, access: "Allow", protocol: "Tcp", destinationPortRanges: rule.ports.map((p) => String(p.port)) },
          onSide(parent, h.provider),
        );
      }
      new network.SecurityRule(
        `${name}-fw-${cluster}-deny-${peer}`,
        { ...common, securityRuleName: `deny-${peer}`, description: `ClusterFleet ${fleet}: nothing else from ${peer}`, priority: DENY_FROM + i, access: "Deny", protocol: "*", destinationPortRange: "*" },
        onSide(parent, h.provider),
      );
    });
  }
  if (DENY_FROM >= ALLOW_REST_PRIORITY) throw new Error("peer rules must come before the NSG's allow-rest rule");
}

function awsRules(name: string, rule: FirewallRulePlan, end: Extract<LinkEnd, { side: "aws" }>, parent: pulumi.Resource): void {
  for (const p of rule.ports) {
    for (const cidr of rule.sources) {
      new vpc.SecurityGroupIngressRule(
        `${name}-fw-${rule.cluster}-from-${rule.peer}-${p.port}-${cidr.replace("/", "_")}`,
        {
          securityGroupId: p.target === "api" ? end.endpointSecurityGroupId : end.nodeSecurityGroupId,
          cidrIpv4: cidr,
          ipProtocol: "tcp",
          fromPort: p.port,
          toPort: p.port,
          description: `ClusterFleet: ${p.purpose} from ${rule.peer}`,
          tags: { Name: `${rule.peer}-${p.purpose}` },
        },
        onSide(parent, end.provider),
      );
    }
  }
}

function gcpRule(name: string, fleet: string, rule: FirewallRulePlan, end: Extract<LinkEnd, { side: "gcp" }>, parent: pulumi.Resource): void {
  const ports = rule.ports.filter((p) => p.target === "nodes").map((p) => String(p.port));
  if (!ports.length) return;
  new compute.Firewall(
    `${name}-fw-${rule.cluster}-from-${rule.peer}`,
    {
      name: fitName("gcp.router", [fleet, rule.cluster, "from", rule.peer]),
      project: end.project,
      network: end.network.selfLink,
      description: `ClusterFleet ${fleet}: ${rule.ports.filter((p) => p.target === "nodes").map((p) => p.purpose).join(", ")} from ${rule.peer}`,
      direction: "INGRESS",
      priority: 900,
      sourceRanges: [...rule.sources],
      allows: [{ protocol: "tcp", ports }],
    },
    onSide(parent, end.provider),
  );
}

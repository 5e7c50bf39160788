// An EKS cluster's HA facts, read back from what the component registered: the zones of the subnets
// the control plane was given, how its endpoint is exposed, and how many NAT gateways carry egress.
import { TOKENS } from "../../../components/tokens.ts";
import { registerHaFacts } from "../ha-facts.ts";
import type { RecordedResource } from "../recording-monitor.ts";

registerHaFacts(TOKENS.eks, (_component, subtree) => {
  const eks = subtree.find((r) => r.type === "aws:eks/cluster:Cluster");
  if (!eks) return { zones: [], controlPlane: "no EKS cluster registered" };
  const subnets = subtree.filter((r) => r.type === "aws:ec2/subnet:Subnet" && eks.dependsOnUrns.includes(r.urn));
  const zones = [...new Set(subnets.map((s) => String(s.inputs["availabilityZone"])))].sort();
  const privateCount = subnets.filter(isPrivate).length;
  const where = privateCount === subnets.length ? `${subnets.length} private subnets` : `${subnets.length} subnets (${privateCount} private)`;
  const vpc = (eks.inputs["vpcConfig"] ?? {}) as Record<string, unknown>;
  const endpoint = vpc["endpointPublicAccess"] === true ? `private + public endpoint for ${(vpc["publicAccessCidrs"] as unknown[] | undefined)?.length ?? 0} CIDR(s)` : "private endpoint";
  const nats = subtree.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length;
  return {
    zones,
    controlPlane: `EKS managed control plane over ${where} in ${zones.length} zones, ${endpoint}; ${nats} NAT gateway${nats === 1 ? "" : "s"}`,
  };
});

/** Private: no public IPs on launch and tagged for internal load balancers only. */
function isPrivate(subnet: RecordedResource): boolean {
  const tags = (subnet.inputs["tags"] ?? {}) as Record<string, unknown>;
  return subnet.inputs["mapPublicIpOnLaunch"] !== true && tags["kubernetes.io/role/internal-elb"] === "1" && tags["kubernetes.io/role/elb"] === undefined;
}

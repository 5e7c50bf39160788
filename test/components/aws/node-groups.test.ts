// Node pools and pod networking as rendered: each pool a managed node group in its zones' private
// subnets, with its machine type, disk, labels, taints, capacity type and version; pods in the plan's
// pod CIDR through VPC CNI custom networking; services in the plan's service CIDR.
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { awsFleet, eksOf, planOf, render, T } from "./fixtures.ts";

const plan = planOf(awsFleet());
const prodPlan = plan.clusters.find((c) => c.name === "prod-fra")!;
let run: MockRun;
beforeAll(async () => {
  run = await render(plan);
});

const subnetNamesOf = (c: ReturnType<typeof eksOf>, r: { dependsOnUrns: readonly string[] }) =>
  c.of(T.subnet).filter((s) => r.dependsOnUrns.includes(s.urn)).map((s) => s.name).sort();

describe("a node pool", () => {
  it("becomes a managed node group named by the plan, sized by min/max, at the pool's version", () => {
    const prod = eksOf(run, "prod-fra");
    const system = prod.one(T.nodeGroup, "acme-prod-fra-nodegroup-system");
    expect(system.inputs).toMatchObject({
      nodeGroupName: prodPlan.nodePools[0]!.providerName,
      clusterName: "acme-prod-fra",
      version: "1.35",
      capacityType: "ON_DEMAND",
      amiType: "AL2023_x86_64_STANDARD",
      scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
      labels: {},
      taints: [],
    });
    expect(subnetNamesOf(prod, system)).toEqual(["acme-prod-fra-subnet-private-eu-central-1a", "acme-prod-fra-subnet-private-eu-central-1b", "acme-prod-fra-subnet-private-eu-central-1c"]);
  });

  it("keeps to its own zones, runs spot on the ARM image for a Graviton type, with its labels and taints", () => {
    const prod = eksOf(run, "prod-fra");
    const batch = prod.one(T.nodeGroup, "acme-prod-fra-nodegroup-batch");
    expect(batch.inputs).toMatchObject({ capacityType: "SPOT", amiType: "AL2023_ARM_64_STANDARD", scalingConfig: { minSize: 0, maxSize: 20, desiredSize: 0 }, labels: { workload: "batch" } });
    expect(batch.inputs["taints"]).toHaveLength(2);
    expect(subnetNamesOf(prod, batch)).toEqual(["acme-prod-fra-subnet-private-eu-central-1a", "acme-prod-fra-subnet-private-eu-central-1b"]);
  });

  it("gets machine type and disk from its own launch template: encrypted gp3 root, IMDSv2 only, one hop", () => {
    const prod = eksOf(run, "prod-fra");
    const batch = prod.one(T.nodeGroup, "acme-prod-fra-nodegroup-batch");
    const lt = prod.one(T.launchTemplate, "acme-prod-fra-lt-batch");
    expect(batch.dependsOnUrns).toContain(lt.urn);
    expect(batch.inputs["launchTemplate"]).toEqual({ id: "acme-prod-fra-lt-batch-id", version: "1" });
    expect(batch.inputs).not.toHaveProperty("instanceTypes");
    expect(batch.inputs).not.toHaveProperty("diskSize");
    expect(lt.inputs).toMatchObject({
      instanceType: "m7g.xlarge",
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 200, volumeType: "gp3", encrypted: "true" } }],
    });
    expect(lt.inputs).not.toHaveProperty("imageId"); // EKS picks the AMI for the node group's version
  });

  it("is replaced by deleting it first when an immutable field changes (its name is fixed)", () => {
    for (const g of eksOf(run, "prod-fra").of(T.nodeGroup)) expect(g.deleteBeforeReplace, g.name).toBe(true);
  });
});

describe("pod and service networking", () => {
  it("adds the plan's pod CIDR to the VPC and carves one pod subnet per zone from it", () => {
    const prod = eksOf(run, "prod-fra");
    expect(prod.one(T.vpc).inputs["cidrBlock"]).toBe(prodPlan.network.cidr);
    const assoc = prod.one(T.cidrAssoc);
    expect(assoc.inputs["cidrBlock"]).toBe(prodPlan.network.podCidr);
    const pods = prod.of(T.subnet).filter((s) => s.name.includes("-subnet-pods-"));
    expect(pods.map((s) => s.inputs["availabilityZone"]).sort()).toEqual(prodPlan.zones);
    for (const s of pods) expect(s.dependsOnUrns, s.name).toContain(assoc.urn);
    const layout = run.componentOutputs.get(prod.component.urn)!["subnetLayout"] as { zones: { zone: string; pods: string }[] };
    for (const s of pods) expect(s.inputs["cidrBlock"]).toBe(layout.zones.find((z) => z.zone === s.inputs["availabilityZone"])!.pods);
  });

  it("configures vpc-cni for custom networking: an ENIConfig per zone on that zone's pod subnet, prefix delegation on", () => {
    const prod = eksOf(run, "prod-fra");
    const cni = prod.of(T.addon).find((a) => a.inputs["addonName"] === "vpc-cni")!;
    const config = JSON.parse(String(cni.inputs["configurationValues"])) as { env: Record<string, string>; eniConfig: { create: boolean; region: string; subnets: Record<string, { id: string; securityGroups: string[] }> } };
    expect(config.env).toMatchObject({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone", ENABLE_PREFIX_DELEGATION: "true" });
    expect(config.eniConfig.create).toBe(true);
    expect(config.eniConfig.region).toBe("eu-central-1");
    expect(Object.keys(config.eniConfig.subnets).sort()).toEqual(prodPlan.zones);
    for (const zone of prodPlan.zones) {
      expect(config.eniConfig.subnets[zone]!.id).toBe(`acme-prod-fra-subnet-pods-${zone}-id`);
      expect(config.eniConfig.subnets[zone]!.securityGroups).toEqual([expect.stringMatching(/^sg-/)]);
    }
    expect(cni.inputs["serviceAccountRoleArn"]).toBe("arn:aws:iam::123456789012:role/acme-prod-fra-vpc-cni");
  });

  it("gives Services the plan's service CIDR", () => {
    expect(eksOf(run, "prod-fra").one(T.cluster).inputs["kubernetesNetworkConfig"]).toEqual({ ipFamily: "ipv4", serviceIpv4Cidr: prodPlan.network.serviceCidr });
  });
});

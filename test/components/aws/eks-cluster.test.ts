// The EksCluster component under recording mocks: what it creates, where, with which provider and
// tags, and what it exposes. Ordering and upgrades are in ordering.test.ts.
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS } from "../../../components/tokens.ts";
import type { MockRun } from "../../../src/preview/mock-run.ts";
import { awsComputedState } from "../../../src/preview/mocks/aws.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { ancestorTypes, exposedKubeconfigs, looksLikeKubeconfig } from "../../fixtures/graph.ts";
import { ADMIN_ROLES, awsFleet, eksOf, planOf, render, T } from "./fixtures.ts";

const LABEL_KEYS = ["cluster", "environment", "fleet", "jurisdiction", "managed-by", "region"];
let run: MockRun;
const plan = planOf(awsFleet());
const planned = (name: string) => plan.clusters.find((c) => c.name === name)!;

beforeAll(async () => {
  run = await render(plan);
});

describe("an EKS cluster's resources", () => {
  it("all sit under the EksCluster component, which sits under the ClusterFleet", () => {
    for (const name of ["prod-fra", "dev-dub"]) {
      const { component, all } = eksOf(run, name);
      expect(component.parent).toBe("acme");
      expect(ancestorTypes(run, component)).toEqual([TOKENS.fleet, "pulumi:pulumi:Stack"]);
      expect(all.length).toBeGreaterThan(40);
      for (const r of all) expect(ancestorTypes(run, r).slice(-3), r.name).toEqual([TOKENS.eks, TOKENS.fleet, "pulumi:pulumi:Stack"]);
    }
    // Every AWS resource of the run belongs to one cluster, or to the network fabric (the links between them).
    const orphans = run.resources.filter((r) => r.type.startsWith("aws:") && !ancestorTypes(run, r).includes(TOKENS.eks) && !ancestorTypes(run, r).includes(TOKENS.fabric));
    expect(orphans.map((r) => r.name)).toEqual([]);
  });

  it("are the types a private, encrypted EKS cluster needs, with one node group and launch template per pool", () => {
    const prod = eksOf(run, "prod-fra");
    const count = (type: string) => prod.of(type).length;
    expect(count(T.provider)).toBe(1);
    expect(count(T.vpc)).toBe(1);
    expect(count(T.cidrAssoc)).toBe(1);
    expect(count(T.subnet)).toBe(9); // public, private and pod subnet in each of 3 zones
    expect(count(T.cluster)).toBe(1);
    expect(count(T.key)).toBe(1);
    expect(count(T.alias)).toBe(1);
    expect(count(T.oidc)).toBe(1);
    expect(count(T.nodeGroup)).toBe(2);
    expect(count(T.launchTemplate)).toBe(2);
    expect(prod.of(T.addon).map((a) => a.inputs["addonName"]).sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
    expect(prod.of(T.role).map((r) => r.inputs["name"]).sort()).toEqual(["acme-prod-fra-aws-ebs-csi-driver", "acme-prod-fra-cluster", "acme-prod-fra-loki", "acme-prod-fra-node", "acme-prod-fra-vpc-cni"]);
    expect(count("aws:s3/bucket:Bucket")).toBe(1); // Loki's logs, in the cluster's region
    expect(count(T.k8sProvider)).toBe(1);
    // No Kubernetes object of the cluster's own (access is by EKS access entries), and no aws-auth
    // ConfigMap anywhere: the add-ons' objects live in their own namespaces.
    expect(prod.all.filter((r) => r.type.startsWith("kubernetes:"))).toEqual([]);
    expect(run.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap" && String((r.inputs["metadata"] as { name?: string })?.name) === "aws-auth")).toEqual([]);
  });

  it("use the cluster's own AWS provider: its region, the fleet's six tags as default tags", () => {
    for (const name of ["prod-fra", "dev-dub"]) {
      const c = eksOf(run, name);
      const provider = c.one(T.provider);
      expect(provider.inputs["region"]).toBe(planned(name).region);
      const defaultTags = JSON.parse(String(provider.inputs["defaultTags"])) as { tags: Record<string, string> };
      expect(defaultTags.tags).toEqual(planned(name).labels);
      expect(Object.keys(defaultTags.tags).sort()).toEqual(LABEL_KEYS);
      const aws = c.all.filter((r) => r.custom && r.type.startsWith("aws:"));
      for (const r of aws) expect(r.provider, r.name).toBe(`${provider.urn}::${provider.name}-id`);
    }
  });

  it("tag the instances, volumes and ENIs EKS launches for each pool, which default tags do not reach", () => {
    for (const lt of eksOf(run, "prod-fra").of(T.launchTemplate)) {
      const specs = lt.inputs["tagSpecifications"] as { resourceType: string; tags: Record<string, string> }[];
      expect(specs.map((s) => s.resourceType)).toEqual(["instance", "volume", "network-interface"]);
      for (const s of specs) expect(s.tags).toMatchObject(planned("prod-fra").labels);
    }
  });

  it("take their physical names from the plan", () => {
    const prod = eksOf(run, "prod-fra");
    const names = planned("prod-fra").names;
    expect(prod.one(T.cluster).inputs["name"]).toBe(names["cluster"]);
    expect(prod.one(T.alias).inputs["name"]).toBe(names["kmsAlias"]);
    expect((prod.one(T.vpc).inputs["tags"] as Record<string, string>)["Name"]).toBe(names["vpc"]);
    expect(prod.of(T.nodeGroup).map((g) => g.inputs["nodeGroupName"]).sort()).toEqual(planned("prod-fra").nodePools.map((p) => p.providerName).sort());
    expect(prod.one("aws:ec2/securityGroup:SecurityGroup").inputs["name"]).toBe(names["clusterSecurityGroup"]);
  });
});

describe("HA as rendered", () => {
  it("prod HA: control plane on private subnets in 3 zones, a NAT gateway per zone, each zone routed to its own", () => {
    const report = buildReport(run.resources).clusters.find((c) => c.name === "acme-prod-fra")!;
    expect(report.ha?.zones).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    expect(report.ha?.controlPlane).toBe("EKS managed control plane over 3 private subnets in 3 zones, private endpoint; 3 NAT gateways");
    const prod = eksOf(run, "prod-fra");
    const nats = prod.of(T.nat);
    expect(nats.map((n) => n.name).sort()).toEqual(["acme-prod-fra-nat-eu-central-1a", "acme-prod-fra-nat-eu-central-1b", "acme-prod-fra-nat-eu-central-1c"]);
    for (const zone of planned("prod-fra").zones) {
      const route = prod.one(T.route, `acme-prod-fra-route-private-nat-${zone}`);
      expect(route.dependsOn).toContain(`acme-prod-fra-nat-${zone}`);
    }
  });

  it("non-prod without HA: 2 zones (EKS's minimum), one NAT gateway shared by both zones", () => {
    const report = buildReport(run.resources).clusters.find((c) => c.name === "acme-dev-dub")!;
    expect(report.ha?.zones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(report.ha?.controlPlane).toBe("EKS managed control plane over 2 private subnets in 2 zones, private endpoint; 1 NAT gateway");
    const dev = eksOf(run, "dev-dub");
    expect(dev.of(T.nat).map((n) => n.name)).toEqual(["acme-dev-dub-nat-eu-west-1a"]);
    for (const zone of ["eu-west-1a", "eu-west-1b"]) expect(dev.one(T.route, `acme-dev-dub-route-private-nat-${zone}`).dependsOn).toContain("acme-dev-dub-nat-eu-west-1a");
  });
});

describe("Secrets encryption", () => {
  it("uses a KMS key made by the cluster's own provider, in its region, with rotation and a deletion window", () => {
    const prod = eksOf(run, "prod-fra");
    const key = prod.one(T.key);
    const provider = run.resources.find((r) => key.provider?.startsWith(`${r.urn}::`))!;
    expect(provider.type).toBe(T.provider);
    expect(provider.inputs["region"]).toBe("eu-central-1");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, multiRegion: false, keyUsage: "ENCRYPT_DECRYPT" });
  });

  it("is the key the cluster's encryptionConfig names, for Secrets", () => {
    const prod = eksOf(run, "prod-fra");
    const key = prod.one(T.key);
    const cluster = prod.one(T.cluster);
    const keyArn = awsComputedState[T.key]!(key.name, key.inputs)["arn"];
    expect(cluster.inputs["encryptionConfig"]).toEqual({ resources: ["secrets"], provider: { keyArn } });
    expect(cluster.dependsOnUrns).toContain(key.urn);
    // The other cluster's key is a different one.
    const devKey = eksOf(run, "dev-dub").one(T.key);
    expect(awsComputedState[T.key]!(devKey.name, devKey.inputs)["arn"]).not.toBe(keyArn);
  });

  it("gives the key an alias that carries fleet and cluster, freed before a replacement takes it", () => {
    const alias = eksOf(run, "prod-fra").one(T.alias);
    expect(alias.inputs["name"]).toBe("alias/acme-prod-fra-secrets");
    expect(alias.deleteBeforeReplace).toBe(true);
  });
});

describe("the kubeconfig", () => {
  it("is a secret in every input and output: the Kubernetes provider's, the component's, the stack's", () => {
    expect(exposedKubeconfigs(run)).toEqual([]);
    const prod = eksOf(run, "prod-fra");
    const outputs = run.componentOutputs.get(prod.component.urn)!;
    expect(outputs["kubeconfig"]).toBeInstanceOf(SecretValue);
    expect(prod.one(T.k8sProvider).inputs["kubeconfig"]).toBeInstanceOf(SecretValue);
  });

  it("is built from the cluster's own outputs, with an exec plugin for `aws eks get-token` in the cluster's region", () => {
    const prod = eksOf(run, "prod-fra");
    const cluster = prod.one(T.cluster);
    const computed = awsComputedState[T.cluster]!(cluster.name, cluster.inputs) as { endpoint: string; certificateAuthority: { data: string } };
    const text = (run.componentOutputs.get(prod.component.urn)!["kubeconfig"] as SecretValue).value as string;
    expect(looksLikeKubeconfig(text)).toBe(true);
    const k = parse(text) as { clusters: { cluster: { server: string; "certificate-authority-data": string } }[]; users: { user: { exec: { command: string; args: string[] } } }[] };
    expect(k.clusters[0]!.cluster).toEqual({ server: computed.endpoint, "certificate-authority-data": computed.certificateAuthority.data });
    expect(k.users[0]!.user.exec.command).toBe("aws");
    expect(k.users[0]!.user.exec.args).toEqual(["eks", "get-token", "--cluster-name", "acme-prod-fra", "--region", "eu-central-1", "--output", "json"]);
    // The provider takes exactly this kubeconfig.
    expect((prod.one(T.k8sProvider).inputs["kubeconfig"] as SecretValue).value).toBe(text);
    expect(prod.one(T.k8sProvider).dependsOnUrns).toContain(cluster.urn);
  });

  it("is reported with the endpoint and the version EKS reports", () => {
    const outputs = run.componentOutputs.get(eksOf(run, "dev-dub").component.urn)!;
    expect(outputs["endpoint"]).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\./);
    expect(outputs["kubernetesVersion"]).toBe("1.35");
    expect(outputs["nodePoolVersions"]).toEqual({ general: "1.35" });
  });
});

describe("nothing public by default", () => {
  it("keeps the API endpoint private and declares no public CIDRs without an allow-list", () => {
    const vpc = eksOf(run, "prod-fra").one(T.cluster).inputs["vpcConfig"] as Record<string, unknown>;
    expect(vpc["endpointPrivateAccess"]).toBe(true);
    expect(vpc["endpointPublicAccess"]).toBe(false);
    expect(vpc).not.toHaveProperty("publicAccessCidrs");
  });

  it("opens the public endpoint only to the allow-list, sorted", async () => {
    const open = await render(planOf(awsFleet({ prod: { aws: { endpointPublicAccessCidrs: ["203.0.113.0/24", "198.51.100.7/32"] } } })));
    const vpc = eksOf(open, "prod-fra").one(T.cluster).inputs["vpcConfig"] as Record<string, unknown>;
    expect(vpc["endpointPublicAccess"]).toBe(true);
    expect(vpc["endpointPrivateAccess"]).toBe(true);
    expect(vpc["publicAccessCidrs"]).toEqual(["198.51.100.7/32", "203.0.113.0/24"]);
    expect(eksOf(open, "dev-dub").one(T.cluster).inputs["vpcConfig"]).toMatchObject({ endpointPublicAccess: false });
  });

  it("puts the control plane and every node group in private subnets only, and maps no public IP anywhere", () => {
    const prod = eksOf(run, "prod-fra");
    const subnets = prod.of(T.subnet);
    for (const s of subnets) expect(s.inputs["mapPublicIpOnLaunch"], s.name).toBe(false);
    const privateUrns = new Set(subnets.filter((s) => s.name.includes("-subnet-private-")).map((s) => s.urn));
    const usedBy = (r: { dependsOnUrns: readonly string[] }) => subnets.filter((s) => r.dependsOnUrns.includes(s.urn));
    const cluster = prod.one(T.cluster);
    expect(usedBy(cluster).map((s) => s.urn).sort()).toEqual([...privateUrns].sort());
    for (const g of prod.of(T.nodeGroup)) {
      expect(usedBy(g).length, g.name).toBeGreaterThan(0);
      for (const s of usedBy(g)) expect(privateUrns.has(s.urn), `${g.name} uses ${s.name}`).toBe(true);
    }
  });
});

describe("access", () => {
  it("uses EKS access entries (authentication mode API) with cluster-admin for each admin role", () => {
    const prod = eksOf(run, "prod-fra");
    expect(prod.one(T.cluster).inputs["accessConfig"]).toEqual({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true });
    expect(prod.of(T.accessEntry).map((e) => e.inputs["principalArn"]).sort()).toEqual([...ADMIN_ROLES].sort());
    const policies = prod.of(T.accessPolicy);
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.inputs).toMatchObject({ policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" }, clusterName: "acme-prod-fra" });
      expect(ADMIN_ROLES).toContain(p.inputs["principalArn"]);
    }
    expect(eksOf(run, "dev-dub").of(T.accessEntry)).toEqual([]);
  });

  it("gives the CNI and the EBS CSI driver IAM roles only their own service account can assume", () => {
    const prod = eksOf(run, "prod-fra");
    for (const [role, sa] of [["acme-prod-fra-vpc-cni", "kube-system:aws-node"], ["acme-prod-fra-aws-ebs-csi-driver", "kube-system:ebs-csi-controller-sa"]] as const) {
      const r = prod.of(T.role).find((x) => x.inputs["name"] === role)!;
      const trust = JSON.parse(String(r.inputs["assumeRolePolicy"])) as { Statement: { Principal: { Federated: string }; Condition: { StringEquals: Record<string, string> } }[] };
      const cond = trust.Statement[0]!.Condition.StringEquals;
      expect(Object.entries(cond).find(([k]) => k.endsWith(":sub"))![1]).toBe(`system:serviceaccount:${sa}`);
      expect(Object.entries(cond).find(([k]) => k.endsWith(":aud"))![1]).toBe("sts.amazonaws.com");
      expect(trust.Statement[0]!.Principal.Federated).toMatch(/:oidc-provider\/oidc\.eks\./);
    }
    // The node role carries no CNI policy: a pod cannot borrow it through the node.
    const nodePolicies = prod.all.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.name.includes("-rpa-node-")).map((r) => r.inputs["policyArn"]);
    expect(nodePolicies.sort()).toEqual(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
  });
});

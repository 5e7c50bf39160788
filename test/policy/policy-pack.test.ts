// The sovereignty policy pack's rules, called as `pulumi preview --policy-pack policy` calls them, on
// the resources the real program records under mocks: the shipped stacks pass every rule (and every
// rule had resources to check), and each kind of resource, broken on purpose, is flagged.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { BUCKET_TYPES, DES_TYPES, KEY_TYPES, SECRET_STORE_TYPES, SECRET_TYPES, SOVEREIGNTY_POLICIES, STORAGE_CLASS_TYPES } from "../../policy/rules/index.ts";
import type { RuleArgs, SovereigntyConfig } from "../../policy/rules/regions.ts";
import type { MockRun } from "../../src/preview/mock-run.ts";
import { checkPolicies, ruleArgs } from "../../src/preview/policy-check.ts";
import type { RecordedResource } from "../../src/preview/recording-monitor.ts";
import { runStack } from "../fixtures/run-stack.ts";

const runs: Partial<Record<"prod-eu" | "global", MockRun>> = {};
beforeAll(async () => {
  runs["prod-eu"] = await runStack("prod-eu");
  runs["global"] = await runStack("global");
});

const policy = (name: string): ResourceValidationPolicy => SOVEREIGNTY_POLICIES.find((p) => p.name === name)!;
async function violations(p: ResourceValidationPolicy, args: RuleArgs): Promise<string[]> {
  const out: string[] = [];
  const vs = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
  for (const v of vs) await v(args as never, (m) => out.push(m));
  return out;
}

describe.each(["prod-eu", "global"] as const)("the shipped stack %s", (stack) => {
  it("passes every rule", async () => {
    expect(await checkPolicies(runs[stack]!.resources)).toEqual([]);
  });

  it("gives every rule resources to check (a pass means something)", () => {
    const types = new Set(runs[stack]!.resources.map((r) => r.type));
    for (const group of [STORAGE_CLASS_TYPES, KEY_TYPES, BUCKET_TYPES, SECRET_STORE_TYPES, DES_TYPES, ["azure-native:keyvault:Vault"]]) {
      expect(group.some((t) => types.has(t)), group.join()).toBe(true);
    }
  });
});

describe("each rule flags its broken resource type", () => {
  let run: MockRun;
  let byUrn: Map<string, RecordedResource>;
  beforeAll(() => {
    run = runs["prod-eu"]!;
    byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  });
  /** The recorded resource of this type (whose name matches), as a rule sees it, changed by `edit`. */
  const broken = (type: string, edit: (a: { props: Record<string, any>; provider?: { props: Record<string, any> } }) => void, match = "", config: SovereigntyConfig = {}): RuleArgs => {
    const r = run.resources.find((x) => x.type === type && x.name.includes(match));
    if (!r) throw new Error(`no recorded ${type} matching ${match}`);
    const args = structuredClone({ ...ruleArgs(r, byUrn, config), getConfig: undefined }) as unknown as RuleArgs & { provider?: { props: Record<string, any> } };
    edit(args);
    return { ...args, getConfig: <T extends object>() => config as T };
  };
  const unchanged = () => {};

  it("StorageClass: none or foreign allowedTopologies, or no region label", async () => {
    const p = policy("storage-classes-region-bound");
    const type = STORAGE_CLASS_TYPES[0];
    expect(await violations(p, broken(type, unchanged, "eu-aws-fra"))).toEqual([]);
    expect(await violations(p, broken(type, (a) => delete a.props["allowedTopologies"], "eu-aws-fra"))).toEqual([expect.stringMatching(/gp3.* has no allowedTopologies.*eu-central-1/)]);
    expect(await violations(p, broken(type, (a) => (a.props["allowedTopologies"] = [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["eu-central-1a", "us-east-1a"] }] }]), "eu-aws-fra"))).toHaveLength(1);
    expect(await violations(p, broken(type, (a) => (a.props["allowedTopologies"] = [{ matchLabelExpressions: [{ key: "kubernetes.io/hostname", values: ["n1"] }] }]), "eu-gcp-fra"))).toHaveLength(1);
    expect(await violations(p, broken(type, (a) => delete a.props["metadata"].labels["clusterfleet.dev/region"], "eu-gcp-fra"))).toEqual([expect.stringMatching(/no clusterfleet.dev\/region label/)]);
    // The site's zones alone do not name a region: without the region key (or the plan's zones as config) it is not bound.
    const site = broken(type, (a) => (a.props["allowedTopologies"] = [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["hall-a"] }] }]), "eu-onprem-fra");
    expect(await violations(p, site)).toHaveLength(1);
    const withPlan = broken(type, (a) => (a.props["allowedTopologies"] = [{ matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["hall-a"] }] }]), "eu-onprem-fra", { clusters: { "eu-onprem-fra": { region: "fra-dc1", zones: ["hall-a", "hall-b", "hall-c"] } } });
    expect(await violations(p, withPlan)).toEqual([]);
  });

  it("KMS keys: another region, multi-Region, replicas, a key ring elsewhere", async () => {
    const p = policy("kms-keys-in-cluster-region");
    expect(await violations(p, broken("aws:kms/key:Key", unchanged, "volumes"))).toEqual([]);
    expect(await violations(p, broken("aws:kms/key:Key", (a) => (a.provider!.props["region"] = "us-east-1"), "volumes"))).toEqual([expect.stringMatching(/KMS key .* is in us-east-1, but its cluster "eu-aws-fra" is in eu-central-1/)]);
    expect(await violations(p, broken("aws:kms/key:Key", (a) => (a.props["region"] = "us-west-2"), "secrets"))).toHaveLength(1);
    expect(await violations(p, broken("aws:kms/key:Key", (a) => (a.props["multiRegion"] = true), "volumes"))).toEqual([expect.stringMatching(/multi-Region/)]);
    expect(await violations(p, { ...broken("aws:kms/key:Key", unchanged, "volumes"), type: "aws:kms/replicaKey:ReplicaKey" })).toHaveLength(1);
    expect(await violations(p, broken("gcp:kms/keyRing:KeyRing", unchanged))).toEqual([]);
    expect(await violations(p, broken("gcp:kms/keyRing:KeyRing", (a) => (a.props["location"] = "us-central1")))).toEqual([expect.stringMatching(/key ring .* is in us-central1, but its cluster "eu-gcp-fra" is in europe-west3/)]);
    // A wrong label cannot move the expected region when the plan is given as config.
    const lying = broken("gcp:kms/keyRing:KeyRing", (a) => {
      a.props["location"] = "us-central1";
      // Providers carry nested config as JSON strings, as the engine hands them to a policy.
      a.provider!.props["defaultLabels"] = JSON.stringify({ ...JSON.parse(a.provider!.props["defaultLabels"]), region: "us-central1" });
    }, "", { clusters: { "eu-gcp-fra": { region: "europe-west3" } } });
    expect(await violations(p, lying)).toHaveLength(1);
  });

  it("secrets and vaults: another location, replica regions, automatic replication", async () => {
    const p = policy("secrets-in-cluster-region");
    expect(await violations(p, broken("azure-native:keyvault:Vault", unchanged, "secrets"))).toEqual([]);
    expect(await violations(p, broken("azure-native:keyvault:Vault", (a) => (a.props["location"] = "eastus"), "secrets"))).toEqual([expect.stringMatching(/Key Vault .* is in eastus, but its cluster "eu-azure-fra" is in germanywestcentral/)]);
    const awsSecret = (props: Record<string, unknown>) => ({ ...broken("aws:kms/key:Key", (a) => Object.assign(a.props, props), "volumes"), type: SECRET_TYPES[0] });
    expect(await violations(p, awsSecret({}))).toEqual([]);
    expect(await violations(p, awsSecret({ replicas: [{ region: "us-east-1" }] }))).toEqual([expect.stringMatching(/replicated to us-east-1/)]);
    const gcpSecret = (replication: unknown) => ({ ...broken("gcp:kms/keyRing:KeyRing", (a) => (a.props["replication"] = replication)), type: SECRET_TYPES[1] });
    expect(await violations(p, gcpSecret({ userManaged: { replicas: [{ location: "europe-west3" }] } }))).toEqual([]);
    expect(await violations(p, gcpSecret({ auto: {} }))).toEqual([expect.stringMatching(/automatic replication/)]);
    expect(await violations(p, gcpSecret({ userManaged: { replicas: [{ location: "europe-west3" }, { location: "us-east1" }] } }))).toHaveLength(1);
  });

  it("buckets and storage accounts elsewhere", async () => {
    const p = policy("buckets-in-cluster-region");
    for (const t of ["aws:s3/bucket:Bucket", "gcp:storage/bucket:Bucket", "azure-native:storage:StorageAccount"]) expect(await violations(p, broken(t, unchanged)), t).toEqual([]);
    expect(await violations(p, broken("aws:s3/bucket:Bucket", (a) => (a.provider!.props["region"] = "us-east-1")))).toHaveLength(1);
    expect(await violations(p, broken("gcp:storage/bucket:Bucket", (a) => (a.props["location"] = "EU")))).toEqual([expect.stringMatching(/bucket .* is in EU, but its cluster "eu-gcp-fra" is in europe-west3/)]);
    expect(await violations(p, broken("azure-native:storage:StorageAccount", (a) => (a.props["location"] = "westeurope")))).toHaveLength(1);
  });

  it("a disk encryption set elsewhere", async () => {
    const p = policy("disk-encryption-sets-in-cluster-region");
    expect(await violations(p, broken(DES_TYPES[0], unchanged))).toEqual([]);
    expect(await violations(p, broken(DES_TYPES[0], (a) => (a.props["location"] = "eastus2")))).toEqual([expect.stringMatching(/disk encryption set .* is in eastus2/)]);
  });

  it("ClusterSecretStore: another region, global GCP secrets, an unstated backend region", async () => {
    const p = policy("secret-stores-in-cluster-region");
    const store = (cluster: string, edit: Parameters<typeof broken>[1]) => broken(SECRET_STORE_TYPES[0], edit, cluster);
    for (const c of ["eu-aws-fra", "eu-gcp-fra", "eu-azure-fra", "eu-onprem-fra"]) expect(await violations(p, store(c, unchanged)), c).toEqual([]);
    expect(await violations(p, store("eu-aws-fra", (a) => (a.props["spec"].provider.aws.region = "us-east-1")))).toEqual([expect.stringMatching(/backend is in us-east-1, but its cluster "eu-aws-fra" is in eu-central-1/)]);
    expect(await violations(p, store("eu-gcp-fra", (a) => delete a.props["spec"].provider.gcpsm.location))).toEqual([expect.stringMatching(/global GCP secrets/)]);
    expect(await violations(p, store("eu-onprem-fra", (a) => (a.props["metadata"].annotations["clusterfleet.dev/backend-region"] = "us-east-1")))).toHaveLength(1);
    expect(await violations(p, store("eu-azure-fra", (a) => delete a.props["metadata"].annotations))).toEqual([expect.stringMatching(/states no backend region/)]);
  });
});

// Data sovereignty in the plan: every storage class, key and secrets backend of the shipped EU stack is
// in its cluster's region, and a spec that points a cluster's data anywhere else is refused when it is
// planned, naming the cluster and both regions.
import { describe, expect, it } from "vitest";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../src/plan/types.ts";
import { baseFleet, NOW, stackFile } from "../fixtures/fleets.ts";

const plan = (spec: unknown): FleetPlan => planFleet(spec, undefined, undefined, { now: NOW });
const regionQualified = (c: ClusterPlan, v: string) => (c.provider === "kubeadm" || c.provider === "existing" ? c.zones.includes(v) || v === c.region : v.startsWith(c.region));

describe("the shipped prod-eu stack", () => {
  const p = plan(stackFile("prod-eu").spec);
  it("plans without problems", () => expect(p.problems).toBeUndefined());

  it.each(p.clusters.map((c) => [c.name, c] as const))("%s: every class pinned to the cluster's region and zones, one default, each with a Retain twin", (_n, c) => {
    const s = c.sovereignty;
    expect(s.storageClasses.length).toBeGreaterThanOrEqual(2);
    expect(s.storageClasses.filter((k) => k.default).map((k) => k.name)).toEqual([s.defaultStorageClass]);
    for (const k of s.storageClasses) {
      expect(k.volumeBindingMode).toBe("WaitForFirstConsumer");
      expect(k.allowedTopologies.length, k.name).toBeGreaterThan(0);
      for (const t of k.allowedTopologies) for (const v of t.values) expect(regionQualified(c, v), `${k.name} ${t.key}=${v}`).toBe(true);
      const zoneValues = k.allowedTopologies.find((t) => t.key.endsWith("/zone"))!.values;
      expect(zoneValues).toHaveLength(c.zones.length);
      if (k.reclaimPolicy === "Delete") expect(s.storageClasses.find((x) => x.name === `${k.name}-retain`)).toMatchObject({ reclaimPolicy: "Retain", default: false, parameters: k.parameters });
    }
  });

  it.each(p.clusters.map((c) => [c.name, c] as const))("%s: keys, secrets backend, logs: all in the cluster's region", (_n, c) => {
    const s = c.sovereignty;
    expect(s.secretsBackend?.region).toBe(c.region);
    for (const k of s.keys) expect(k.region, `${k.purpose} key`).toBe(c.region);
    for (const l of s.locations) expect(l.region, l.what).toBe(c.region);
    expect(s.locations.map((l) => l.what)).toEqual(expect.arrayContaining(["volumes", expect.stringMatching(/^secrets backend/), expect.stringMatching(/^log store/)]));
  });

  it("uses each provider's CSI driver and the parameters the issue asks for", () => {
    const by = (n: string) => p.clusters.find((c) => c.name === n)!.sovereignty;
    expect(by("eu-aws-fra").storageClasses[0]).toMatchObject({ name: "gp3", driver: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" }, computedParameters: { kmsKeyId: "volumeKey" } });
    expect(by("eu-aws-fra").providerDefaultClass).toBe("gp2");
    expect(by("eu-gcp-fra").storageClasses.map((k) => k.name)).toEqual(["pd-balanced", "pd-balanced-retain", "pd-balanced-regional", "pd-balanced-regional-retain"]);
    expect(by("eu-gcp-fra").storageClasses[2]!.parameters).toEqual({ type: "pd-balanced", "replication-type": "regional-pd" });
    expect(by("eu-azure-fra").storageClasses[0]).toMatchObject({ name: "premium-zrs", driver: "disk.csi.azure.com", parameters: { skuName: "Premium_ZRS" }, computedParameters: { diskEncryptionSetID: "diskEncryptionSet" } });
    expect(by("eu-onprem-fra").storageClasses[0]).toMatchObject({ driver: "rbd.csi.ceph.com", allowedTopologies: [{ key: "topology.kubernetes.io/region", values: ["fra-dc1"] }, { key: "topology.kubernetes.io/zone", values: ["hall-a", "hall-b", "hall-c"] }] });
    expect(by("eu-onprem-fra").providerDefaultClass).toBeUndefined();
  });

  it("names each cluster's secret prefix after fleet and cluster, and the store the policies allow", () => {
    const backends = Object.fromEntries(p.clusters.map((c) => [c.name, c.sovereignty.secretsBackend!]));
    expect(backends["eu-aws-fra"]).toMatchObject({ kind: "aws-secrets-manager", prefix: "acme-eu/eu-aws-fra/", storeName: "clusterfleet" });
    expect(backends["eu-gcp-fra"]).toMatchObject({ kind: "gcp-secret-manager", prefix: "acme-eu_eu-gcp-fra_", project: "acme-eu-prod" });
    expect(backends["eu-azure-fra"]).toMatchObject({ kind: "azure-key-vault", vaultName: expect.stringMatching(/^kvs-[a-z0-9]{6}-eu-azure-fra$/) });
    expect(backends["eu-onprem-fra"]).toMatchObject({ kind: "vault", address: "https://vault.fra-dc1.acme.example:8200", mount: "kv", authMount: "kubernetes", prefix: "acme-eu/eu-onprem-fra/" });
  });
});

interface Refusal {
  readonly name: string;
  readonly cluster: number;
  readonly set: (c: any) => void;
  readonly path: string;
  readonly other: string;
  readonly outside?: boolean;
}

// baseFleet: [0] eu-aws (eu-central-1), [1] eu-gcp (europe-west3), [2] eu-dc (kubeadm, fra-dc1).
const refusals: Refusal[] = [
  { name: "EU cluster's secrets in a US region", cluster: 0, set: (c) => (c.secretsBackend = { awsSecretsManager: { region: "us-east-1" } }), path: "clusters[0].secretsBackend.awsSecretsManager.region", other: "us-east-1", outside: true },
  { name: "EU cluster's secrets in another EU region", cluster: 0, set: (c) => (c.secretsBackend = { awsSecretsManager: { region: "eu-west-1" } }), path: "clusters[0].secretsBackend.awsSecretsManager.region", other: "eu-west-1", outside: false },
  { name: "a volume key in a US region (ARN)", cluster: 0, set: (c) => (c.storage = { kmsKey: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" }), path: "clusters[0].storage.kmsKey", other: "us-east-1", outside: true },
  { name: "a CMEK key ring in a US location", cluster: 1, set: (c) => (c.storage = { kmsKey: "projects/acme/locations/us-central1/keyRings/r/cryptoKeys/k" }), path: "clusters[1].storage.kmsKey", other: "us-central1", outside: true },
  { name: "a CMEK key in the multi-region 'europe'", cluster: 1, set: (c) => (c.storage = { kmsKey: "projects/acme/locations/europe/keyRings/r/cryptoKeys/k" }), path: "clusters[1].storage.kmsKey", other: "europe", outside: true },
  { name: "GCP regional secrets in a US location", cluster: 1, set: (c) => (c.secretsBackend = { gcpSecretManager: { location: "us-east4" } }), path: "clusters[1].secretsBackend.gcpSecretManager.location", other: "us-east4", outside: true },
  { name: "a Vault server in another country", cluster: 2, set: (c) => (c.secretsBackend = { vault: { address: "https://vault.us.example:8200", region: "us-east-1", mount: "kv", role: "r" } }), path: "clusters[2].secretsBackend.vault.region", other: "us-east-1", outside: true },
  {
    name: "Velero backups in a US bucket",
    cluster: 0,
    set: (c) => (c.addons = { overrides: { velero: { enabled: true, values: { configuration: { backupStorageLocation: [{ name: "default", provider: "aws", bucket: "b", config: { region: "us-west-2" } }] } } } } }),
    path: "clusters[0].addons.overrides.velero.values.configuration.backupStorageLocation[0].config.region",
    other: "us-west-2",
    outside: true,
  },
];

describe("refused when planned", () => {
  it.each(refusals)("$name: names the cluster and both regions", ({ cluster, set, path, other, outside }) => {
    const spec = baseFleet();
    set(spec.clusters[cluster]);
    const p = plan(spec);
    const c = spec.clusters[cluster];
    const found = p.problems?.find((x) => x.path === path);
    expect(found, JSON.stringify(p.problems)).toBeDefined();
    expect(found!.code).toBe("sovereignty/region-mismatch");
    expect(found!.message).toContain(`cluster "${c.name}"`);
    expect(found!.message).toContain(c.region);
    expect(found!.message).toContain(other);
    expect(found!.message).toContain(outside ? `outside jurisdiction "eu"` : `another region of jurisdiction "eu"`);
    expect(p.clusters).toEqual([]);
  });

  it("an Azure disk encryption set elsewhere, by its declared location", () => {
    const spec = baseFleet();
    spec.jurisdictions["eu"].regions.azure = ["germanywestcentral"];
    spec.clusters.push({ name: "eu-az", provider: "azure", region: "germanywestcentral", jurisdiction: "eu", environment: "prod", storage: { diskEncryptionSet: { id: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des", location: "eastus2" } } });
    const found = plan(spec).problems?.find((x) => x.path === "clusters[4].storage.diskEncryptionSet.location");
    expect(found?.message).toMatch(/cluster "eu-az" is in germanywestcentral .* would be in eastus2, outside jurisdiction "eu"/);
  });

  it("accepts the same fields in the cluster's own region, and uses them", () => {
    const spec = baseFleet();
    spec.clusters[0].storage = { kmsKey: "arn:aws:kms:eu-central-1:111122223333:key/abc" };
    spec.clusters[0].secretsBackend = { awsSecretsManager: { region: "eu-central-1" } };
    spec.clusters[1].secretsBackend = { gcpSecretManager: { location: "europe-west3", project: "acme-secrets" } };
    const p = plan(spec);
    expect(p.problems).toBeUndefined();
    const aws = p.clusters.find((c) => c.name === "eu-aws")!.sovereignty;
    expect(aws.storageClasses[0]!.parameters["kmsKeyId"]).toBe("arn:aws:kms:eu-central-1:111122223333:key/abc");
    expect(aws.storageClasses[0]!.computedParameters).toBeUndefined();
    expect(aws.keys.find((k) => k.purpose === "volumes")).toEqual({ purpose: "volumes", kind: "aws-kms", region: "eu-central-1", managedBy: "user", id: "arn:aws:kms:eu-central-1:111122223333:key/abc" });
    expect(p.clusters.find((c) => c.name === "eu-gcp")!.sovereignty.secretsBackend).toMatchObject({ project: "acme-secrets", region: "europe-west3" });
  });

  it("refuses backends and fields meant for another provider, and kubeadm clusters without storage or a backend", () => {
    const spec = baseFleet();
    spec.clusters[1].secretsBackend = { awsSecretsManager: {} };
    spec.clusters[0].storage = { driver: "ebs.csi.aws.com" };
    delete spec.clusters[2].storage;
    delete spec.clusters[2].secretsBackend;
    const codes = (plan(spec).problems ?? []).map((x) => `${x.path} ${x.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "clusters[1].secretsBackend.awsSecretsManager sovereignty/backend-not-for-provider",
        "clusters[0].storage.driver sovereignty/field-not-for-provider",
        "clusters[2].storage sovereignty/storage-required",
        "clusters[2].secretsBackend sovereignty/secrets-backend-required",
      ]),
    );
  });
});

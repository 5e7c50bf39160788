// Data sovereignty of one cluster, decided as data: the storage classes pinned to its region and
// zones (one default, each with a Retain twin), the keys that encrypt its data, the secrets backend
// External Secrets reads from, and every place its data lives. Anything the spec points at outside
// the cluster's region is refused here, naming the cluster and both regions.
import { FLEET_SECRET_STORE, SECRETS_READER, storageFacts } from "../catalog/storage.ts";
import type { ClusterSpec } from "../spec/cluster.ts";
import { show } from "../spec/issue.ts";
import type { PlanContext } from "./context.ts";
import { planAdmission } from "./sovereignty-admission.ts";
import { awsArnRegion, checkLocation, gcpResourceLocation } from "./locations.ts";
import { clusterNames } from "./names.ts";
import type { DataLocationPlan, EncryptionKeyPlan, LogStorePlan, SecretsBackendPlan, SovereigntyPlan, StorageClassPlan, TopologyRequirementPlan } from "./types.ts";

/** The name suffix and policy of the twin every class gets: volumes that outlive their claim. */
export const RETAIN_SUFFIX = "-retain";

export function planSovereignty(ctx: PlanContext, c: ClusterSpec, path: string, zones: readonly string[], logStore: LogStorePlan | undefined): SovereigntyPlan {
  checkFieldsApply(ctx, c, path);
  const storage = planStorage(ctx, c, path, zones);
  const secretsBackend = planSecretsBackend(ctx, c, path);
  checkAdmissionHasWhatItNeeds(ctx, c, path, storage.classes.length > 0, secretsBackend !== undefined);
  const locations: DataLocationPlan[] = [
    ...(storage.classes.length ? [{ what: "volumes", region: c.region }] : []),
    ...storage.keys.map((k): DataLocationPlan => ({ what: `${k.purpose} key (${k.kind})`, region: k.region, ...(k.managedBy === "user" ? { path: `${path}.storage` } : {}) })),
    ...(secretsBackend ? [{ what: `secrets backend (${secretsBackend.kind})`, region: secretsBackend.region, ...(c.secretsBackend ? { path: `${path}.secretsBackend` } : {}) }] : []),
    ...(logStore ? [{ what: `log store (${logStore.kind})`, region: logStore.region }] : []),
    ...backupLocations(ctx, c, path),
  ];
  return {
    storageClasses: storage.classes,
    ...(storage.classes.some((k) => k.default) ? { defaultStorageClass: storage.classes.find((k) => k.default)!.name } : {}),
    ...(storage.providerDefault ? { providerDefaultClass: storage.providerDefault } : {}),
    keys: storage.keys,
    ...(secretsBackend ? { secretsBackend } : {}),
    locations,
    admission: planAdmission(c),
  };
}

/**
 * The admission rules allow-list the cluster's pinned classes and its one ClusterSecretStore. An adopted
 * cluster without `storage` has no pinned classes and without `secretsBackend` no store: in prod (deny)
 * the rules would refuse every PVC naming a class and every ExternalSecret, so the plan refuses the spec
 * instead; elsewhere (warn) it says which rule is left out.
 */
function checkAdmissionHasWhatItNeeds(ctx: PlanContext, c: ClusterSpec, path: string, classes: boolean, store: boolean): void {
  const policy = c.addons.policy ?? ctx.spec.defaults.policy;
  if (policy === "none" || c.provider !== "existing") return;
  const missing = [
    ...(classes ? [] : [{ field: "storage", what: "storage: { driver, parameters } (the CSI driver of its block storage in " + c.region + ")", rule: "every PersistentVolumeClaim that names a class" }]),
    ...(store ? [] : [{ field: "secretsBackend", what: "secretsBackend (e.g. { vault: { address, region, mount, role } } in " + c.region + ")", rule: "every ExternalSecret, SecretStore and PushSecret" }]),
  ];
  for (const m of missing) {
    if (c.environment === "prod") {
      ctx.problems.error(
        `${path}.${m.field}`,
        "sovereignty/admission-without-allow-list",
        `adopted prod cluster "${c.name}" runs ${policy}, whose data-sovereignty rules would deny ${m.rule} without it: give it ${m.what}, or set addons.policy: none for this cluster`,
      );
    } else {
      ctx.problems.warn(`${path}.${m.field}`, "sovereignty/admission-rule-left-out", `adopted cluster "${c.name}" has no ${m.field}, so its ${policy} rules leave it out (no allow-list to check ${m.rule} against)`);
    }
  }
}

/** Fields of `storage` and `secretsBackend` that only some providers take. */
function checkFieldsApply(ctx: PlanContext, c: ClusterSpec, path: string): void {
  const s = c.storage;
  const onPrem = c.provider === "kubeadm" || c.provider === "existing";
  const refuse = (field: string, why: string, value: unknown) => ctx.problems.error(`${path}.storage.${field}`, "sovereignty/field-not-for-provider", `${why} (cluster "${c.name}" is ${c.provider})`, value);
  if (s?.kmsKey !== undefined && c.provider !== "aws" && c.provider !== "gcp") refuse("kmsKey", "is for aws and gcp clusters; azure takes storage.diskEncryptionSet", s.kmsKey);
  if (s?.kmsKey !== undefined && c.provider === "aws" && !s.kmsKey.startsWith("arn:")) refuse("kmsKey", "an aws cluster's volume key is an AWS KMS key ARN", s.kmsKey);
  if (s?.kmsKey !== undefined && c.provider === "gcp" && !s.kmsKey.startsWith("projects/")) refuse("kmsKey", "a gcp cluster's volume key is a Cloud KMS key name", s.kmsKey);
  if (s?.diskEncryptionSet && c.provider !== "azure") refuse("diskEncryptionSet", "is for azure clusters", s.diskEncryptionSet.id);
  if (!onPrem && s?.driver !== undefined) refuse("driver", "is for kubeadm and existing clusters; a cloud cluster uses its provider's CSI driver", s.driver);
  if (!onPrem && s && Object.keys(s.parameters).length) refuse("parameters", "are for kubeadm and existing clusters; ClusterFleet sets a cloud driver's parameters", s.parameters);
  if (!onPrem && s?.regionTopologyKey !== undefined) refuse("regionTopologyKey", "is for kubeadm and existing clusters", s.regionTopologyKey);
  const b = c.secretsBackend;
  if (!b) return;
  const only = (form: string, provider: string) =>
    ctx.problems.error(`${path}.secretsBackend.${form}`, "sovereignty/backend-not-for-provider", `${form} is for ${provider} clusters; cluster "${c.name}" is ${c.provider} (a vault backend fits any cluster)`);
  if ("awsSecretsManager" in b && c.provider !== "aws") only("awsSecretsManager", "aws");
  if ("gcpSecretManager" in b && c.provider !== "gcp") only("gcpSecretManager", "gcp");
  if ("azureKeyVault" in b && c.provider !== "azure") only("azureKeyVault", "azure");
}

interface StorageDecision {
  readonly classes: StorageClassPlan[];
  readonly keys: EncryptionKeyPlan[];
  readonly providerDefault?: string;
}

function topologyOf(ctx: PlanContext, c: ClusterSpec, path: string, key: string, values: readonly string[], regionKey?: string): TopologyRequirementPlan[] {
  if (values.length === 0) {
    ctx.problems.warn(`${path}.zones`, "sovereignty/no-zones", `cluster "${c.name}" has no zones in ${c.region}, so its storage classes cannot be pinned to them; the compliance report fails it until it has zones`);
    return [];
  }
  return [...(regionKey ? [{ key: regionKey, values: [c.region] }] : []), { key, values: [...values] }];
}

/** The class and its Retain twin; only the first class a cluster plans is its default. */
function withRetain(base: Omit<StorageClassPlan, "reclaimPolicy" | "volumeBindingMode">): StorageClassPlan[] {
  const common = { ...base, volumeBindingMode: "WaitForFirstConsumer" as const };
  return [
    { ...common, reclaimPolicy: "Delete" },
    { ...common, name: `${base.name}${RETAIN_SUFFIX}`, reclaimPolicy: "Retain", default: false },
  ];
}

function planStorage(ctx: PlanContext, c: ClusterSpec, path: string, zones: readonly string[]): StorageDecision {
  const secretsKey = (kind: EncryptionKeyPlan["kind"]): EncryptionKeyPlan => ({ purpose: "kubernetes-secrets", kind, region: c.region, managedBy: "clusterfleet" });
  switch (c.provider) {
    case "aws": {
      const f = storageFacts.aws;
      const userKey = c.storage?.kmsKey?.startsWith("arn:") ? c.storage.kmsKey : undefined;
      if (userKey) checkLocation(ctx, c, `${path}.storage.kmsKey`, "volume encryption key", awsArnRegion(userKey), userKey);
      const topology = topologyOf(ctx, c, path, f.zoneTopologyKey, zones.map((z) => f.zoneValue(c.region, z)));
      const classes = withRetain({
        name: "gp3",
        driver: f.driver,
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4", ...(userKey ? { kmsKeyId: userKey } : {}) },
        ...(userKey ? {} : { computedParameters: { kmsKeyId: "volumeKey" as const } }),
        allowedTopologies: topology,
        default: true,
        replication: "zonal",
      });
      const volumes: EncryptionKeyPlan = userKey
        ? { purpose: "volumes", kind: "aws-kms", region: awsArnRegion(userKey) ?? "", managedBy: "user", id: userKey }
        : { purpose: "volumes", kind: "aws-kms", region: c.region, managedBy: "clusterfleet" };
      return { classes, keys: [secretsKey("aws-kms"), volumes], providerDefault: f.providerDefaultClass };
    }
    case "gcp": {
      const f = storageFacts.gcp;
      const userKey = c.storage?.kmsKey?.startsWith("projects/") ? c.storage.kmsKey : undefined;
      if (userKey) checkLocation(ctx, c, `${path}.storage.kmsKey`, "volume encryption key", gcpResourceLocation(userKey), userKey);
      // Without a key of the spec's, a key ClusterFleet creates in the cluster's own key ring (as AWS and
      // Azure volumes always get one): never Google's default encryption, whose key is nowhere in the plan.
      const cmek = userKey ? { parameters: { "disk-encryption-kms-key": userKey } } : { parameters: {}, computedParameters: { "disk-encryption-kms-key": "volumeKey" as const } };
      const topology = topologyOf(ctx, c, path, f.zoneTopologyKey, zones.map((z) => f.zoneValue(c.region, z)));
      const classes = withRetain({ name: "pd-balanced", driver: f.driver, parameters: { type: "pd-balanced", ...cmek.parameters }, ...("computedParameters" in cmek ? { computedParameters: cmek.computedParameters } : {}), allowedTopologies: topology, default: true, replication: "zonal" });
      if (zones.length >= 2) {
        // A regional PD is replicated synchronously to two zones of the cluster's region, never beyond it.
        classes.push(
          ...withRetain({ name: "pd-balanced-regional", driver: f.driver, parameters: { type: "pd-balanced", "replication-type": "regional-pd", ...cmek.parameters }, ...("computedParameters" in cmek ? { computedParameters: cmek.computedParameters } : {}), allowedTopologies: topology, default: false, replication: "regional" }),
        );
      } else {
        ctx.problems.warn(`${path}.zones`, "sovereignty/no-regional-disks", `cluster "${c.name}" spans fewer than two zones, so it gets no regional-PD class (a regional disk needs two zones of ${c.region})`);
      }
      const volumes: EncryptionKeyPlan = userKey
        ? { purpose: "volumes", kind: "gcp-kms", region: gcpResourceLocation(userKey) ?? "", managedBy: "user", id: userKey }
        : { purpose: "volumes", kind: "gcp-kms", region: c.region, managedBy: "clusterfleet" };
      return { classes, keys: [secretsKey("gcp-kms"), volumes], providerDefault: f.providerDefaultClass };
    }
    case "azure": {
      const f = storageFacts.azure;
      const des = c.storage?.diskEncryptionSet;
      if (des) checkLocation(ctx, c, `${path}.storage.diskEncryptionSet.location`, "disk encryption set", des.location, des.location);
      // Zone-redundant disks where the region has availability zones; locally redundant otherwise.
      const zoned = (ctx.catalog.regions.azure[c.region]?.zones.length ?? 0) > 0;
      const sku = zoned ? "Premium_ZRS" : "Premium_LRS";
      const classes = withRetain({
        name: zoned ? "premium-zrs" : "premium-lrs",
        driver: f.driver,
        parameters: { skuName: sku, ...(des ? { diskEncryptionSetID: des.id } : {}) },
        ...(des ? {} : { computedParameters: { diskEncryptionSetID: "diskEncryptionSet" as const } }),
        allowedTopologies: topologyOf(ctx, c, path, f.zoneTopologyKey, zones.map((z) => f.zoneValue(c.region, z))),
        default: true,
        replication: zoned ? "regional" : "zonal",
      });
      const volumes: EncryptionKeyPlan = des
        ? { purpose: "volumes", kind: "azure-key-vault", region: des.location, managedBy: "user", id: des.id }
        : { purpose: "volumes", kind: "azure-key-vault", region: c.region, managedBy: "clusterfleet" };
      return { classes, keys: [secretsKey("azure-key-vault"), volumes], providerDefault: f.providerDefaultClass };
    }
    case "kubeadm":
    case "existing": {
      const s = c.storage;
      if (!s?.driver) {
        if (c.provider === "kubeadm") {
          ctx.problems.error(`${path}.storage`, "sovereignty/storage-required", `kubeadm cluster "${c.name}" needs storage: { driver, parameters } naming the CSI driver of site ${c.region}'s block storage (ClusterFleet pins its classes to the site's zones)`, s);
        }
        return { classes: [], keys: [] };
      }
      const classes = withRetain({
        name: "block",
        driver: s.driver,
        parameters: { ...s.parameters },
        allowedTopologies: topologyOf(ctx, c, path, s.zoneTopologyKey, zones, s.regionTopologyKey),
        default: true,
        replication: "zonal",
      });
      return { classes, keys: [] };
    }
  }
}

function planSecretsBackend(ctx: PlanContext, c: ClusterSpec, path: string): SecretsBackendPlan | undefined {
  const names = clusterNames(c.provider, ctx.spec.name, c.name);
  const b = c.secretsBackend;
  const common = { storeName: FLEET_SECRET_STORE, serviceAccount: { ...SECRETS_READER } };
  const slashPrefix = `${ctx.spec.name}/${c.name}/`;
  if (b && "vault" in b) {
    checkLocation(ctx, c, `${path}.secretsBackend.vault.region`, `secrets backend (Vault at ${b.vault.address})`, b.vault.region, b.vault.region);
    return {
      kind: "vault",
      region: b.vault.region,
      ...common,
      prefix: slashPrefix,
      address: b.vault.address,
      mount: b.vault.mount,
      authMount: b.vault.authMount,
      role: b.vault.role,
      ...(b.vault.caBundle ? { caBundle: b.vault.caBundle } : {}),
    };
  }
  switch (c.provider) {
    case "aws": {
      const region = b && "awsSecretsManager" in b ? (b.awsSecretsManager.region ?? c.region) : c.region;
      if (b && "awsSecretsManager" in b) checkLocation(ctx, c, `${path}.secretsBackend.awsSecretsManager.region`, "secrets backend (AWS Secrets Manager)", region, region);
      return { kind: "aws-secrets-manager", region, ...common, prefix: slashPrefix, roleName: names["secretsRole"]! };
    }
    case "gcp": {
      const spec = b && "gcpSecretManager" in b ? b.gcpSecretManager : {};
      const region = spec.location ?? c.region;
      if (spec.location !== undefined) checkLocation(ctx, c, `${path}.secretsBackend.gcpSecretManager.location`, "secrets backend (GCP Secret Manager)", region, region);
      return {
        kind: "gcp-secret-manager",
        region,
        ...common,
        // Secret IDs take letters, digits, '-' and '_'; '_' never occurs in fleet or cluster names, so it separates them unambiguously.
        prefix: `${ctx.spec.name}_${c.name}_`,
        project: spec.project ?? c.gcp.project,
        googleServiceAccount: names["secretsServiceAccount"]!,
      };
    }
    case "azure": {
      const region = b && "azureKeyVault" in b ? (b.azureKeyVault.location ?? c.region) : c.region;
      if (b && "azureKeyVault" in b) checkLocation(ctx, c, `${path}.secretsBackend.azureKeyVault.location`, "secrets backend (Azure Key Vault)", region, region);
      return { kind: "azure-key-vault", region, ...common, prefix: "", vaultName: names["secretsVault"]!, identityName: names["secretsIdentity"]! };
    }
    case "kubeadm":
      ctx.problems.error(
        `${path}.secretsBackend`,
        "sovereignty/secrets-backend-required",
        `kubeadm cluster "${c.name}" needs secretsBackend: { vault: { address, region, mount, role } }: a Vault server in site ${c.region} (got ${show(b)})`,
        b,
      );
      return undefined;
    case "existing":
      return undefined;
  }
}

interface BackupLocation {
  readonly config?: { readonly region?: unknown };
}

/**
 * Velero (opt-in) keeps backups where its override values say. Backup and snapshot locations that
 * name a region (the AWS plugin's `config.region`) must name the cluster's.
 */
function backupLocations(ctx: PlanContext, c: ClusterSpec, path: string): DataLocationPlan[] {
  const values = c.addons.overrides.velero?.values as { configuration?: Record<string, unknown> } | undefined;
  const out: DataLocationPlan[] = [];
  for (const list of ["backupStorageLocation", "volumeSnapshotLocation"] as const) {
    const entries = values?.configuration?.[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((e: BackupLocation, i) => {
      const region = e?.config?.region;
      if (typeof region !== "string") return;
      const at = `${path}.addons.overrides.velero.values.configuration.${list}[${i}].config.region`;
      checkLocation(ctx, c, at, `Velero ${list === "backupStorageLocation" ? "backup bucket" : "volume snapshots"}`, region, region);
      out.push({ what: `backups (Velero ${list})`, region, path: at });
    });
  }
  return out;
}

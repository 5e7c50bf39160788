// Cloud resources that hold data or keys, checked against their cluster's region: KMS keys (and no
// multi-Region or replica keys), secrets (and no replica regions), vaults, buckets and storage
// accounts, disk encryption sets.
import type { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { awsRegion, elsewhere, expectedRegion, known, sameRegion, type RuleArgs } from "./regions.ts";

type Check = (args: RuleArgs, report: ReportViolation) => void;

/** Checks the resource's region (read by `regionOf`) against its cluster's; unknowns pass (decided at `up`). */
const inClusterRegion =
  (what: string, regionOf: (args: RuleArgs) => string | undefined): Check =>
  (args, report) => {
    const e = expectedRegion(args);
    const actual = regionOf(args);
    if (e && actual !== undefined && !sameRegion(actual, e.region)) report(elsewhere(`${what} ${args.name}`, actual, e));
  };

const location = (args: RuleArgs): string | undefined => (known(args.props["location"]) ? args.props["location"] : undefined);

const byType =
  (checks: Readonly<Record<string, Check>>) =>
  (args: RuleArgs, report: ReportViolation): void =>
    checks[args.type]?.(args, report);

export const KEY_TYPES = ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "gcp:kms/keyRing:KeyRing"] as const;
export const kmsKeysInRegion: ResourceValidationPolicy = {
  name: "kms-keys-in-cluster-region",
  description: "Every KMS key (AWS KMS key, Cloud KMS key ring) is in its cluster's region, and never multi-Region or a replica.",
  enforcementLevel: "mandatory",
  validateResource: byType({
    "aws:kms/key:Key": (args, report) => {
      if (args.props["multiRegion"] === true) report(`KMS key ${args.name} is a multi-Region key: it can be replicated out of its cluster's region`);
      inClusterRegion("KMS key", awsRegion)(args, report);
    },
    "aws:kms/replicaKey:ReplicaKey": (args, report) => report(`KMS replica key ${args.name} copies a key into ${awsRegion(args) ?? "another region"}: keys are never replicated`),
    "gcp:kms/keyRing:KeyRing": inClusterRegion("Cloud KMS key ring", location),
  }),
};

export const SECRET_TYPES = ["aws:secretsmanager/secret:Secret", "gcp:secretmanager/secret:Secret", "gcp:secretmanager/regionalSecret:RegionalSecret", "azure-native:keyvault:Vault"] as const;
export const secretsInRegion: ResourceValidationPolicy = {
  name: "secrets-in-cluster-region",
  description: "Every secret and vault is in its cluster's region: no Secrets Manager replica regions, no global or multi-location GCP secrets, Key Vaults in the cluster's location.",
  enforcementLevel: "mandatory",
  validateResource: byType({
    "aws:secretsmanager/secret:Secret": (args, report) => {
      const replicas = (args.props["replicas"] ?? []) as { region?: unknown }[];
      for (const r of replicas) report(`secret ${args.name} is replicated to ${String(r.region)}: secrets have no replica regions`);
      inClusterRegion("secret", awsRegion)(args, report);
    },
    "gcp:secretmanager/secret:Secret": (args, report) => {
      const e = expectedRegion(args);
      const replication = (args.props["replication"] ?? {}) as { auto?: unknown; userManaged?: { replicas?: { location?: unknown }[] } };
      if (replication.auto !== undefined) report(`secret ${args.name} uses automatic replication (Google picks the regions): use a regional secret in its cluster's region`);
      for (const r of replication.userManaged?.replicas ?? []) {
        if (e && known(r.location) && !sameRegion(r.location, e.region)) report(elsewhere(`a replica of secret ${args.name}`, r.location, e));
      }
    },
    "gcp:secretmanager/regionalSecret:RegionalSecret": inClusterRegion("regional secret", location),
    "azure-native:keyvault:Vault": inClusterRegion("Key Vault", location),
  }),
};

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "gcp:storage/bucket:Bucket", "azure-native:storage:StorageAccount"] as const;
export const bucketsInRegion: ResourceValidationPolicy = {
  name: "buckets-in-cluster-region",
  description: "Every bucket (S3, Cloud Storage) and storage account is in its cluster's region; no multi-region or dual-region GCS locations.",
  enforcementLevel: "mandatory",
  validateResource: byType({
    "aws:s3/bucket:Bucket": inClusterRegion("bucket", awsRegion),
    "aws:s3/bucketV2:BucketV2": inClusterRegion("bucket", awsRegion),
    "gcp:storage/bucket:Bucket": inClusterRegion("bucket", location),
    "azure-native:storage:StorageAccount": inClusterRegion("storage account", location),
  }),
};

export const DES_TYPES = ["azure-native:compute:DiskEncryptionSet"] as const;
export const diskEncryptionSetsInRegion: ResourceValidationPolicy = {
  name: "disk-encryption-sets-in-cluster-region",
  description: "Every disk encryption set is in its cluster's location.",
  enforcementLevel: "mandatory",
  validateResource: byType({ "azure-native:compute:DiskEncryptionSet": inClusterRegion("disk encryption set", location) }),
};

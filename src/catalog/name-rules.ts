// Provider limits on the names ClusterFleet sets. The planner fits every name to these;
// components never shorten a name themselves.
import type { NameRule } from "./types.ts";

const rule = (max: number, source: string, charset: NameRule["charset"] = "dns"): NameRule => ({ max, charset, source });

export const nameRules = {
  "aws.cluster": rule(100, "EKS CreateCluster: name 1-100 chars"),
  "aws.nodeGroup": rule(63, "EKS CreateNodegroup: nodegroupName 1-63 chars"),
  "aws.iamRole": rule(64, "IAM: role name 1-64 chars"),
  "aws.kmsAlias": rule(250, "KMS: alias name up to 256 chars including 'alias/'"),
  "aws.vpc": rule(255, "EC2 tag value (Name) up to 255 chars"),
  "aws.securityGroup": rule(255, "EC2 CreateSecurityGroup: GroupName up to 255 chars"),
  "gcp.cluster": rule(40, "GKE: cluster name 1-40 chars, lowercase, starts with a letter"),
  "gcp.nodePool": rule(40, "GKE: node pool name 1-40 chars"),
  "gcp.network": rule(63, "Compute Engine: resource names RFC 1035, 1-63 chars"),
  "gcp.subnetwork": rule(63, "Compute Engine: resource names RFC 1035, 1-63 chars"),
  "gcp.router": rule(63, "Compute Engine: resource names RFC 1035, 1-63 chars"),
  "gcp.kmsKeyRing": rule(63, "Cloud KMS: key ring name 1-63 chars"),
  "gcp.kmsKey": rule(63, "Cloud KMS: crypto key name 1-63 chars"),
  "gcp.serviceAccount": rule(30, "IAM: service account ID 6-30 chars"),
  "azure.resourceGroup": rule(90, "Azure naming rules: resource group 1-90 chars"),
  "azure.cluster": rule(63, "Azure naming rules: managedClusters 1-63 chars"),
  "azure.dnsPrefix": rule(54, "AKS: dnsPrefix 1-54 chars"),
  "azure.nodePool": rule(12, "AKS: Linux agent pool name 1-12 lowercase letters and digits, starting with a letter", "alnum"),
  "azure.vnet": rule(64, "Azure naming rules: virtualNetworks 2-64 chars"),
  "azure.diskEncryptionSet": rule(80, "Azure naming rules: diskEncryptionSets 1-80 chars"),
  "azure.keyVault": rule(24, "Azure naming rules: vaults 3-24 chars, globally unique"),
  "aws.s3Bucket": rule(63, "S3 bucket naming rules: 3-63 chars, lowercase letters, digits, '-', '.'; global namespace"),
  "gcp.gcsBucket": rule(63, "Cloud Storage bucket names: 3-63 chars (without dots), lowercase; global namespace"),
  "azure.storageAccount": rule(24, "Azure naming rules: storageAccounts 3-24 lowercase letters and digits, globally unique", "alnum"),
  "kubeadm.cluster": rule(63, "Kubernetes: DNS-1123 label, 63 chars"),
  "existing.cluster": rule(63, "Kubernetes: DNS-1123 label, 63 chars"),
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof nameRules;

// Resource names fitted to provider limits. A name that fits is kept as written; one that does
// not is cut and given a stable hash of the full name, so two long names never collide and the
// same spec always yields the same names.
import { createHash } from "node:crypto";
import { nameRules, type NameKind } from "../catalog/name-rules.ts";

export function stableHash(text: string, length = 6): string {
  return BigInt(`0x${createHash("sha256").update(text).digest("hex").slice(0, 16)}`)
    .toString(36)
    .padStart(length, "0")
    .slice(0, length);
}

export function fitName(kind: NameKind, parts: readonly string[]): string {
  const rule = nameRules[kind];
  if (rule.charset === "alnum") {
    const raw = parts.join("").toLowerCase().replace(/[^a-z0-9]/g, "");
    const full = /^[a-z]/.test(raw) ? raw : `n${raw}`;
    if (full.length <= rule.max) return full;
    return `${full.slice(0, rule.max - 5)}${stableHash(full, 5)}`;
  }
  const full = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (full.length <= rule.max) return full;
  const head = full.slice(0, rule.max - 7).replace(/-+$/, "");
  return `${head}-${stableHash(full, 6)}`;
}

/**
 * Every provider resource name a cluster needs, by kind of resource. A plan asks twice per cluster
 * (its resources, its secrets backend); names are a pure function of their parts, so they are kept,
 * a bounded number of them, to be asked again (a fresh copy each time: callers may spread them).
 */
export function clusterNames(provider: string, fleet: string, cluster: string): Record<string, string> {
  const key = `${provider}\u0000${fleet}\u0000${cluster}`;
  let names = namesCache.get(key);
  if (!names) {
    if (namesCache.size >= NAMES_CACHE_MAX) namesCache.clear();
    names = computeClusterNames(provider, fleet, cluster);
    namesCache.set(key, names);
  }
  return { ...names };
}

const NAMES_CACHE_MAX = 20_000;
const namesCache = new Map<string, Record<string, string>>();

function computeClusterNames(provider: string, fleet: string, cluster: string): Record<string, string> {
  const base = [fleet, cluster];
  switch (provider) {
    case "aws":
      return {
        cluster: fitName("aws.cluster", base),
        vpc: fitName("aws.vpc", base),
        kmsAlias: `alias/${fitName("aws.kmsAlias", [...base, "secrets"])}`,
        clusterRole: fitName("aws.iamRole", [...base, "cluster"]),
        nodeRole: fitName("aws.iamRole", [...base, "node"]),
        clusterSecurityGroup: fitName("aws.securityGroup", [...base, "cluster"]),
        lokiRole: fitName("aws.iamRole", [...base, "loki"]),
        volumeKmsAlias: `alias/${fitName("aws.kmsAlias", [...base, "volumes"])}`,
        secretsRole: fitName("aws.iamRole", [...base, "external-secrets"]),
      };
    case "gcp":
      return {
        cluster: fitName("gcp.cluster", base),
        network: fitName("gcp.network", base),
        subnetwork: fitName("gcp.subnetwork", [...base, "nodes"]),
        router: fitName("gcp.router", [...base, "router"]),
        nat: fitName("gcp.router", [...base, "nat"]),
        kmsKeyRing: fitName("gcp.kmsKeyRing", base),
        kmsKey: fitName("gcp.kmsKey", [...base, "secrets"]),
        nodeServiceAccount: fitName("gcp.serviceAccount", [...base, "nodes"]),
        lokiServiceAccount: fitName("gcp.serviceAccount", [...base, "loki"]),
        secretsServiceAccount: fitName("gcp.serviceAccount", [...base, "eso"]),
      };
    case "azure":
      return {
        resourceGroup: fitName("azure.resourceGroup", base),
        cluster: fitName("azure.cluster", base),
        dnsPrefix: fitName("azure.dnsPrefix", base),
        vnet: fitName("azure.vnet", base),
        nodeSecurityGroup: fitName("azure.vnet", [...base, "nodes"]),
        // Key Vault names are global: the hash keeps two fleets' vaults apart.
        keyVault: fitName("azure.keyVault", ["kv", stableHash(`${fleet}/${cluster}`, 6), cluster]),
        lokiIdentity: fitName("azure.cluster", [...base, "loki"]),
        // The cluster's secrets get a vault of their own (the etcd key's vault is the control plane's).
        secretsVault: fitName("azure.keyVault", ["kvs", stableHash(`${fleet}/${cluster}/secrets`, 6), cluster]),
        secretsIdentity: fitName("azure.cluster", [...base, "external-secrets"]),
        diskEncryptionSet: fitName("azure.diskEncryptionSet", [...base, "disks"]),
      };
    case "kubeadm":
      return { cluster: fitName("kubeadm.cluster", base) };
    default:
      return { cluster: fitName("existing.cluster", base) };
  }
}

export function nodePoolName(provider: string, fleet: string, cluster: string, pool: string): string {
  switch (provider) {
    case "aws":
      return fitName("aws.nodeGroup", [fleet, cluster, pool]);
    case "gcp":
      return fitName("gcp.nodePool", [pool]);
    case "azure":
      return fitName("azure.nodePool", [pool]);
    default:
      return pool;
  }
}

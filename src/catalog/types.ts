// The catalog: facts ClusterFleet plans with, as data. Every table notes its source and date;
// a fleet spec can override any of it (`catalog:`) when the world moves faster than a release.
import type { AddonId, MeshKind } from "../spec/addons.ts";
import type { CloudProvider, Provider } from "../spec/primitives.ts";
import type { VersionSkewFact } from "./version-skew.ts";

export interface RegionFact {
  /** ISO 3166-1 alpha-2 country the region's data centres are in. */
  readonly country: string;
  /** Zone names as the provider's API spells them; empty when the region has no availability zones. */
  readonly zones: readonly string[];
  /** Access restricted (Azure "restricted" regions) or a separate partition; usable, with care. */
  readonly note?: string;
}

export interface KubernetesVersionFact {
  /** Supported minors, oldest first. */
  readonly minors: readonly string[];
  readonly source: string;
}

export interface NameRule {
  readonly max: number;
  /** Allowed characters after sanitising; names are lowercased first. */
  readonly charset: "dns" | "alnum";
  readonly source: string;
}

export interface ChartFact {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly namespace: string;
  readonly source: string;
}

export interface PackageRepository {
  readonly url: string;
  /** The repository's signing key. */
  readonly key: string;
}

/** What a kubeadm cluster installs on the user's machines. */
export interface KubeadmCatalog {
  /** Kubernetes patch release installed for each supported minor ("1.35" → "1.35.9"). */
  readonly patches: Readonly<Record<string, string>>;
  readonly patchesSource: string;
  /** kubelet, kubeadm and kubectl packages (pkgs.k8s.io), one repository per minor: `{minor}` in the URLs stands for it. */
  readonly packages: {
    readonly deb: PackageRepository;
    readonly rpm: PackageRepository;
    readonly source: string;
  };
  /** kube-vip, which serves a control-plane VIP from a static pod on each control-plane machine. */
  readonly kubeVip: { readonly image: string; readonly source: string };
  /** Calico, the default CNI of a kubeadm cluster (the clouds bring their own). */
  readonly calico: { readonly version: string; readonly manifest: string; readonly source: string };
}

/** What a port of a mesh's cross-cluster traffic is for (firewall rule descriptions say it). */
export type MeshPortPurpose = "istio-east-west" | "istio-control-plane" | "istio-webhook" | "linkerd-proxy" | "linkerd-admin";

export interface MeshFact {
  /** Registry prefix of the proxy the mesh injects into every meshed pod (always allowed by the baseline). */
  readonly proxyRegistry: string;
  /** TCP ports a peer cluster's mesh reaches in this one (east-west gateway, control plane): what the fabric's firewalls open between peers. */
  readonly eastWestPorts: readonly { readonly port: number; readonly purpose: MeshPortPurpose }[];
  readonly source: string;
}

export interface Catalog {
  readonly regions: Readonly<Record<CloudProvider, Readonly<Record<string, RegionFact>>>>;
  readonly kubernetesVersions: Readonly<Record<Provider, KubernetesVersionFact>>;
  /** Per-security-group rule quota the fabric's AWS rules must fit. @default awsSecurityGroupLimits */
  readonly awsSecurityGroups?: { readonly inboundRulesPerGroup: number; readonly eksClusterGroupOwnRules: number };
  /** How far node pools may trail the control plane, and what a control-plane step needs, per provider. */
  readonly versionSkew: Readonly<Record<Provider, VersionSkewFact>>;
  readonly nameRules: Readonly<Record<string, NameRule>>;
  readonly charts: Readonly<Record<AddonId, ChartFact>>;
  readonly meshes: Readonly<Record<Exclude<MeshKind, "none">, MeshFact>>;
  /** Countries of the EU, for jurisdictions that say `countries: [EU members]` by name. */
  readonly euCountries: readonly string[];
  readonly kubeadm: KubeadmCatalog;
}

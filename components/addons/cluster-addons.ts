// clusterfleet:addons:ClusterAddons — every add-on one cluster's plan names, on that cluster's own
// Kubernetes provider: the namespaces, the mesh (Istio or Linkerd), the policy engine with the
// baseline, observability, and the platform charts. Independent add-ons install in parallel; each
// waits only for its namespace and for what it really needs.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddonPlan, ClusterPlan } from "../../src/plan/types.ts";
import type { AddonId } from "../../src/spec/addons.ts";
import type { FleetCluster } from "../cluster-contract.ts";
import { TOKENS } from "../tokens.ts";
import { installChart } from "./helm.ts";
import { kubeOpts, type KubeScope } from "./kube.ts";
import { IstioMesh } from "./mesh/istio.ts";
import { LinkerdMesh } from "./mesh/linkerd.ts";
import type { MeshTrustSource } from "./mesh/mesh-identity.ts";
import { addonNamespaces } from "./namespaces.ts";
import { Observability } from "./observability/observability.ts";
import { Gatekeeper } from "./policy/gatekeeper.ts";
import { Kyverno } from "./policy/kyverno.ts";
import { chartValues } from "./values/by-addon.ts";
import type { ValuesContext } from "./values/context.ts";

const GROUPS = {
  istio: ["istio-base", "istiod", "istio-eastwest-gateway"],
  linkerd: ["linkerd-crds", "linkerd-control-plane", "linkerd-multicluster"],
  observability: ["kube-prometheus-stack", "loki", "opentelemetry-collector"],
  platform: ["external-secrets", "velero"],
} as const satisfies Record<string, readonly AddonId[]>;

export interface ClusterAddonsArgs {
  readonly fleet: string;
  readonly cluster: ClusterPlan;
  /** The cluster component: its Kubernetes provider, readiness and log storage. */
  readonly host: FleetCluster;
  /** The fleet's mesh roots; present when some cluster runs a mesh. */
  readonly identity?: MeshTrustSource;
  /** The cluster's pinned StorageClasses, once its ClusterSovereignty exists: charts that claim volumes wait for them. */
  readonly volumesReady?: Promise<readonly pulumi.Resource[]>;
}

export class ClusterAddons extends pulumi.ComponentResource {
  readonly clusterName: string;
  /** Every chart installed on the cluster, by add-on. */
  readonly releases: Readonly<Partial<Record<AddonId, k8s.helm.v3.Release>>>;
  readonly namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>;
  readonly istio?: IstioMesh;
  readonly linkerd?: LinkerdMesh;
  /** The policy engine, for other policy sets (data sovereignty) to add to. */
  readonly policy?: Gatekeeper | Kyverno;
  readonly observability?: Observability;

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.clusterAddons, name, {}, opts);
    const { cluster: c, host } = args;
    const provider = host.kubernetesProvider;
    const scope: KubeScope = { parent: this, provider };
    const values: ValuesContext = { fleet: args.fleet, cluster: c };
    const present = (ids: readonly AddonId[]) => c.addons.filter((a) => ids.includes(a.id));
    const child = { parent: this };

    this.clusterName = c.name;
    this.namespaces = Object.fromEntries(
      addonNamespaces(c).map((ns) => [ns.metadata!.name!, new k8s.core.v1.Namespace(`${name}-namespace-${ns.metadata!.name}`, ns, kubeOpts(scope, host.readyForAddons ?? []))]),
    );
    const ns = (namespace: string) => this.namespaces[namespace]!;
    const releases: Partial<Record<AddonId, k8s.helm.v3.Release>> = {};

    const trust = args.identity?.trustFor(c);
    const istio = present(GROUPS.istio);
    if (istio.length && trust && c.mesh === "istio") {
      this.istio = new IstioMesh(`${name}-istio`, { values, addons: istio, provider, namespace: ns("istio-system"), root: trust.root, peerRoots: trust.peerRoots }, child);
      Object.assign(releases, this.istio.releases);
    }
    const linkerd = present(GROUPS.linkerd);
    if (linkerd.length && trust && c.mesh === "linkerd") {
      const mc = this.namespaces["linkerd-multicluster"];
      this.linkerd = new LinkerdMesh(
        `${name}-linkerd`,
        { values, addons: linkerd, provider, namespaces: { controlPlane: ns("linkerd"), ...(mc ? { multicluster: mc } : {}) }, trustAnchor: trust.root, peerTrustAnchors: trust.peerRoots },
        child,
      );
      Object.assign(releases, this.linkerd.releases);
    }

    const engine = c.addons.find((a) => a.id === "gatekeeper" || a.id === "kyverno");
    if (engine && c.policyBaseline) {
      const policyArgs = { values, addon: engine, baseline: c.policyBaseline, provider, namespace: ns(engine.namespace) };
      this.policy = engine.id === "gatekeeper" ? new Gatekeeper(`${name}-gatekeeper`, policyArgs, child) : new Kyverno(`${name}-kyverno`, policyArgs, child);
      releases[engine.id] = this.policy.release;
    }

    const observability = present(GROUPS.observability);
    if (observability.length) {
      this.observability = new Observability(
        `${name}-observability`,
        { values, addons: observability, provider, namespaces: this.namespaces, ...(host.logStorage ? { logStorage: host.logStorage } : {}), ...(args.volumesReady ? { volumesReady: args.volumesReady } : {}) },
        child,
      );
      Object.assign(releases, this.observability.releases);
    }

    for (const a of present(GROUPS.platform)) releases[a.id] = installChart(`${name}-chart-${a.id}`, a, chartValues(a, values), scope, [ns(a.namespace)]);
    this.releases = releases;
    this.registerOutputs({
      clusterName: this.clusterName,
      releases: Object.fromEntries(Object.entries(releases).map(([id, r]) => [id, { chart: (c.addons.find((a) => a.id === id) as AddonPlan).chart, version: r!.version }])),
    });
  }
}

/** Why a cluster cannot get its add-ons rendered as planned; undefined when it can. */
export function missingForAddons(c: ClusterPlan, host: FleetCluster): string | undefined {
  const store = c.observability.logStore;
  if (c.addons.some((a) => a.id === "loki") && store && store.kind !== "filesystem" && !host.logStorage) {
    return `cluster "${c.name}" (${c.provider}) stores its logs in ${store.kind} bucket "${store.bucket}" in ${store.region}, but its component gives no logStorage (the bucket and Loki's access to it)`;
  }
  return undefined;
}

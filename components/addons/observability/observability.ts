// clusterfleet:addons:Observability — kube-prometheus-stack (metrics, labelled for the fleet,
// optionally remote-written to the fleet's central endpoint), Loki (logs, in the cluster's own
// region) and the OpenTelemetry collector (traces). The three are independent: installed in parallel.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AddonPlan } from "../../../src/plan/types.ts";
import type { LogStorage } from "../../cluster-contract.ts";
import { TOKENS } from "../../tokens.ts";
import { installChart } from "../helm.ts";
import { kubeOpts, type KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { ValuesContext } from "../values/context.ts";
import { GRAFANA_ADMIN_SECRET } from "../values/observability.ts";

export interface ObservabilityArgs {
  readonly values: ValuesContext;
  readonly addons: readonly AddonPlan[];
  readonly provider: k8s.Provider;
  readonly namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>;
  /** The cluster's log bucket access, for object-storage log stores. */
  readonly logStorage?: LogStorage;
  /** The cluster's pinned StorageClasses (and the provider's un-defaulted one), once they exist: Prometheus and Loki claim volumes. */
  readonly volumesReady?: Promise<readonly pulumi.Resource[]>;
}

/** Charts that create PersistentVolumeClaims (Prometheus' storageSpec, Loki's single-binary persistence). */
export const CLAIMS_VOLUMES: readonly AddonPlan["id"][] = ["kube-prometheus-stack", "loki"];

export class Observability extends pulumi.ComponentResource {
  readonly releases: Readonly<Partial<Record<AddonPlan["id"], k8s.helm.v3.Release>>>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.observability, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    const annotations = args.logStorage?.serviceAccountAnnotations;
    const extra = (a: AddonPlan): pulumi.Resource[] => {
      if (a.id === "loki") return [...(args.logStorage?.dependsOn ?? [])];
      if (a.id === "kube-prometheus-stack" && args.values.cluster.observability.grafana) return [this.grafanaAdmin(name, scope, args.namespaces[a.namespace]!)];
      return [];
    };
    this.releases = Object.fromEntries(
      args.addons.map((a) => [
        a.id,
        installChart(
          `${name}-chart-${a.id}`,
          a,
          chartValues(a, args.values, annotations === undefined ? {} : { logServiceAccountAnnotations: annotations }),
          scope,
          [args.namespaces[a.namespace]!, ...extra(a)],
          // A claim made before the pinned classes exist (or while the provider's class is still the default) binds to the provider's class.
          CLAIMS_VOLUMES.includes(a.id) && args.volumesReady ? { after: args.volumesReady } : {},
        ),
      ]),
    );
    this.registerOutputs({ releases: Object.keys(this.releases) });
  }

  /** The hub's Grafana admin credentials: a generated password, kept secret, in the Secret the chart reads. */
  private grafanaAdmin(name: string, scope: KubeScope, namespace: k8s.core.v1.Namespace): k8s.core.v1.Secret {
    const password = new random.RandomPassword(`${name}-grafana-admin-password`, { length: 32, special: false }, { parent: this });
    return new k8s.core.v1.Secret(
      `${name}-secret-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace: namespace.metadata.name },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.all({ [GRAFANA_ADMIN_SECRET.userKey]: "admin", [GRAFANA_ADMIN_SECRET.passwordKey]: pulumi.secret(password.result) })),
      },
      kubeOpts(scope, [namespace]),
    );
  }
}

// clusterfleet:addons:Observability — kube-prometheus-stack (metrics, labelled for the fleet,
// optionally remote-written to the fleet's central endpoint), Loki (logs, in the cluster's own
// region) and the OpenTelemetry collector (traces). The three are independent: installed in parallel.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddonPlan } from "../../../src/plan/types.ts";
import type { LogStorage } from "../../cluster-contract.ts";
import { TOKENS } from "../../tokens.ts";
import { installChart } from "../helm.ts";
import type { KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { ValuesContext } from "../values/context.ts";

export interface ObservabilityArgs {
  readonly values: ValuesContext;
  readonly addons: readonly AddonPlan[];
  readonly provider: k8s.Provider;
  readonly namespaces: Readonly<Record<string, k8s.core.v1.Namespace>>;
  /** The cluster's log bucket access, for object-storage log stores. */
  readonly logStorage?: LogStorage;
}

export class Observability extends pulumi.ComponentResource {
  readonly releases: Readonly<Partial<Record<AddonPlan["id"], k8s.helm.v3.Release>>>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.observability, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    const annotations = args.logStorage?.serviceAccountAnnotations;
    this.releases = Object.fromEntries(
      args.addons.map((a) => [
        a.id,
        installChart(
          `${name}-chart-${a.id}`,
          a,
          chartValues(a, args.values, annotations === undefined ? {} : { logServiceAccountAnnotations: annotations }),
          scope,
          [args.namespaces[a.namespace]!],
        ),
      ]),
    );
    this.registerOutputs({ releases: Object.keys(this.releases) });
  }
}

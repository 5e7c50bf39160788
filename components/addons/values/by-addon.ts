// ClusterFleet's values for each add-on, and the values a chart is installed with: the cluster's
// override values merged over ClusterFleet's (src/plan/values.ts says how).
import type { AddonPlan } from "../../../src/plan/types.ts";
import { mergeValues } from "../../../src/plan/values.ts";
import type { AddonId } from "../../../src/spec/addons.ts";
import type { ValuesContext } from "./context.ts";
import { eastWestGatewayValues, istioBaseValues, istiodValues } from "./istio.ts";
import { linkerdControlPlaneValues, linkerdCrdsValues, linkerdMulticlusterValues } from "./linkerd.ts";
import { kubePrometheusStackValues, lokiValues, openTelemetryCollectorValues } from "./observability.ts";
import { externalSecretsValues, veleroValues } from "./platform.ts";
import { gatekeeperValues, kyvernoValues } from "./policy.ts";

/** Values known only once resources exist (Pulumi inputs in the components; plain data in tests). */
export interface ComputedValueInputs {
  /** The fleet's Linkerd trust anchor certificate (public). */
  readonly linkerdTrustAnchorPem?: unknown;
  /** Annotations that grant Loki's ServiceAccount access to the cluster's log bucket. */
  readonly logServiceAccountAnnotations?: unknown;
}

export function fleetValues(id: AddonId, ctx: ValuesContext, inputs: ComputedValueInputs = {}): Record<string, unknown> {
  switch (id) {
    case "istio-base":
      return istioBaseValues(ctx);
    case "istiod":
      return istiodValues(ctx);
    case "istio-eastwest-gateway":
      return eastWestGatewayValues(ctx);
    case "linkerd-crds":
      return linkerdCrdsValues(ctx);
    case "linkerd-control-plane":
      if (inputs.linkerdTrustAnchorPem === undefined) throw new Error(`linkerd-control-plane on "${ctx.cluster.name}" needs its jurisdiction's trust anchors`);
      return linkerdControlPlaneValues(ctx, inputs.linkerdTrustAnchorPem);
    case "linkerd-multicluster":
      return linkerdMulticlusterValues(ctx);
    case "gatekeeper":
      return gatekeeperValues(ctx);
    case "kyverno":
      return kyvernoValues(ctx);
    case "kube-prometheus-stack":
      return kubePrometheusStackValues(ctx);
    case "loki": {
      const store = ctx.cluster.observability.logStore;
      if (!store) throw new Error(`loki on "${ctx.cluster.name}" without a planned log store`);
      return lokiValues(ctx, store, inputs.logServiceAccountAnnotations);
    }
    case "opentelemetry-collector":
      return openTelemetryCollectorValues(ctx);
    case "external-secrets":
      return externalSecretsValues(ctx);
    case "velero":
      return veleroValues(ctx);
  }
}

/** What the chart is installed with: the cluster's override values over ClusterFleet's. */
export function chartValues(addon: AddonPlan, ctx: ValuesContext, inputs: ComputedValueInputs = {}): Record<string, unknown> {
  return mergeValues(fleetValues(addon.id, ctx, inputs), addon.values);
}

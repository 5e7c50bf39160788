// The baseline as Gatekeeper ConstraintTemplates (Rego) and constraints. Gatekeeper has no published
// models: the types follow its CRDs (templates.gatekeeper.sh/v1; constraints.gatekeeper.sh/v1beta1),
// and tests validate every object against the ConstraintTemplate CRD and each template's parameters.
import type { PolicyBaselinePlan } from "../../../src/plan/types.ts";
import { BASELINE_RULES, exemptNamespaces, policyName, type BaselineRule, type BaselineRuleId } from "./baseline.ts";

export interface ConstraintTemplate {
  readonly apiVersion: "templates.gatekeeper.sh/v1";
  readonly kind: "ConstraintTemplate";
  readonly metadata: { readonly name: string; readonly annotations: Readonly<Record<string, string>> };
  readonly spec: {
    readonly crd: { readonly spec: { readonly names: { readonly kind: string }; readonly validation: { readonly openAPIV3Schema: Record<string, unknown> } } };
    readonly targets: readonly { readonly target: "admission.k8s.gatekeeper.sh"; readonly rego: string }[];
  };
}

export interface Constraint {
  readonly apiVersion: "constraints.gatekeeper.sh/v1beta1";
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly enforcementAction: "deny" | "warn";
    readonly match: {
      readonly kinds: readonly { readonly apiGroups: readonly string[]; readonly kinds: readonly string[] }[];
      readonly scope: "Namespaced" | "Cluster";
      readonly excludedNamespaces: readonly string[];
    };
    readonly parameters?: Record<string, unknown>;
  };
}

const KINDS: Record<BaselineRuleId, string> = {
  "no-privileged-containers": "ClusterFleetNoPrivilegedContainers",
  "no-host-namespaces": "ClusterFleetNoHostNamespaces",
  "allowed-registries": "ClusterFleetAllowedRegistries",
  "required-resources": "ClusterFleetRequiredResources",
  "required-namespace-labels": "ClusterFleetRequiredNamespaceLabels",
};

const CONTAINERS = `
containers[c] { c := input.review.object.spec.containers[_] }
containers[c] { c := input.review.object.spec.initContainers[_] }`;
const ALL_CONTAINERS = `${CONTAINERS}
containers[c] { c := input.review.object.spec.ephemeralContainers[_] }`;

const REGO: Record<BaselineRuleId, string> = {
  "no-privileged-containers": `violation[{"msg": msg}] {
  c := containers[_]
  c.securityContext.privileged == true
  msg := sprintf("container %v is privileged; privileged containers are not allowed", [c.name])
}
${ALL_CONTAINERS}`,
  "no-host-namespaces": `violation[{"msg": msg}] {
  field := ["hostPID", "hostIPC", "hostNetwork"][_]
  input.review.object.spec[field] == true
  msg := sprintf("pod %v sets %v; sharing the host's namespaces is not allowed", [input.review.object.metadata.name, field])
}`,
  "allowed-registries": `violation[{"msg": msg}] {
  c := containers[_]
  not allowed(c.image)
  msg := sprintf("container %v uses image %v; images must come from: %v", [c.name, c.image, input.parameters.registries])
}
allowed(image) { startswith(image, input.parameters.registries[_]) }
${ALL_CONTAINERS}`,
  "required-resources": `violation[{"msg": msg}] {
  c := containers[_]
  kind := ["requests", "limits"][_]
  resource := input.parameters[kind][_]
  not c.resources[kind][resource]
  msg := sprintf("container %v has no %v.%v; every container declares %v", [c.name, kind, resource, input.parameters])
}
${CONTAINERS}`,
  "required-namespace-labels": `violation[{"msg": msg}] {
  label := input.parameters.labels[_]
  not input.review.object.metadata.labels[label]
  msg := sprintf("namespace %v has no %v label; every namespace needs one", [input.review.object.metadata.name, label])
}`,
};

const strings = { type: "array", items: { type: "string" } };
const resources = { type: "array", items: { type: "string", enum: ["cpu", "memory"] } };
const PARAMETERS: Record<BaselineRuleId, Record<string, unknown>> = {
  "no-privileged-containers": { type: "object" },
  "no-host-namespaces": { type: "object" },
  "allowed-registries": { type: "object", properties: { registries: { ...strings, description: "Image reference prefixes a container may use." } } },
  "required-resources": { type: "object", properties: { requests: resources, limits: resources } },
  "required-namespace-labels": { type: "object", properties: { labels: { ...strings, description: "Labels every namespace carries." } } },
};

function parameters(rule: BaselineRuleId, b: PolicyBaselinePlan): Record<string, unknown> | undefined {
  switch (rule) {
    case "allowed-registries":
      return { registries: [...b.allowedRegistries] };
    case "required-resources":
      return { requests: [...b.requiredResources.requests], limits: [...b.requiredResources.limits] };
    case "required-namespace-labels":
      return { labels: [...b.requiredNamespaceLabels] };
    default:
      return undefined;
  }
}

export function constraintTemplate(rule: BaselineRule): ConstraintTemplate {
  const kind = KINDS[rule.id];
  return {
    apiVersion: "templates.gatekeeper.sh/v1",
    kind: "ConstraintTemplate",
    metadata: { name: kind.toLowerCase(), annotations: { "clusterfleet.dev/baseline-rule": rule.id, description: rule.title } },
    spec: {
      crd: { spec: { names: { kind }, validation: { openAPIV3Schema: PARAMETERS[rule.id] } } },
      targets: [{ target: "admission.k8s.gatekeeper.sh", rego: `package ${kind.toLowerCase()}\n\n${REGO[rule.id]}\n` }],
    },
  };
}

export function constraint(rule: BaselineRule, b: PolicyBaselinePlan): Constraint {
  const params = parameters(rule.id, b);
  return {
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: KINDS[rule.id],
    metadata: { name: policyName(rule.id) },
    spec: {
      enforcementAction: b.enforcement,
      match: {
        kinds: [{ apiGroups: [""], kinds: [rule.subject] }],
        scope: rule.subject === "Namespace" ? "Cluster" : "Namespaced",
        excludedNamespaces: exemptNamespaces(rule, b),
      },
      ...(params ? { parameters: params } : {}),
    },
  };
}

/** Each rule's template and its constraint, in rule order. */
export function gatekeeperBaseline(b: PolicyBaselinePlan): { rule: BaselineRule; template: ConstraintTemplate; constraint: Constraint }[] {
  return BASELINE_RULES.map((rule) => ({ rule, template: constraintTemplate(rule), constraint: constraint(rule, b) }));
}

// The baseline as Kyverno ValidatingPolicies (policies.kyverno.io/v1, CEL): Kyverno's ClusterPolicy
// is deprecated in their favour (kyverno-policies defaults to them since Kyverno 1.17).
import { ValidatingPolicy } from "@kubernetes-models/kyverno/policies.kyverno.io/v1/ValidatingPolicy";
import type { PolicyBaselinePlan } from "../../../src/plan/types.ts";
import { BASELINE_RULES, exemptNamespaces, policyName, type BaselineRule, type BaselineRuleId } from "./baseline.ts";

type PodList = "containers" | "initContainers" | "ephemeralContainers";

/**
 * `pred` (over `c`) for every container of the listed kinds. The lists are checked one by one:
 * CEL is typed, and containers and ephemeral containers are different types.
 */
function everyContainer(lists: readonly PodList[], pred: string): string {
  return lists.map((l) => (l === "containers" ? `object.spec.containers.all(c, ${pred})` : `(!has(object.spec.${l}) || object.spec.${l}.all(c, ${pred}))`)).join(" && ");
}

const ALL: readonly PodList[] = ["containers", "initContainers", "ephemeralContainers"];
/** Ephemeral containers cannot declare resources. */
const WITH_RESOURCES: readonly PodList[] = ["containers", "initContainers"];
const celString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function validation(rule: BaselineRuleId, b: PolicyBaselinePlan): { expression: string; message: string } {
  switch (rule) {
    case "no-privileged-containers":
      return {
        expression: everyContainer(ALL, "!has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false"),
        message: "Privileged containers are not allowed: securityContext.privileged must be unset or false.",
      };
    case "no-host-namespaces":
      return {
        expression: ["hostPID", "hostIPC", "hostNetwork"].map((f) => `!(has(object.spec.${f}) && object.spec.${f})`).join(" && "),
        message: "Sharing the host's namespaces is not allowed: hostPID, hostIPC and hostNetwork must be unset or false.",
      };
    case "allowed-registries": {
      const list = `[${b.allowedRegistries.map(celString).join(", ")}]`;
      return {
        expression: everyContainer(ALL, `${list}.exists(r, c.image.startsWith(r))`),
        message: `Images must come from an allowed registry: ${b.allowedRegistries.join(", ")}.`,
      };
    }
    case "required-resources": {
      const has = (kind: "requests" | "limits", names: readonly string[]) =>
        names.length ? [`has(c.resources.${kind})`, ...names.map((n) => `${celString(n)} in c.resources.${kind}`)] : [];
      const checks = ["has(c.resources)", ...has("requests", b.requiredResources.requests), ...has("limits", b.requiredResources.limits)];
      return {
        expression: everyContainer(WITH_RESOURCES, checks.join(" && ")),
        message: `Every container declares resources: requests ${b.requiredResources.requests.join(", ")}; limits ${b.requiredResources.limits.join(", ")}.`,
      };
    }
    case "required-namespace-labels":
      return {
        expression: b.requiredNamespaceLabels.map((l) => `has(object.metadata.labels) && ${celString(l)} in object.metadata.labels && object.metadata.labels[${celString(l)}] != ''`).join(" && "),
        message: `Every namespace carries the labels: ${b.requiredNamespaceLabels.join(", ")}.`,
      };
  }
}

export function validatingPolicy(rule: BaselineRule, b: PolicyBaselinePlan): ValidatingPolicy {
  const deny = b.enforcement === "deny";
  return new ValidatingPolicy({
    metadata: {
      name: policyName(rule.id),
      annotations: { "policies.kyverno.io/title": rule.title, "policies.kyverno.io/subject": rule.subject, "clusterfleet.dev/baseline-rule": rule.id },
    },
    spec: {
      // deny: refuse (and refuse when Kyverno cannot answer); warn: admit with a warning, and report.
      validationActions: deny ? ["Deny"] : ["Warn", "Audit"],
      failurePolicy: deny ? "Fail" : "Ignore",
      matchConstraints: {
        resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: [rule.subject === "Pod" ? "pods" : "namespaces"] }],
        namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: exemptNamespaces(rule, b) }] },
      },
      validations: [validation(rule.id, b)],
    },
  });
}

export function kyvernoBaseline(b: PolicyBaselinePlan): { rule: BaselineRule; policy: ValidatingPolicy }[] {
  return BASELINE_RULES.map((rule) => ({ rule, policy: validatingPolicy(rule, b) }));
}

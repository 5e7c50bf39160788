// The sovereignty rules as the API server's own admission: one ValidatingAdmissionPolicy and its binding
// per rule (admissionregistration.k8s.io/v1, GA in Kubernetes 1.30; the planner refuses older minors),
// the CEL of admission.ts with the classes and the store inlined. Rendered for every cluster, whatever its
// policy engine: nothing but the API server runs them, so no add-on has to be up, no webhook can time out,
// and `policy: none` clusters are covered. See
// https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/ for each field.
import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import { activeRules, celList, celString, notExempt, policyName, validations, type SovereigntyAdmission, type SovereigntyRule } from "./admission.ts";

export interface NativeRule {
  readonly rule: SovereigntyRule;
  readonly policy: ValidatingAdmissionPolicy;
  readonly binding: ValidatingAdmissionPolicyBinding;
}

export function nativeSovereignty(a: SovereigntyAdmission): NativeRule[] {
  const deny = a.enforcement === "deny";
  const name = (rule: SovereigntyRule) => policyName(rule.id);
  const meta = (rule: SovereigntyRule) => ({
    name: name(rule),
    labels: { "app.kubernetes.io/managed-by": "clusterfleet" },
    annotations: { "clusterfleet.dev/sovereignty-rule": rule.id, description: rule.title },
  });
  return activeRules(a).map((rule) => ({
    rule,
    policy: new ValidatingAdmissionPolicy({
      metadata: meta(rule),
      spec: {
        // Fail: a request the expressions cannot judge (an error, a cost limit) is refused, not let through.
        // Ignore when only warning: a warning must never turn into a denial.
        failurePolicy: deny ? "Fail" : "Ignore",
        matchConstraints: {
          // Resources that are not served (External Secrets' CRDs on a cluster without them) match nothing;
          // the rule applies once they are installed.
          resourceRules: [{ apiGroups: [rule.apiGroup], apiVersions: ["*"], operations: [...rule.operations], resources: [...rule.resources] }],
          // "If the object is another cluster scoped resource, it never skips the policy": ClusterSecretStore,
          // ClusterExternalSecret, ClusterPushSecret and ClusterGenerator are always judged.
          namespaceSelector: notExempt(a),
        },
        validations: validations(rule.id, { classes: celList(a.classes), store: celString(a.store) }, a),
      },
    }),
    // No paramRef: the values are inlined, the binding only says how a failed rule acts.
    // Deny rejects the request; Warn shows the message to the client and Audit records it in the audit log.
    binding: new ValidatingAdmissionPolicyBinding({
      metadata: meta(rule),
      spec: { policyName: name(rule), validationActions: deny ? ["Deny"] : ["Warn", "Audit"] },
    }),
  }));
}

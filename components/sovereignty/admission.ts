// Admission-time sovereignty rules, in CEL: a PersistentVolumeClaim may name only the fleet's pinned
// classes of its cluster, and secrets come only through the cluster's one ClusterSecretStore (no
// namespaced SecretStore, no other ClusterSecretStore, no ExternalSecret, ClusterExternalSecret,
// PushSecret or ClusterPushSecret that names another store, no generator that fetches a secret from
// elsewhere). Deny in prod, warn elsewhere, as the plan says (sovereignty.admission).
//
// Two renderings of the same expressions:
// - Native, on every cluster (admission-native.ts): ValidatingAdmissionPolicies the API server itself
//   enforces (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/), with
//   no add-on, so they hold with `policy: none` and when a policy engine's webhook is down or removed.
// - On the cluster's policy engine, for audit only (this file): Gatekeeper (K8sNativeValidation, on by
//   default since 3.16: chart value enableK8sNativeValidation) with enforcementAction dryrun, Kyverno
//   ValidatingPolicies with validationActions [Audit]. What they add is what a ValidatingAdmissionPolicy
//   cannot do: their background audits report objects that already exist and break the rules (an adopted
//   cluster's PVCs on a foreign class, a store created before the rules), which admission never sees
//   again (https://open-policy-agent.github.io/gatekeeper/website/docs/audit/,
//   https://kyverno.io/docs/policy-types/validating-policy/). Enforcing there as well would only deny twice.
import { ValidatingPolicy } from "@kubernetes-models/kyverno/policies.kyverno.io/v1/ValidatingPolicy";
import type { ClusterPlan, Enforcement } from "../../src/plan/types.ts";
import type { ConstraintTemplate } from "../addons/policy/gatekeeper-objects.ts";

export type SovereigntyRuleId = "pinned-storage-classes" | "fleet-secret-store-only" | "in-cluster-generators-only";

export interface SovereigntyRule {
  readonly id: SovereigntyRuleId;
  readonly title: string;
  /** What Gatekeeper matches (API groups and kinds) and Kyverno matches (resources). */
  readonly apiGroup: string;
  readonly kinds: readonly string[];
  readonly resources: readonly string[];
  /**
   * The requests the rule judges. A PVC's class is immutable after creation (the API server refuses to
   * change spec.storageClassName), so its rule judges CREATE only: judging UPDATE as well denied the
   * finalizer removal of PVCs that predate the rule, and they could never be deleted. The others judge
   * UPDATE too (a reference can be edited), except updates that leave the spec as it was or happen
   * while the object is being deleted (see UNCHANGED_OR_DELETING).
   */
  readonly operations: readonly ("CREATE" | "UPDATE")[];
}

/** ESO's generators that make a value inside the cluster; every other generator fetches one from somewhere (a registry, a cloud's token service, any URL). */
export const IN_CLUSTER_GENERATORS = ["Password", "UUID"] as const;

export const SOVEREIGNTY_RULES: readonly SovereigntyRule[] = [
  {
    id: "pinned-storage-classes",
    title: "Volumes only from the cluster's pinned storage classes",
    apiGroup: "",
    kinds: ["PersistentVolumeClaim"],
    resources: ["persistentvolumeclaims"],
    operations: ["CREATE"],
  },
  {
    id: "fleet-secret-store-only",
    title: "Secrets only through the cluster's ClusterSecretStore",
    apiGroup: "external-secrets.io",
    kinds: ["SecretStore", "ClusterSecretStore", "ExternalSecret", "ClusterExternalSecret", "PushSecret", "ClusterPushSecret"],
    resources: ["secretstores", "clustersecretstores", "externalsecrets", "clusterexternalsecrets", "pushsecrets", "clusterpushsecrets"],
    operations: ["CREATE", "UPDATE"],
  },
  {
    // ESO's generators (generators.external-secrets.io) fetch secrets themselves: ECR and GCR tokens,
    // STS sessions, Vault dynamic secrets, any webhook URL; an ExternalSecret's generatorRef uses them
    // without a store, so the store rule alone would not see where the value comes from.
    id: "in-cluster-generators-only",
    title: "Secret generators only of kinds that generate inside the cluster",
    apiGroup: "generators.external-secrets.io",
    kinds: ["*"],
    resources: ["*"],
    operations: ["CREATE", "UPDATE"],
  },
];

/**
 * An UPDATE the rules let through: the spec as it was (labels, annotations, finalizers, status), or the
 * object being deleted. Controllers remove their finalizers with such updates; denying them would keep
 * an object that predates the rules from ever going away. `oldObject` is null on CREATE (and in audits).
 */
const UNCHANGED_OR_DELETING = "(oldObject != null && (has(object.metadata.deletionTimestamp) || (has(object.spec) && has(oldObject.spec) && object.spec == oldObject.spec)))";
/** Any request but a CREATE (the PVC rule's guard: its class cannot change after creation). */
const NOT_CREATE = "oldObject != null";

/** What a rule checks against: the classes and the store, either inlined (Kyverno) or a constraint's parameters (Gatekeeper). */
interface Refs {
  readonly classes: string;
  readonly store: string;
}

export const celString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
export const celList = (xs: readonly string[]) => `[${xs.map(celString).join(", ")}]`;

/** A store reference that names the fleet's ClusterSecretStore (the kind defaults to SecretStore when omitted). */
const refOk = (r: string, s: string) => `(has(${r}.kind) && ${r}.kind == 'ClusterSecretStore' && has(${r}.name) && ${r}.name == ${s})`;
/** A generatorRef that names an in-cluster generator, or a ClusterGenerator (whose own kind the generators rule checks). */
const generatorOk = (g: string) => `(has(${g}.kind) && ${g}.kind in ${celList([...IN_CLUSTER_GENERATORS, "ClusterGenerator"])})`;
/** Every source an ExternalSecret spec names: its default store, any per-entry sourceRef.storeRef and sourceRef.generatorRef. */
const externalSecretOk = (spec: string, s: string) =>
  [
    `(!has(${spec}.secretStoreRef) || ${refOk(`${spec}.secretStoreRef`, s)})`,
    ...["data", "dataFrom"].map(
      (l) =>
        `(!has(${spec}.${l}) || ${spec}.${l}.all(d, !has(d.sourceRef) || ((!has(d.sourceRef.storeRef) || ${refOk("d.sourceRef.storeRef", s)}) && (!has(d.sourceRef.generatorRef) || ${generatorOk("d.sourceRef.generatorRef")}))))`,
    ),
  ].join(" && ");

/** The rules with their expressions, checking against `refs` and naming `shown` in their messages. */
export interface Validation {
  readonly expression: string;
  readonly message: string;
}

export function validations(rule: SovereigntyRuleId, refs: Refs, shown: { classes: readonly string[]; store: string }): Validation[] {
  const guard = rule === "pinned-storage-classes" ? NOT_CREATE : UNCHANGED_OR_DELETING;
  return rawValidations(rule, refs, shown).map((v) => ({ ...v, expression: `${guard} || (${v.expression})` }));
}

function rawValidations(rule: SovereigntyRuleId, refs: Refs, shown: { classes: readonly string[]; store: string }): Validation[] {
  if (rule === "pinned-storage-classes") {
    return [
      {
        // Unset resolves to the cluster's default class, which is the fleet's; "" (static binding) is not a pinned class.
        expression: `!has(object.spec.storageClassName) || object.spec.storageClassName in ${refs.classes}`,
        message: `A PersistentVolumeClaim may use only this cluster's region-pinned storage classes: ${shown.classes.join(", ")}.`,
      },
    ];
  }
  if (rule === "in-cluster-generators-only") {
    const local = celList(IN_CLUSTER_GENERATORS);
    return [
      {
        expression: `object.kind in ${local} || (object.kind == 'ClusterGenerator' && has(object.spec.kind) && object.spec.kind in ${local})`,
        message: `Only generators that make their value inside the cluster (${IN_CLUSTER_GENERATORS.join(", ")}) are allowed; other generators fetch secrets from outside the cluster's region.`,
      },
    ];
  }
  const s = refs.store;
  const use = `use ClusterSecretStore ${shown.store}`;
  return [
    { expression: "object.kind != 'SecretStore'", message: `Namespaced SecretStores are not allowed: ${use}, which reads this cluster's secrets in its own region.` },
    { expression: `object.kind != 'ClusterSecretStore' || object.metadata.name == ${s}`, message: `The only ClusterSecretStore is ${shown.store}; another one could read secrets outside the cluster's region.` },
    { expression: `object.kind != 'ExternalSecret' || (${externalSecretOk("object.spec", s)})`, message: `An ExternalSecret must name kind: ClusterSecretStore, name: ${shown.store} in secretStoreRef and in every sourceRef.storeRef.` },
    {
      expression: `object.kind != 'ClusterExternalSecret' || (has(object.spec.externalSecretSpec) && ${externalSecretOk("object.spec.externalSecretSpec", s)})`,
      message: `A ClusterExternalSecret's externalSecretSpec must name only ClusterSecretStore ${shown.store}.`,
    },
    {
      expression: `object.kind != 'PushSecret' || (has(object.spec.secretStoreRefs) && object.spec.secretStoreRefs.all(r, ${refOk("r", s)}))`,
      message: `A PushSecret may push only to ClusterSecretStore ${shown.store}, named (not selected by labels).`,
    },
    {
      expression: `object.kind != 'ClusterPushSecret' || (has(object.spec.pushSecretSpec) && has(object.spec.pushSecretSpec.secretStoreRefs) && object.spec.pushSecretSpec.secretStoreRefs.all(r, ${refOk("r", s)}))`,
      message: `A ClusterPushSecret's pushSecretSpec may push only to ClusterSecretStore ${shown.store}, named (not selected by labels).`,
    },
  ];
}

export interface SovereigntyAdmission {
  readonly enforcement: Enforcement;
  /** Namespaces the rules skip (the plan's sovereignty.admission.exemptNamespaces); cluster-scoped objects are always judged. */
  readonly exemptNamespaces: readonly string[];
  readonly classes: readonly string[];
  readonly store: string;
  /** The rules the plan has what they need for: no class rule without pinned classes, no store rule without a store. */
  readonly rules: readonly SovereigntyRuleId[];
}

/**
 * What the cluster's plan admits, whatever its policy engine. A rule whose allow-list would be empty is
 * not rendered (it would deny every PVC, or every ExternalSecret): the planner refuses that for prod
 * clusters with a policy engine and warns elsewhere (src/plan/sovereignty.ts).
 */
export function admissionOf(c: ClusterPlan): SovereigntyAdmission {
  const classes = c.sovereignty.storageClasses.map((k) => k.name);
  const store = c.sovereignty.secretsBackend?.storeName;
  const rules: SovereigntyRuleId[] = [...(classes.length ? (["pinned-storage-classes"] as const) : []), ...(store ? (["fleet-secret-store-only", "in-cluster-generators-only"] as const) : [])];
  const { enforcement, exemptNamespaces } = c.sovereignty.admission;
  return { enforcement, exemptNamespaces, classes, store: store ?? "clusterfleet", rules };
}

export const activeRules = (a: SovereigntyAdmission): readonly SovereigntyRule[] => SOVEREIGNTY_RULES.filter((r) => a.rules.includes(r.id));
/** The namespaces a rule skips, as a namespaceSelector (a namespace's own name label, set by the API server). */
export const notExempt = (a: SovereigntyAdmission) => ({ matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...a.exemptNamespaces] }] });

export const policyName = (rule: SovereigntyRuleId): string => `clusterfleet-${rule}`;

/** Kyverno: one ValidatingPolicy per rule, with the classes and the store inlined, auditing only (the API server enforces). */
export function kyvernoSovereignty(a: SovereigntyAdmission): { rule: SovereigntyRule; policy: ValidatingPolicy }[] {
  return activeRules(a).map((rule) => ({
    rule,
    policy: new ValidatingPolicy({
      metadata: { name: policyName(rule.id), annotations: { "policies.kyverno.io/title": rule.title, "clusterfleet.dev/sovereignty-rule": rule.id } },
      spec: {
        validationActions: ["Audit"],
        failurePolicy: "Ignore",
        matchConstraints: {
          resourceRules: [{ apiGroups: [rule.apiGroup], apiVersions: ["*"], operations: [...rule.operations], resources: [...rule.resources] }],
          namespaceSelector: notExempt(a),
        },
        validations: validations(rule.id, { classes: celList(a.classes), store: celString(a.store) }, a),
      },
    }),
  }));
}

const KINDS: Record<SovereigntyRuleId, string> = {
  "pinned-storage-classes": "ClusterFleetPinnedStorageClasses",
  "fleet-secret-store-only": "ClusterFleetSecretStoreOnly",
  "in-cluster-generators-only": "ClusterFleetInClusterGenerators",
};
const PARAMETERS: Record<SovereigntyRuleId, Record<string, unknown>> = {
  "pinned-storage-classes": { type: "object", properties: { classes: { type: "array", items: { type: "string" }, description: "The cluster's pinned storage classes." } } },
  "fleet-secret-store-only": { type: "object", properties: { store: { type: "string", description: "The cluster's one ClusterSecretStore." } } },
  "in-cluster-generators-only": { type: "object", properties: {} },
};
const PARAMETER_VALUES = (id: SovereigntyRuleId, a: SovereigntyAdmission): Record<string, unknown> =>
  id === "pinned-storage-classes" ? { classes: [...a.classes] } : id === "fleet-secret-store-only" ? { store: a.store } : {};

export interface SovereigntyConstraint {
  readonly apiVersion: "constraints.gatekeeper.sh/v1beta1";
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    /** dryrun: Gatekeeper's audit reports violations, admission lets them through (the API server enforces). */
    readonly enforcementAction: "dryrun";
    readonly match: {
      readonly kinds: readonly { readonly apiGroups: readonly string[]; readonly kinds: readonly string[] }[];
      readonly scope: "*";
      readonly excludedNamespaces: readonly string[];
    };
    readonly parameters: Record<string, unknown>;
  };
}

/** Gatekeeper: a ConstraintTemplate in CEL (parameters read as variables.params) and its constraint per rule, auditing only. */
export function gatekeeperSovereignty(a: SovereigntyAdmission): { rule: SovereigntyRule; template: ConstraintTemplate; constraint: SovereigntyConstraint }[] {
  return activeRules(a).map((rule) => {
    const kind = KINDS[rule.id];
    const template = {
      apiVersion: "templates.gatekeeper.sh/v1" as const,
      kind: "ConstraintTemplate" as const,
      metadata: { name: kind.toLowerCase(), annotations: { "clusterfleet.dev/sovereignty-rule": rule.id, description: rule.title } },
      spec: {
        crd: { spec: { names: { kind }, validation: { openAPIV3Schema: PARAMETERS[rule.id] } } },
        targets: [
          {
            target: "admission.k8s.gatekeeper.sh" as const,
            code: [{ engine: "K8sNativeValidation", source: { validations: validations(rule.id, { classes: "variables.params.classes", store: "variables.params.store" }, a) } }],
          },
        ],
      },
    } as unknown as ConstraintTemplate;
    const constraint: SovereigntyConstraint = {
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind,
      metadata: { name: policyName(rule.id) },
      spec: {
        enforcementAction: "dryrun",
        match: { kinds: [{ apiGroups: [rule.apiGroup], kinds: [...rule.kinds] }], scope: "*", excludedNamespaces: [...a.exemptNamespaces] },
        parameters: PARAMETER_VALUES(rule.id, a),
      },
    };
    return { rule, template, constraint };
  });
}

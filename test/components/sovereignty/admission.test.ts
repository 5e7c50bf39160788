// The admission policies, evaluated: their CEL (the emitted text, run by @bufbuild/cel, see test/fixtures/cel.ts)
// run against admission objects, as the API server (ValidatingAdmissionPolicy, values inlined), Gatekeeper
// (constraint parameters as variables.params) and Kyverno (values inlined) evaluate them. A PVC naming a
// foreign class is denied; so is every way around the cluster's ClusterSecretStore. The API server
// enforces (deny in prod, warn elsewhere); the engines audit.
import { describe, expect, it } from "vitest";
import { admissionOf, gatekeeperSovereignty, kyvernoSovereignty, type SovereigntyAdmission } from "../../../components/sovereignty/admission.ts";
import { nativeSovereignty } from "../../../components/sovereignty/admission-native.ts";
import type { ClusterPlan } from "../../../src/plan/types.ts";
import { planStack } from "../../fixtures/addon-fleet.ts";
import { evalCel } from "../../fixtures/cel.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";

type Verdict = "admit" | "deny";
interface Engine {
  readonly name: string;
  /** Admit or deny `object` of `kind` (an UPDATE when `oldObject` is given); throws if an expression errors (every policy must be total). */
  decide(kind: string, object: Record<string, unknown>, oldObject?: Record<string, unknown>): Verdict;
}

/** The API server: a policy applies when a resourceRule names the object's group, resource and operation, and its namespace is not excluded. */
function native(a: SovereigntyAdmission): Engine {
  const set = nativeSovereignty(a);
  return {
    name: "native",
    decide(kind, object, oldObject) {
      const namespace = (object["metadata"] as { namespace?: string }).namespace;
      for (const { rule, policy } of set) {
        const match = policy.spec!.matchConstraints!;
        const r = match.resourceRules![0]!;
        const resource = rule.resources[rule.kinds.indexOf(kind)] ?? (rule.resources.includes("*") ? "*" : undefined);
        if (!r.apiGroups!.includes(groupOf(object)) || !resource || !r.resources!.includes(resource) || !r.operations!.includes(oldObject ? "UPDATE" : "CREATE")) continue;
        const exempt = match.namespaceSelector!.matchExpressions!.find((e) => e.key === "kubernetes.io/metadata.name" && e.operator === "NotIn")!.values!;
        if (namespace && exempt.includes(namespace)) continue;
        for (const v of policy.spec!.validations!) {
          const got = evalCel(v.expression, { object, oldObject: oldObject ?? null });
          if (typeof got !== "boolean") throw new Error(`${v.expression} → ${JSON.stringify(got)}`);
          if (!got) return "deny";
        }
      }
      return "admit";
    },
  };
}

const matches = (kinds: readonly string[], kind: string) => kinds.includes(kind) || kinds.includes("*");
const groupOf = (object: Record<string, unknown>) => (String(object["apiVersion"]).includes("/") ? String(object["apiVersion"]).split("/")[0]! : "");

function gatekeeper(a: SovereigntyAdmission): Engine {
  const set = gatekeeperSovereignty(a);
  return {
    name: "gatekeeper",
    decide(kind, object, oldObject) {
      for (const { template, constraint } of set) {
        if (!constraint.spec.match.kinds.some((k) => k.apiGroups.includes(groupOf(object)) && matches(k.kinds, kind))) continue;
        const code = (template.spec.targets[0] as unknown as { code: { engine: string; source: { validations: { expression: string }[] } }[] }).code[0]!;
        expect(code.engine).toBe("K8sNativeValidation");
        for (const v of code.source.validations) {
          const r = evalCel(v.expression, { object, oldObject: oldObject ?? null, variables: { params: constraint.spec.parameters } });
          if (typeof r !== "boolean") throw new Error(`${v.expression} → ${JSON.stringify(r)}`);
          if (!r) return "deny";
        }
      }
      return "admit";
    },
  };
}

function kyverno(a: SovereigntyAdmission): Engine {
  const set = kyvernoSovereignty(a);
  return {
    name: "kyverno",
    decide(kind, object, oldObject) {
      for (const { rule, policy } of set) {
        const match = policy.spec.matchConstraints!.resourceRules![0]!;
        if (rule.apiGroup !== groupOf(object) || !matches(rule.kinds, kind) || !match.operations!.includes(oldObject ? "UPDATE" : "CREATE")) continue;
        for (const v of policy.spec.validations!) {
          const r = evalCel(v.expression!, { object, oldObject: oldObject ?? null });
          if (typeof r !== "boolean") throw new Error(`${v.expression} → ${JSON.stringify(r)}`);
          if (!r) return "deny";
        }
      }
      return "admit";
    },
  };
}

const pvc = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "app" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } });
const eso = (kind: string, spec: Record<string, unknown>, name = "x") => ({ apiVersion: kind.endsWith("PushSecret") ? "external-secrets.io/v1alpha1" : "external-secrets.io/v1", kind, metadata: { name, namespace: "app" }, spec });
const generator = (kind: string, spec: Record<string, unknown>) => ({ apiVersion: "generators.external-secrets.io/v1alpha1", kind, metadata: { name: "g", namespace: "app" }, spec });
const ecrRef = { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "ECRAuthorizationToken", name: "ecr" } };
const fleetRef = { kind: "ClusterSecretStore", name: "clusterfleet" };

interface Case {
  readonly name: string;
  readonly kind: string;
  readonly object: (classes: readonly string[]) => Record<string, unknown>;
  readonly want: Verdict;
}

const CASES: Case[] = [
  { name: "PVC with the default pinned class", kind: "PersistentVolumeClaim", object: (c) => pvc({ storageClassName: c[0] }), want: "admit" },
  { name: "PVC with a Retain twin", kind: "PersistentVolumeClaim", object: (c) => pvc({ storageClassName: c[1] }), want: "admit" },
  { name: "PVC without a class (the fleet's default applies)", kind: "PersistentVolumeClaim", object: () => pvc({}), want: "admit" },
  { name: "PVC naming the provider's old default", kind: "PersistentVolumeClaim", object: () => pvc({ storageClassName: "gp2" }), want: "deny" },
  { name: "PVC naming a class of its own", kind: "PersistentVolumeClaim", object: () => pvc({ storageClassName: "us-east-nfs" }), want: "deny" },
  { name: "PVC with an empty class (static binding)", kind: "PersistentVolumeClaim", object: () => pvc({ storageClassName: "" }), want: "deny" },
  { name: "the fleet's ClusterSecretStore", kind: "ClusterSecretStore", object: () => eso("ClusterSecretStore", { provider: {} }, "clusterfleet"), want: "admit" },
  { name: "another ClusterSecretStore", kind: "ClusterSecretStore", object: () => eso("ClusterSecretStore", { provider: { aws: { region: "us-east-1" } } }, "us"), want: "deny" },
  { name: "a namespaced SecretStore", kind: "SecretStore", object: () => eso("SecretStore", { provider: { aws: { region: "us-east-1", service: "SecretsManager" } } }), want: "deny" },
  { name: "ExternalSecret through the fleet's store", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: fleetRef, data: [{ secretKey: "k", remoteRef: { key: "acme/c/db" } }] }), want: "admit" },
  { name: "ExternalSecret with generators only", kind: "ExternalSecret", object: () => eso("ExternalSecret", { dataFrom: [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name: "p" } } }] }), want: "admit" },
  { name: "ExternalSecret naming a SecretStore (kind omitted)", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: { name: "clusterfleet" } }), want: "deny" },
  { name: "ExternalSecret naming another ClusterSecretStore", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: { kind: "ClusterSecretStore", name: "us" } }), want: "deny" },
  { name: "ExternalSecret with one entry from another store", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: fleetRef, data: [{ secretKey: "k", remoteRef: { key: "k" }, sourceRef: { storeRef: { kind: "SecretStore", name: "mine" } } }] }), want: "deny" },
  { name: "ExternalSecret with dataFrom another store", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: fleetRef, dataFrom: [{ extract: { key: "k" }, sourceRef: { storeRef: { kind: "ClusterSecretStore", name: "us" } } }] }), want: "deny" },
  { name: "ClusterExternalSecret through the fleet's store", kind: "ClusterExternalSecret", object: () => eso("ClusterExternalSecret", { externalSecretSpec: { secretStoreRef: fleetRef } }), want: "admit" },
  { name: "ClusterExternalSecret through another store", kind: "ClusterExternalSecret", object: () => eso("ClusterExternalSecret", { externalSecretSpec: { secretStoreRef: { kind: "ClusterSecretStore", name: "us" } } }), want: "deny" },
  { name: "PushSecret to the fleet's store", kind: "PushSecret", object: () => eso("PushSecret", { secretStoreRefs: [fleetRef] }), want: "admit" },
  { name: "PushSecret to stores selected by labels", kind: "PushSecret", object: () => eso("PushSecret", { secretStoreRefs: [{ kind: "ClusterSecretStore", labelSelector: { matchLabels: { any: "x" } } }] }), want: "deny" },
  { name: "PushSecret to another store", kind: "PushSecret", object: () => eso("PushSecret", { secretStoreRefs: [fleetRef, { kind: "SecretStore", name: "mine" }] }), want: "deny" },
  { name: "ClusterPushSecret to the fleet's store", kind: "ClusterPushSecret", object: () => eso("ClusterPushSecret", { pushSecretSpec: { secretStoreRefs: [fleetRef] } }), want: "admit" },
  { name: "ClusterPushSecret to another store", kind: "ClusterPushSecret", object: () => eso("ClusterPushSecret", { pushSecretSpec: { secretStoreRefs: [{ kind: "ClusterSecretStore", name: "us" }] } }), want: "deny" },
  { name: "ExternalSecret from an ECR token generator (fetched from AWS, no store)", kind: "ExternalSecret", object: () => eso("ExternalSecret", { dataFrom: [{ sourceRef: ecrRef }] }), want: "deny" },
  { name: "ExternalSecret through the fleet's store plus a webhook generator", kind: "ExternalSecret", object: () => eso("ExternalSecret", { secretStoreRef: fleetRef, dataFrom: [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Webhook", name: "w" } } }] }), want: "deny" },
  { name: "a Password generator", kind: "Password", object: () => generator("Password", { length: 32 }), want: "admit" },
  { name: "a Webhook generator (any URL)", kind: "Webhook", object: () => generator("Webhook", { url: "https://secrets.example.com/get" }), want: "deny" },
  { name: "a ClusterGenerator wrapping an ECR token generator", kind: "ClusterGenerator", object: () => generator("ClusterGenerator", { kind: "ECRAuthorizationToken", generator: { ecrRAuthorizationTokenSpec: { region: "us-east-1" } } }), want: "deny" },
  { name: "a ClusterGenerator wrapping a Password generator", kind: "ClusterGenerator", object: () => generator("ClusterGenerator", { kind: "Password", generator: { passwordSpec: { length: 32 } } }), want: "admit" },
];

/** UPDATEs: what a controller does to objects that predate the rules, and what a user does to get around them. */
const UPDATES: (Case & { readonly old: (classes: readonly string[]) => Record<string, unknown> })[] = [
  {
    // The bug this guards: kubernetes.io/pvc-protection removal on a PVC that predates the rule, denied, so the PVC never went away.
    name: "finalizer removal on a PVC that predates the rule (foreign class)",
    kind: "PersistentVolumeClaim",
    old: () => ({ ...pvc({ storageClassName: "gp2" }), metadata: { name: "data", namespace: "app", finalizers: ["kubernetes.io/pvc-protection"], deletionTimestamp: "2026-11-21T00:00:00Z" } }),
    object: () => ({ ...pvc({ storageClassName: "gp2" }), metadata: { name: "data", namespace: "app", finalizers: [], deletionTimestamp: "2026-11-21T00:00:00Z" } }),
    want: "admit",
  },
  {
    name: "labels changed on a PushSecret that predates the rule",
    kind: "PushSecret",
    old: () => eso("PushSecret", { secretStoreRefs: [{ kind: "SecretStore", name: "mine" }] }),
    object: () => ({ ...eso("PushSecret", { secretStoreRefs: [{ kind: "SecretStore", name: "mine" }] }), metadata: { name: "x", namespace: "app", labels: { team: "a" } } }),
    want: "admit",
  },
  {
    name: "an ExternalSecret switched to another store",
    kind: "ExternalSecret",
    old: () => eso("ExternalSecret", { secretStoreRef: fleetRef }),
    object: () => eso("ExternalSecret", { secretStoreRef: { kind: "ClusterSecretStore", name: "us" } }),
    want: "deny",
  },
];

const clusterOf = (stack: "prod-eu" | "global", name: string): ClusterPlan => planStack(stack).clusters.find((c) => c.name === name)!;

describe.each([
  ["the API server", clusterOf("prod-eu", "eu-aws-fra"), native],
  ["gatekeeper", clusterOf("prod-eu", "eu-aws-fra"), gatekeeper],
  ["kyverno", clusterOf("global", "eu-aws-fra"), kyverno],
] as const)("on %s", (_engine, cluster, make) => {
  const a = admissionOf(cluster)!;
  const engine = make(a);
  it.each(CASES)("$name: $want", ({ kind, object, want }) => {
    expect(engine.decide(kind, object(a.classes))).toBe(want);
  });
  it.each(UPDATES)("update, $name: $want", ({ kind, object, old, want }) => {
    expect(engine.decide(kind, object(a.classes), old(a.classes))).toBe(want);
  });
});

describe("the policy objects", () => {
  it("judge a PVC on CREATE only (its class is immutable), the secret rules on CREATE and UPDATE", () => {
    const set = kyvernoSovereignty(admissionOf(clusterOf("global", "eu-aws-fra"))!);
    expect(set.map((p) => [p.rule.id, p.policy.spec.matchConstraints!.resourceRules![0]!.operations])).toEqual([
      ["pinned-storage-classes", ["CREATE"]],
      ["fleet-secret-store-only", ["CREATE", "UPDATE"]],
      ["in-cluster-generators-only", ["CREATE", "UPDATE"]],
    ]);
  });

  it("leave out a rule whose allow-list would be empty (it would deny every PVC or every ExternalSecret)", () => {
    const c = clusterOf("prod-eu", "eu-aws-fra");
    const bare = { ...c, sovereignty: { ...c.sovereignty, storageClasses: [], secretsBackend: undefined } } as unknown as ClusterPlan;
    expect(admissionOf(bare)!.rules).toEqual([]);
    expect(gatekeeperSovereignty(admissionOf(bare)!)).toEqual([]);
  });

  const prodGk = admissionOf(clusterOf("prod-eu", "eu-gcp-fra"))!;
  it("allow exactly the cluster's pinned classes and its one store", () => {
    expect(prodGk.classes).toEqual(["pd-balanced", "pd-balanced-retain", "pd-balanced-regional", "pd-balanced-regional-retain"]);
    expect(prodGk.store).toBe("clusterfleet");
    const set = gatekeeperSovereignty(prodGk);
    expect(set.map((s) => s.constraint.spec.parameters)).toEqual([{ classes: prodGk.classes }, { store: "clusterfleet" }, {}]);
  });

  it("are enforced by the API server, deny in prod and warn elsewhere; the policy engines only audit", () => {
    const staging = admissionOf(clusterOf("global", "eu-azure-ams"))!;
    expect(staging.enforcement).toBe("warn");
    const actions = (a: SovereigntyAdmission) => nativeSovereignty(a).map((n) => [n.binding.spec!.validationActions, n.policy.spec!.failurePolicy]);
    expect(actions(staging)).toEqual([[["Warn", "Audit"], "Ignore"], [["Warn", "Audit"], "Ignore"], [["Warn", "Audit"], "Ignore"]]);
    expect(actions(prodGk)).toEqual([[["Deny"], "Fail"], [["Deny"], "Fail"], [["Deny"], "Fail"]]);
    for (const a of [staging, prodGk]) {
      expect(kyvernoSovereignty(a).map((p) => [p.policy.spec.validationActions, p.policy.spec.failurePolicy])).toEqual([[["Audit"], "Ignore"], [["Audit"], "Ignore"], [["Audit"], "Ignore"]]);
      expect(gatekeeperSovereignty(a).map((s) => s.constraint.spec.enforcementAction)).toEqual(["dryrun", "dryrun", "dryrun"]);
    }
  });

  it("bind each ValidatingAdmissionPolicy by name, without parameters, and match only the rule's resources and operations", () => {
    const set = nativeSovereignty(prodGk);
    expect(set.map((n) => [n.policy.metadata!.name, n.binding.metadata!.name, n.binding.spec!.policyName, n.binding.spec!.paramRef, n.policy.spec!.paramKind])).toEqual([
      ["clusterfleet-pinned-storage-classes", "clusterfleet-pinned-storage-classes", "clusterfleet-pinned-storage-classes", undefined, undefined],
      ["clusterfleet-fleet-secret-store-only", "clusterfleet-fleet-secret-store-only", "clusterfleet-fleet-secret-store-only", undefined, undefined],
      ["clusterfleet-in-cluster-generators-only", "clusterfleet-in-cluster-generators-only", "clusterfleet-in-cluster-generators-only", undefined, undefined],
    ]);
    expect(set[0]!.policy.spec!.matchConstraints!.resourceRules).toEqual([{ apiGroups: [""], apiVersions: ["*"], operations: ["CREATE"], resources: ["persistentvolumeclaims"] }]);
    expect(set[0]!.policy.spec!.validations![0]!.expression).toContain("['pd-balanced', 'pd-balanced-retain', 'pd-balanced-regional', 'pd-balanced-regional-retain']");
  });

  it("skip the plan's exempt namespaces (Kubernetes' and the provider's own), never a cluster-scoped object", () => {
    const a = admissionOf(clusterOf("prod-eu", "eu-aws-fra"))!;
    expect(a.exemptNamespaces).toEqual(["kube-system", "kube-public", "kube-node-lease", "amazon-cloudwatch", "amazon-guardduty"]);
    const api = native(a);
    const gp2In = (namespace: string) => ({ ...pvc({ storageClassName: "gp2" }), metadata: { name: "data", namespace } });
    expect(["app", "external-secrets", "monitoring", "kube-system", "amazon-cloudwatch"].map((ns) => [ns, api.decide("PersistentVolumeClaim", gp2In(ns))])).toEqual([
      ["app", "deny"],
      ["external-secrets", "deny"],
      ["monitoring", "deny"],
      ["kube-system", "admit"],
      ["amazon-cloudwatch", "admit"],
    ]);
    const otherStore = { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: { name: "us" }, spec: { provider: {} } };
    expect(api.decide("ClusterSecretStore", otherStore)).toBe("deny");
    expect(gatekeeperSovereignty(a).map((s) => s.constraint.spec.match.excludedNamespaces)).toEqual([a.exemptNamespaces, a.exemptNamespaces, a.exemptNamespaces]);
    expect(kyvernoSovereignty(a).map((p) => p.policy.spec.matchConstraints!.namespaceSelector)).toEqual(nativeSovereignty(a).map((n) => n.policy.spec!.matchConstraints!.namespaceSelector));
  });

  it("validate against the ConstraintTemplate CRD, the constraint's own schema, the ValidatingPolicy and the ValidatingAdmissionPolicy models", () => {
    for (const { template, constraint } of gatekeeperSovereignty(prodGk)) {
      expect(objectProblems(template as never)).toEqual([]);
      expect(objectProblems(constraint as never, [template as never])).toEqual([]);
      expect(objectProblems({ ...constraint, spec: { ...constraint.spec, parameters: { clazzes: [] } } } as never, [template as never]).join()).toMatch(/additional properties/);
    }
    for (const { policy } of kyvernoSovereignty(prodGk)) expect(objectProblems(policy.toJSON() as never)).toEqual([]);
    for (const { policy, binding } of nativeSovereignty(prodGk)) {
      expect(objectProblems(policy.toJSON() as never)).toEqual([]);
      expect(objectProblems(binding.toJSON() as never)).toEqual([]);
    }
    const broken = nativeSovereignty(prodGk)[0]!.binding.toJSON() as Record<string, any>;
    expect(objectProblems({ ...broken, spec: { ...broken["spec"], validationActions: ["Reject"] } }).join()).toMatch(/validationActions/);
  });
});

// clusterfleet:sovereignty:ClusterSovereignty — a cluster's data sovereignty inside the cluster, on its
// own Kubernetes provider: the pinned StorageClasses (the default one only after the provider's own
// default is un-defaulted), External Secrets' reader ServiceAccount and the one ClusterSecretStore,
// and the admission rules: ValidatingAdmissionPolicies the API server enforces on every cluster, and the
// same rules on the cluster's policy engine, auditing what already exists (admission.ts says why both).
// The cloud side (keys, vaults, identities)
// comes from the cluster component (`FleetCluster.sovereignty`); this component only renders the plan.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import type { ClusterAddons } from "../addons/cluster-addons.ts";
import { customResource, kubeOpts, type KubeScope } from "../addons/kube.ts";
import type { FleetCluster } from "../cluster-contract.ts";
import { TOKENS } from "../tokens.ts";
import { admissionOf, gatekeeperSovereignty, kyvernoSovereignty } from "./admission.ts";
import { nativeSovereignty } from "./admission-native.ts";
import { classParameters, clusterSecretStore, secretsReader, storageClass, undefaultPatch } from "./objects.ts";

export interface ClusterSovereigntyArgs {
  readonly cluster: ClusterPlan;
  /** The cluster component: its provider, readiness and cloud-side sovereignty resources. */
  readonly host: FleetCluster;
  /** The cluster's add-ons: External Secrets (its CRDs and namespace) and the policy engine. */
  readonly addons?: ClusterAddons;
}

/** Why the cluster's sovereignty cannot be rendered as planned (its component lacks what the plan needs); undefined when it can. */
export function missingForSovereignty(c: ClusterPlan, host: FleetCluster): string | undefined {
  const needs = [...new Set(c.sovereignty.storageClasses.flatMap((k) => Object.values(k.computedParameters ?? {})))];
  const missing = needs.filter((n) => host.sovereignty?.storageParameters[n] === undefined);
  if (missing.length) return `cluster "${c.name}" (${c.provider}) pins storage classes to its ${missing.join(" and ")}, but its component gives none (sovereignty.storageParameters)`;
  if (c.sovereignty.secretsBackend?.kind === "azure-key-vault" && !host.sovereignty?.secretStore) return `cluster "${c.name}" keeps its secrets in an Azure Key Vault, but its component gives no vault URL (sovereignty.secretStore)`;
  return undefined;
}

export class ClusterSovereignty extends pulumi.ComponentResource {
  readonly storageClasses: Readonly<Record<string, k8s.storage.v1.StorageClass>>;
  readonly secretStore?: k8s.apiextensions.CustomResource;
  /** What a chart that claims volumes waits for: every pinned class and the un-defaulting of the provider's. */
  readonly volumesReady: readonly pulumi.Resource[];

  constructor(name: string, args: ClusterSovereigntyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.sovereignty, name, {}, opts);
    const { cluster: c, host, addons } = args;
    const s = c.sovereignty;
    const scope: KubeScope = { parent: this, provider: host.kubernetesProvider };
    const cloud = host.sovereignty;
    const ready = [...(host.readyForAddons ?? []), ...(cloud?.dependsOn ?? [])];

    // The provider's default class exists once the cluster is up; it is annotated, never deleted.
    const undefault = s.providerDefaultClass
      ? new k8s.storage.v1.StorageClassPatch(`${name}-storageclass-undefault-${s.providerDefaultClass}`, undefaultPatch(s.providerDefaultClass), kubeOpts(scope, host.readyForAddons ?? []))
      : undefined;
    const computed = pulumi.all(cloud?.storageParameters ?? {});
    this.storageClasses = Object.fromEntries(
      s.storageClasses.map((k) => {
        const obj = storageClass(c, k, { ...k.parameters }).toJSON() as Record<string, unknown>;
        const parameters = k.computedParameters ? computed.apply((values) => classParameters(k, values)) : obj["parameters"];
        return [k.name, new k8s.storage.v1.StorageClass(`${name}-storageclass-${k.name}`, { ...obj, parameters } as k8s.storage.v1.StorageClassArgs, kubeOpts(scope, [...ready, ...(undefault ? [undefault] : [])]))];
      }),
    );

    this.volumesReady = [...(undefault ? [undefault] : []), ...Object.values(this.storageClasses)];

    const backend = s.secretsBackend;
    const eso = addons?.releases["external-secrets"];
    const namespace = addons?.namespaces["external-secrets"];
    if (backend && eso && namespace) {
      const account = new k8s.core.v1.ServiceAccount(
        `${name}-serviceaccount-secrets-reader`,
        pulumi.output(cloud?.secretsReaderAnnotations ?? {}).apply((annotations) => secretsReader(c, backend, annotations).toJSON()) as unknown as k8s.core.v1.ServiceAccountArgs,
        kubeOpts(scope, [namespace]),
      );
      const store = pulumi.output(cloud?.secretStore ?? {}).apply((inputs) => clusterSecretStore(c, backend, inputs));
      this.secretStore = new k8s.apiextensions.CustomResource(
        `${name}-clustersecretstore-${backend.storeName}`,
        { apiVersion: "external-secrets.io/v1", kind: "ClusterSecretStore", metadata: store.metadata, spec: store.spec },
        kubeOpts(scope, [eso, account, ...(cloud?.dependsOn ?? [])]),
      );
    }

    const admission = admissionOf(c);
    for (const { rule, policy, binding } of nativeSovereignty(admission)) {
      const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        `${name}-validatingadmissionpolicy-${rule.id}`,
        policy.toJSON() as k8s.admissionregistration.v1.ValidatingAdmissionPolicyArgs,
        kubeOpts(scope, host.readyForAddons ?? []),
      );
      new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        `${name}-validatingadmissionpolicybinding-${rule.id}`,
        binding.toJSON() as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
        kubeOpts(scope, [vap]),
      );
    }
    const engine = addons?.policy;
    if (engine) {
      if (c.policy === "gatekeeper") {
        for (const { rule, template, constraint } of gatekeeperSovereignty(admission)) {
          const t = customResource(`${name}-constrainttemplate-${rule.id}`, template, scope, [engine.release]);
          customResource(`${name}-constraint-${rule.id}`, constraint, scope, [engine.release, t]);
        }
      } else {
        for (const { rule, policy } of kyvernoSovereignty(admission)) customResource(`${name}-validatingpolicy-${rule.id}`, policy, scope, [engine.release]);
      }
    }
    this.registerOutputs({
      storageClasses: Object.keys(this.storageClasses),
      defaultStorageClass: s.defaultStorageClass ?? null,
      secretStore: backend?.storeName ?? null,
      admission: admission.enforcement,
    });
  }
}

// clusterfleet:addons:Gatekeeper — the Gatekeeper chart and the baseline: one ConstraintTemplate
// and one constraint per rule. Templates wait for the release (its CRD and webhook); each
// constraint waits for its template too, whose controller creates the constraint's CRD.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AddonPlan, PolicyBaselinePlan } from "../../../src/plan/types.ts";
import { TOKENS } from "../../tokens.ts";
import { installChart } from "../helm.ts";
import { customResource, type KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { ValuesContext } from "../values/context.ts";
import { gatekeeperBaseline } from "./gatekeeper-objects.ts";

export interface PolicyEngineArgs {
  readonly values: ValuesContext;
  readonly addon: AddonPlan;
  readonly baseline: PolicyBaselinePlan;
  readonly provider: k8s.Provider;
  readonly namespace: k8s.core.v1.Namespace;
}

export class Gatekeeper extends pulumi.ComponentResource {
  /** Other policies on this engine (the sovereignty pack) wait on this release. */
  readonly release: k8s.helm.v3.Release;
  readonly templates: Readonly<Record<string, k8s.apiextensions.CustomResource>>;

  constructor(name: string, args: PolicyEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.gatekeeper, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    this.release = installChart(`${name}-chart-gatekeeper`, args.addon, chartValues(args.addon, args.values), scope, [args.namespace]);
    const templates: Record<string, k8s.apiextensions.CustomResource> = {};
    for (const { rule, template, constraint } of gatekeeperBaseline(args.baseline)) {
      const t = customResource(`${name}-constrainttemplate-${rule.id}`, template, scope, [this.release]);
      customResource(`${name}-constraint-${rule.id}`, constraint, scope, [this.release, t]);
      templates[rule.id] = t;
    }
    this.templates = templates;
    this.registerOutputs({ enforcement: args.baseline.enforcement, rules: Object.keys(templates) });
  }
}

// clusterfleet:addons:Kyverno — the Kyverno chart and the baseline as ValidatingPolicies, each
// waiting for the release that installs their CRD and the webhook that serves them.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TOKENS } from "../../tokens.ts";
import { installChart } from "../helm.ts";
import { customResource, type KubeScope } from "../kube.ts";
import { chartValues } from "../values/by-addon.ts";
import type { PolicyEngineArgs } from "./gatekeeper.ts";
import { kyvernoBaseline } from "./kyverno-objects.ts";

export class Kyverno extends pulumi.ComponentResource {
  /** Other policies on this engine (the sovereignty pack) wait on this release. */
  readonly release: k8s.helm.v3.Release;
  readonly policies: Readonly<Record<string, k8s.apiextensions.CustomResource>>;

  constructor(name: string, args: PolicyEngineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.kyverno, name, {}, opts);
    const scope: KubeScope = { parent: this, provider: args.provider };
    this.release = installChart(`${name}-chart-kyverno`, args.addon, chartValues(args.addon, args.values), scope, [args.namespace]);
    this.policies = Object.fromEntries(
      kyvernoBaseline(args.baseline).map(({ rule, policy }) => [rule.id, customResource(`${name}-validatingpolicy-${rule.id}`, policy, scope, [this.release])]),
    );
    this.registerOutputs({ enforcement: args.baseline.enforcement, rules: Object.keys(this.policies) });
  }
}

// The baseline policy set, engine-neutral: what each rule checks, on what, and where it does not
// apply. gatekeeper-objects.ts and kyverno-objects.ts render the same rules for each engine.
import { SYSTEM_NAMESPACES } from "../../../src/plan/addons.ts";
import type { PolicyBaselinePlan } from "../../../src/plan/types.ts";

export type BaselineRuleId = "no-privileged-containers" | "no-host-namespaces" | "allowed-registries" | "required-resources" | "required-namespace-labels";

export interface BaselineRule {
  readonly id: BaselineRuleId;
  readonly title: string;
  readonly subject: "Pod" | "Namespace";
}

export const BASELINE_RULES: readonly BaselineRule[] = [
  { id: "no-privileged-containers", title: "No privileged containers", subject: "Pod" },
  { id: "no-host-namespaces", title: "No host PID, IPC or network namespaces", subject: "Pod" },
  { id: "allowed-registries", title: "Images only from allowed registries", subject: "Pod" },
  { id: "required-resources", title: "Resource requests and limits required", subject: "Pod" },
  { id: "required-namespace-labels", title: "A team label on every namespace", subject: "Namespace" },
];

/** Policy object names: prefixed so they never collide with a library's or a team's own. */
export const policyName = (rule: BaselineRuleId): string => `clusterfleet-${rule}`;

/**
 * Namespaces a rule skips. Pod rules: Kubernetes' own and ClusterFleet's add-ons (node-exporter
 * needs the host's namespaces; charts set their own images and resources) and the provider's own. The
 * namespace label rule: only the namespaces Kubernetes and the provider create (ClusterFleet's carry `team: platform`).
 */
export function exemptNamespaces(rule: BaselineRule, b: PolicyBaselinePlan): string[] {
  return rule.subject === "Namespace" ? [...SYSTEM_NAMESPACES, "default", ...b.providerNamespaces] : [...b.exemptNamespaces];
}

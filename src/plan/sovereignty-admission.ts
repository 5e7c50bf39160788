// Admission-time sovereignty, decided as data: how each cluster's own API server enforces the
// sovereignty rules (ValidatingAdmissionPolicy, no add-on), which namespaces it skips, and the
// Kubernetes minor it needs for that.
import type { ClusterSpec } from "../spec/cluster.ts";
import { PROVIDER_NAMESPACES, SYSTEM_NAMESPACES } from "./addons.ts";
import type { PlanContext } from "./context.ts";
import type { SovereigntyAdmissionPlan } from "./sovereignty-types.ts";
import { minorDistance } from "./versions.ts";

/**
 * The oldest minor whose API server serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy
 * with its admission plugin on by default: "FEATURE STATE: Kubernetes v1.30 [stable]"
 * (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/). Every minor of
 * the built-in catalog is newer (src/catalog/kubernetes-versions.ts); a catalog override may not be.
 */
export const NATIVE_ADMISSION_MINOR = "1.30";

export function planAdmission(c: ClusterSpec): SovereigntyAdmissionPlan {
  return {
    enforcement: c.environment === "prod" ? "deny" : "warn",
    exemptNamespaces: [...SYSTEM_NAMESPACES, ...PROVIDER_NAMESPACES[c.provider]],
  };
}

/** Refuses a cluster whose API server this run would be too old to enforce the sovereignty rules. */
export function checkAdmissionVersion(ctx: PlanContext, c: ClusterSpec, path: string, minor: string): void {
  const behind = minorDistance(minor, NATIVE_ADMISSION_MINOR);
  if (behind === undefined || behind <= 0) return;
  ctx.problems.error(
    c.kubernetesVersion ? `${path}.kubernetesVersion` : "defaults.kubernetesVersion",
    "sovereignty/admission-needs-newer-kubernetes",
    `cluster "${c.name}" would run ${minor}, but its data-sovereignty admission rules are ValidatingAdmissionPolicies, served from Kubernetes ${NATIVE_ADMISSION_MINOR} on: set ${NATIVE_ADMISSION_MINOR} or newer`,
    minor,
  );
}

// The secret stack config values a plan needs (`pulumi config set --secret clusterfleet:<key> ...`):
// kubeconfigs of adopted clusters, and so on. The program reads exactly these; the offline
// preview reports the ones a stack file does not carry.
import type { FleetPlan } from "./types.ts";

export interface RequiredSecret {
  readonly cluster: string;
  /** Config key in the `clusterfleet` namespace. */
  readonly key: string;
  /** What it is for, as a user would set it. */
  readonly purpose: string;
  /** A well-formed, obviously fake value of the right kind, for offline previews only. */
  readonly placeholder: string;
}

const placeholderKubeconfig = (cluster: string): string =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": cluster,
    contexts: [{ name: cluster, context: { cluster, user: "placeholder" } }],
    clusters: [{ name: cluster, cluster: { server: `https://${cluster}.placeholder.invalid` } }],
    users: [{ name: "placeholder", user: {} }],
  });

export function requiredSecrets(plan: FleetPlan): RequiredSecret[] {
  const out: RequiredSecret[] = [];
  for (const c of plan.clusters) {
    if (c.action === "destroy") continue;
    if (c.provider === "existing") {
      out.push({ cluster: c.name, key: String(c.settings["kubeconfigKey"]), purpose: `kubeconfig of the adopted cluster ${c.name}`, placeholder: placeholderKubeconfig(c.name) });
    }
  }
  return out;
}

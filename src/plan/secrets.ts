// The secret stack config values a plan needs (`pulumi config set --secret clusterfleet:<key> ...`):
// kubeconfigs of adopted clusters, SSH private keys of kubeadm clusters' machines. The program reads exactly these; the offline
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

/**
 * A well-formed PKCS#8 Ed25519 private key whose 32-byte seed is the ASCII text
 * "clusterfleet-offline-placeholder": parseable by SSH libraries, useless for any machine.
 */
export const PLACEHOLDER_SSH_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGNsdXN0ZXJmbGVldC1vZmZsaW5lLXBsYWNlaG9sZGVy\n-----END PRIVATE KEY-----\n";

export function requiredSecrets(plan: FleetPlan): RequiredSecret[] {
  const out: RequiredSecret[] = [];
  for (const c of plan.clusters) {
    if (c.action === "destroy") continue;
    if (c.provider === "existing") {
      out.push({ cluster: c.name, key: String(c.settings["kubeconfigKey"]), purpose: `kubeconfig of the adopted cluster ${c.name}`, placeholder: placeholderKubeconfig(c.name) });
    }
    if (c.kubeadm) {
      const users = [...new Set(c.kubeadm.machines.map((m) => m.ssh.user))].join(", ");
      out.push({
        cluster: c.name,
        key: c.kubeadm.sshPrivateKeyKey,
        purpose: `SSH private key (PEM or OpenSSH) of ${users} on the ${c.kubeadm.machines.length} machines of kubeadm cluster ${c.name}`,
        placeholder: PLACEHOLDER_SSH_PRIVATE_KEY,
      });
    }
  }
  return out;
}

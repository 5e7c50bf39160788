// Values for the platform charts every cluster gets whatever its mesh and policy: External Secrets
// (its stores, in the cluster's own region, come from the data-sovereignty issue) and Velero (opt-in).
import { replicas, type ValuesContext } from "./context.ts";

export function externalSecretsValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  const n = replicas(c, 2);
  return {
    installCRDs: true,
    replicaCount: n,
    leaderElect: n > 1,
    webhook: { replicaCount: n },
    certController: { replicaCount: n },
  };
}

/** Velero is opt-in: its backup location and plugins come from the cluster's override values. */
export function veleroValues(_: ValuesContext): Record<string, unknown> {
  return {};
}

// Values for the policy engines' charts. The baseline policies themselves are custom resources
// (policy/baseline.ts), applied once the engine's CRDs and webhooks are up.
import { replicas, type ValuesContext } from "./context.ts";

export function gatekeeperValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  return {
    replicas: replicas(c, 3),
    auditInterval: 60,
    constraintViolationsLimit: 100,
    logDenies: true,
  };
}

export function kyvernoValues({ cluster: c }: ValuesContext): Record<string, unknown> {
  return {
    admissionController: { replicas: replicas(c, 3) },
    backgroundController: { replicas: replicas(c, 2) },
    cleanupController: { replicas: replicas(c, 2) },
    reportsController: { replicas: replicas(c, 2) },
  };
}

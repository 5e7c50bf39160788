// The Kubernetes provider every add-on of a cluster uses, built from that cluster's kubeconfig.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export function kubernetesProviderFor(name: string, kubeconfig: pulumi.Output<string>, parent: pulumi.Resource): k8s.Provider {
  return new k8s.Provider(
    `${name}-k8s`,
    {
      kubeconfig,
      // Server-side apply keeps field ownership with ClusterFleet and avoids client-side merge drift.
      enableServerSideApply: true,
    },
    { parent },
  );
}

// The Kubernetes provider every add-on of a cluster uses, built from that cluster's kubeconfig.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * `after`: what must exist before anything reaches the API (the fabric that routes the runner to a
 * private endpoint, spec `network.apiRoute`). The provider takes it through its kubeconfig input, so
 * every resource of the cluster (they all use this provider) waits for it.
 */
export function kubernetesProviderFor(name: string, kubeconfig: pulumi.Output<string>, parent: pulumi.Resource, after?: pulumi.Input<unknown>): k8s.Provider {
  return new k8s.Provider(
    `${name}-k8s`,
    {
      kubeconfig: after === undefined ? kubeconfig : pulumi.all([kubeconfig, after]).apply(([k]) => k),
      // Server-side apply keeps field ownership with ClusterFleet and avoids client-side merge drift.
      enableServerSideApply: true,
    },
    { parent },
  );
}

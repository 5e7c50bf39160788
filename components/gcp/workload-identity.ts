// The IAM member a Kubernetes ServiceAccount becomes through GKE Workload Identity. Its pool
// (`PROJECT.svc.id.goog`) exists only once the project's first Workload Identity cluster does: a
// `roles/iam.workloadIdentityUser` binding made before that fails with "Identity Pool does not
// exist (PROJECT.svc.id.goog)" (terraform-google-modules/terraform-google-kubernetes-engine#916,
// jenkins-x/jx#7627: a fresh project fails on the first apply). So the member is read from the
// cluster's own `workloadIdentityConfig.workloadPool` output: the binding waits for the cluster.
import type * as container from "@pulumi/gcp/container/index.js";
import type * as pulumi from "@pulumi/pulumi";

export function workloadIdentityMember(cluster: container.Cluster, namespace: string, serviceAccount: string): pulumi.Output<string> {
  return cluster.workloadIdentityConfig.apply((w) => {
    if (!w?.workloadPool) throw new Error(`GKE cluster has no workloadIdentityConfig.workloadPool; the Workload Identity binding of ${namespace}/${serviceAccount} needs it`);
    return `serviceAccount:${w.workloadPool}[${namespace}/${serviceAccount}]`;
  });
}

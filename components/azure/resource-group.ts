// The cluster's resource group, in the cluster's region: everything ClusterFleet creates for the
// cluster lives in it (AKS adds its own node resource group next to it).
import * as resources from "@pulumi/azure-native/resources/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { nameOf } from "./settings.ts";
import { azureTags } from "./tags.ts";

export function clusterResourceGroup(name: string, cluster: ClusterPlan, opts: pulumi.CustomResourceOptions): resources.ResourceGroup {
  return new resources.ResourceGroup(
    `${name}-group`,
    { resourceGroupName: nameOf(cluster, "resourceGroup"), location: cluster.region, tags: azureTags(cluster) },
    // Retained when the cluster is destroyed: it holds the etcd key vault, and deleting a resource
    // group deletes every vault in it (see encryption.ts). Remove it by hand once the key may go.
    { ...opts, retainOnDelete: true },
  );
}

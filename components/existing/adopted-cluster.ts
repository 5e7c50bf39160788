// clusterfleet:existing:AdoptedCluster — a cluster ClusterFleet did not create and never changes:
// adopted by its kubeconfig (a secret), it only receives the fleet's add-ons.
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { FleetClusterArgs } from "../cluster-contract.ts";
import { ClusterComponent, type ClusterParts } from "../cluster-component.ts";
import { kubernetesProviderFor } from "../kube/kubernetes-provider.ts";
import { TOKENS } from "../tokens.ts";

export interface AdoptedClusterArgs extends FleetClusterArgs {
  /** The cluster's kubeconfig. Made secret here whatever the caller passed. */
  readonly kubeconfig: pulumi.Input<string>;
}

export class AdoptedCluster extends ClusterComponent<ClusterParts> {
  constructor(name: string, args: AdoptedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.adopted, name, args, opts, (parent) => {
      const context = args.cluster.settings["context"] as string | undefined;
      const given = pulumi.secret(args.kubeconfig);
      // The kubeconfig the Kubernetes provider uses, and the one the stack outputs, are the same:
      // with `existing.context` its current context is that one. Whatever reads the output (the
      // decommission job, users' tooling) then talks to the cluster Pulumi manages, not to
      // whichever context the file happened to name as current.
      const kubeconfig = context ? given.apply((k) => withContext(k, context)) : given;
      return {
        kubeconfig,
        endpoint: given.apply((k) => serverOf(k, context)),
        kubernetesProvider: kubernetesProviderFor(name, kubeconfig, parent),
        // Adopted clusters are upgraded by their owners: ClusterFleet records the declared version.
        kubernetesVersion: pulumi.output(args.cluster.kubernetesVersion),
        nodePoolVersions: pulumi.output<Record<string, string>>({}),
      };
    });
  }
}

interface Kubeconfig {
  "current-context"?: string;
  contexts?: { name: string; context: { cluster: string } }[];
  clusters?: { name: string; cluster: { server: string } }[];
}

/** The API server URL of the kubeconfig's chosen (or current) context. */
export function serverOf(kubeconfig: string, context?: string): string {
  const k = parse(kubeconfig) as Kubeconfig;
  const ctxName = context ?? k["current-context"];
  const ctx = k.contexts?.find((c) => c.name === ctxName);
  // A named context that is not there is an error, never "the first cluster": that would record
  // one cluster's endpoint while the provider talks to another (or to none).
  if (ctxName !== undefined && !ctx) throw new Error(`the kubeconfig has no context ${JSON.stringify(ctxName)} (it has: ${(k.contexts ?? []).map((c) => c.name).join(", ") || "none"})`);
  const cluster = k.clusters?.find((c) => c.name === (ctx?.context.cluster ?? k.clusters?.[0]?.name));
  if (!cluster) throw new Error(`the kubeconfig has no cluster for context ${JSON.stringify(ctxName)}`);
  return cluster.cluster.server;
}

function withContext(kubeconfig: string, context: string): string {
  const k = parse(kubeconfig) as Kubeconfig;
  return JSON.stringify({ ...k, "current-context": context });
}

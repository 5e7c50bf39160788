// A cluster the plan names but whose provider component is not built yet: it carries the plan's
// facts as outputs and creates nothing. Provider components replace it one provider at a time.
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { TOKENS } from "../tokens.ts";

export class PlannedCluster extends pulumi.ComponentResource {
  readonly clusterName: string;
  readonly provider: string;
  readonly kubernetesVersion: pulumi.Output<string>;

  constructor(name: string, args: { cluster: ClusterPlan }, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.plannedCluster, name, {}, opts);
    this.clusterName = args.cluster.name;
    this.provider = args.cluster.provider;
    this.kubernetesVersion = pulumi.output(args.cluster.kubernetesVersion);
    this.registerOutputs({ clusterName: this.clusterName, provider: this.provider, kubernetesVersion: this.kubernetesVersion });
  }
}

// clusterfleet:sovereignty:CloudSovereignty — groups, under a cluster component, the cloud resources
// of its data sovereignty (volume keys, disk encryption sets, secrets vaults, External Secrets'
// identity and grants), so they read as one concern in the resource tree and the preview, like the
// cluster's add-ons. It creates nothing itself; the provider builders create the resources under it.
import * as pulumi from "@pulumi/pulumi";
import { TOKENS } from "../tokens.ts";

export class CloudSovereignty extends pulumi.ComponentResource {
  constructor(name: string, parent: pulumi.Resource) {
    super(TOKENS.cloudSovereignty, name, {}, { parent });
    this.registerOutputs({});
  }
}

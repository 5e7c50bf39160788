// The ClusterFleet data-sovereignty policy pack: `pulumi preview --policy-pack policy` fails any
// resource that would put a cluster's data or keys outside its region (see rules/).
import { PolicyPack } from "@pulumi/policy";
import { SOVEREIGNTY_POLICIES } from "./rules/index.ts";

new PolicyPack("clusterfleet-sovereignty", {
  description: "Storage classes, KMS keys, secrets, vaults, buckets, disk encryption sets and secret stores stay in their cluster's region.",
  policies: SOVEREIGNTY_POLICIES.map((p) => ({
    ...p,
    // The plan's clusters (`clusterfleet report --stack NAME --policy-config`), so a mislabelled resource cannot move its own expected region.
    configSchema: { properties: { clusters: { type: "object" } } },
  })),
});

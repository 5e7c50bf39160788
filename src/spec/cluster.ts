// A cluster in the fleet: a discriminated union on `provider`, so each provider's own
// settings are only accepted where they make sense.
import * as z from "zod";
import { clusterAddonsSchema } from "./addons.ts";
import { kubeadmSchema } from "./kubeadm.ts";
import { clusterNetworkSchema } from "./network.ts";
import { nodePoolSchema } from "./node-pool.ts";
import { poolMachineTypesFit } from "./machine-types.ts";
import { clusterName, cidrV4, dnsLabel, environments, kubernetesMinor, labelMap } from "./primitives.ts";
import { secretsBackendSchema, storageSchema } from "./sovereignty.ts";

export const lifecycleStates = ["active", "draining", "retired"] as const;
export type LifecycleState = (typeof lifecycleStates)[number];

export const lifecycleSchema = z
  .strictObject({
    state: z
      .enum(lifecycleStates)
      .default("active")
      .describe("active: serving. draining: out of the fleet's traffic, still running. retired: to be destroyed after `decommissionAfter`. @default active"),
    decommissionAfter: z
      .iso.date({ error: 'must be an ISO date such as "2026-12-31"' })
      .optional()
      .describe("Date (UTC) from which a retired cluster may be destroyed. Only for `retired` clusters, and required for them."),
  })
  .default({ state: "active" });

export const controlPlaneSchema = z
  .strictObject({
    ha: z.boolean().default(true).describe("Highly available control plane over at least 3 zones. @default true"),
    replicas: z
      .number()
      .int()
      .min(1)
      .max(7)
      .optional()
      .describe("kubeadm only: control-plane machines, odd (3 or 5 for HA, 1 without). @default 3 with HA, 1 without"),
  })
  .default({ ha: true });

/** Fields every provider shares. */
const common = {
  name: clusterName,
  region: z.string().min(1).describe("Provider region (aws/gcp/azure) or site name (kubeadm/existing)."),
  jurisdiction: z.string().min(1).describe("Jurisdiction the cluster belongs to; its region must be listed there."),
  environment: z.enum(environments).describe("dev | test | staging | prod. prod gets per-zone NAT and denying policies."),
  wave: z.string().optional().describe("Rollout wave (a name from `rollout.waves`). @default the last wave"),
  kubernetesVersion: kubernetesMinor.optional().describe("Target Kubernetes minor. @default defaults.kubernetesVersion"),
  zones: z.array(z.string()).optional().describe("Zones to use. @default chosen from the catalog: 3 for HA"),
  controlPlane: controlPlaneSchema,
  nodePools: z.array(nodePoolSchema).default([]).describe("Node pools. @default []"),
  network: clusterNetworkSchema.optional(),
  addons: clusterAddonsSchema,
  lifecycle: lifecycleSchema,
  labels: labelMap.default({}).describe("Extra labels/tags on every resource of this cluster."),
  storage: storageSchema.optional(),
  secretsBackend: secretsBackendSchema,
};

export const awsClusterSchema = z.strictObject({
  provider: z.literal("aws"),
  ...common,
  aws: z
    .strictObject({
      adminRoleArns: z
        .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: "must be an IAM role ARN" }))
        .default([])
        .describe("IAM roles granted cluster-admin through EKS access entries."),
      endpointPublicAccessCidrs: z
        .array(cidrV4)
        .default([])
        .describe("Allow-list for a public API endpoint; empty keeps the endpoint private. @default []"),
      endpointPrivateAccessCidrs: z
        .array(cidrV4)
        .default([])
        .describe("Networks allowed to the private API endpoint (HTTPS 443), e.g. a CI runner's or VPN's range routed to the VPC. @default []"),
      endpointPrivateAccessSecurityGroupIds: z
        .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: "must be a security group ID (sg-...)" }))
        .default([])
        .describe("Security groups allowed to the private API endpoint (HTTPS 443): in the cluster's VPC, or a peered VPC of the same region. @default []"),
      upgradePolicy: z
        .enum(["extended", "standard"])
        .default("extended")
        .describe(
          "What EKS does when the cluster's minor leaves standard support. extended: it stays (billed at the extended-support rate) until the plan moves it. " +
            "standard: EKS upgrades it on its own, outside the plan and its waves. @default extended",
        ),
      assumeRoleArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: "must be an IAM role ARN" })
        .optional()
        .describe(
          "IAM role the cluster's AWS provider assumes, e.g. to deploy into the cluster's own account; the kubeconfig asks for tokens as this role too. @default the credentials `pulumi up` runs with",
        ),
    })
    .default({ adminRoleArns: [], endpointPublicAccessCidrs: [], endpointPrivateAccessCidrs: [], endpointPrivateAccessSecurityGroupIds: [], upgradePolicy: "extended" }),
}).superRefine(poolMachineTypesFit("aws"));

export const gcpClusterSchema = z.strictObject({
  provider: z.literal("gcp"),
  ...common,
  gcp: z.strictObject({
    project: z
      .string()
      .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { error: "must be a GCP project ID (6-30 chars, lowercase)" })
      .describe("GCP project that holds the cluster."),
    masterAuthorizedNetworks: z.array(cidrV4).default([]).describe("Allow-list for the public endpoint; empty keeps it private."),
    privateEndpointAuthorizedNetworks: z
      .array(cidrV4)
      .default([])
      .describe("Internal networks allowed to the private endpoint besides the node subnet (a CI runner's, a VPN's, a peer's), as authorized networks. @default []"),
    privateEndpointGlobalAccess: z
      .boolean()
      .default(false)
      .describe("Let callers in other regions (another region's VPN, runner or peer) reach the private endpoint. @default false"),
  }),
}).superRefine(poolMachineTypesFit("gcp"));

export const azureClusterSchema = z.strictObject({
  provider: z.literal("azure"),
  ...common,
  azure: z
    .strictObject({
      adminGroupObjectIds: z
        .array(z.uuid({ error: "must be an Entra ID group object ID (UUID)" }))
        .default([])
        .describe("Entra ID groups granted cluster-admin through Azure RBAC."),
      apiServerAuthorizedIpRanges: z.array(cidrV4).default([]).describe("Allow-list for the public API server; empty keeps it private."),
      privateDnsVnetLinks: z
        .array(z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i, { error: "must be a virtual network resource ID" }))
        .default([])
        .describe("VNets (resource IDs) linked to the private cluster's DNS zone, so a runner there resolves the private API name; the VNet also needs a route (peering or VPN). @default []"),
      subscriptionId: z
        .uuid({ error: "must be an Azure subscription ID (UUID)" })
        .optional()
        .describe("Subscription that holds the cluster. @default the subscription of the ambient Azure credentials (ARM_SUBSCRIPTION_ID, or the Azure CLI's current one)"),
    })
    .default({ adminGroupObjectIds: [], apiServerAuthorizedIpRanges: [], privateDnsVnetLinks: [] }),
}).superRefine(poolMachineTypesFit("azure"));

export const kubeadmClusterSchema = z.strictObject({
  provider: z.literal("kubeadm"),
  ...common,
  kubeadm: kubeadmSchema,
});

export const existingClusterSchema = z.strictObject({
  provider: z.literal("existing"),
  ...common,
  existing: z
    .strictObject({
      kubeconfigKey: dnsLabel(63)
        .optional()
        .describe("Name of the secret stack config key (in namespace `clusterfleet`) holding the kubeconfig. @default kubeconfig-<cluster>"),
      context: z.string().optional().describe("kubeconfig context to use. @default the current context"),
    })
    .default({}),
});

export const clusterSchema = z
  .discriminatedUnion("provider", [
    awsClusterSchema,
    gcpClusterSchema,
    azureClusterSchema,
    kubeadmClusterSchema,
    existingClusterSchema,
  ])
  .describe("A cluster: provider aws | gcp | azure | kubeadm | existing.");

export type ClusterSpec = z.output<typeof clusterSchema>;
export type ClusterSpecInput = z.input<typeof clusterSchema>;

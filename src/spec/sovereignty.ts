// Data sovereignty: where a cluster's volumes are encrypted and where its secrets are kept. Every
// field here points at a place that holds data; the planner refuses any that is outside the
// cluster's own region (naming the cluster and both regions), so these fields are the ones the
// plan-time check reads. Unset fields get ClusterFleet's own, in-region resources.
import * as z from "zod";

const AWS_KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;
const GCP_KMS_KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const AZURE_DES_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i;

export const storageSchema = z
  .strictObject({
    kmsKey: z
      .string()
      .refine((k) => AWS_KMS_KEY_ARN.test(k) || GCP_KMS_KEY_NAME.test(k), {
        error: 'must be an AWS KMS key ARN ("arn:aws:kms:<region>:<account>:key/<id>") or a Cloud KMS key name ("projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>")',
      })
      .optional()
      .describe(
        "aws and gcp: a volume encryption key you bring, in the cluster's region (an AWS KMS key ARN, or a Cloud KMS key name for CMEK). @default aws: a key ClusterFleet creates in the cluster's region; gcp: Google-managed encryption",
      ),
    diskEncryptionSet: z
      .strictObject({
        id: z.string().regex(AZURE_DES_ID, { error: "must be a disk encryption set resource ID (/subscriptions/…/providers/Microsoft.Compute/diskEncryptionSets/<name>)" }).describe("Resource ID of the disk encryption set."),
        location: z.string().min(1).describe("Its Azure location (a resource ID does not carry one); must be the cluster's."),
      })
      .optional()
      .describe("azure: a disk encryption set you bring instead of the one ClusterFleet creates. @default one in the cluster's location, with its key in the cluster's vault"),
    driver: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "must be a CSI driver name such as rbd.csi.ceph.com" })
      .optional()
      .describe("kubeadm and existing: the CSI driver of the site's block storage (required for kubeadm)."),
    parameters: z.record(z.string(), z.string()).default({}).describe("kubeadm and existing: the driver's StorageClass parameters. @default {}"),
    zoneTopologyKey: z
      .string()
      .min(1)
      .default("topology.kubernetes.io/zone")
      .describe("kubeadm and existing: the topology key the driver reports a node's zone under (its values are the site's zones). @default topology.kubernetes.io/zone"),
    regionTopologyKey: z
      .string()
      .min(1)
      .optional()
      .describe("kubeadm and existing: the topology key the driver reports a node's region under, if it reports one (its value is the site). @default none: zones alone bind the class"),
  })
  .describe("Where the cluster's volumes live and which key encrypts them; checked against the cluster's region.");

const vaultBackend = z
  .strictObject({
    vault: z
      .strictObject({
        address: z.url({ protocol: /^https$/, error: "must be an https URL such as https://vault.fra-dc1.example:8200" }).describe("The Vault server's address (https)."),
        region: z.string().min(1).describe("Where the Vault server runs and keeps its data: a site name or a cloud region. It must be the cluster's region."),
        mount: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, { error: "must be a Vault mount path such as secret or kv/eu" }).describe("Path of the KV version 2 secrets engine."),
        role: z.string().min(1).describe("Role of Vault's Kubernetes auth method that ClusterFleet's ServiceAccount logs in as."),
        authMount: z.string().min(1).default("kubernetes").describe("Mount path of Vault's Kubernetes auth method for this cluster. @default kubernetes"),
        caBundle: z.string().min(1).optional().describe("PEM CA bundle that signs the Vault server's certificate. @default the system roots"),
      })
      .describe("HashiCorp Vault (KV v2, Kubernetes auth)."),
  })
  .describe("A HashiCorp Vault server (any provider; kubeadm clusters need one).");

const awsBackend = z
  .strictObject({
    awsSecretsManager: z
      .strictObject({ region: z.string().min(1).optional().describe("Region of the secrets. @default the cluster's region") })
      .describe("AWS Secrets Manager, secrets named <fleet>/<cluster>/*."),
  })
  .describe("AWS Secrets Manager (aws clusters).");

const gcpBackend = z
  .strictObject({
    gcpSecretManager: z
      .strictObject({
        project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { error: "must be a GCP project ID" }).optional().describe("Project holding the secrets. @default the cluster's project"),
        location: z.string().min(1).optional().describe("Location of the regional secrets. @default the cluster's region"),
      })
      .describe("GCP Secret Manager regional secrets, named <fleet>_<cluster>_*."),
  })
  .describe("GCP Secret Manager (gcp clusters).");

const azureBackend = z
  .strictObject({
    azureKeyVault: z
      .strictObject({ location: z.string().min(1).optional().describe("Location of the vault ClusterFleet creates. @default the cluster's location") })
      .describe("An Azure Key Vault of the cluster's own (RBAC, workload identity)."),
  })
  .describe("Azure Key Vault (azure clusters).");

export const secretsBackendSchema = z
  .union([awsBackend, gcpBackend, azureBackend, vaultBackend])
  .optional()
  .describe(
    "Where External Secrets reads this cluster's secrets from, always in the cluster's region. @default aws: AWS Secrets Manager; gcp: GCP Secret Manager (regional); azure: a Key Vault of the cluster's; kubeadm: none (required); existing: none",
  );

export type StorageSpec = z.output<typeof storageSchema>;
export type SecretsBackendSpec = NonNullable<z.output<typeof secretsBackendSchema>>;

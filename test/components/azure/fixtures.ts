// An Azure-only fleet to render under mocks, and readers for what one AksCluster registered.
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import type { ObservedFleet } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ownResources } from "../../fixtures/graph.ts";

export const ADMIN_GROUP = "6f1c3b2a-8d4e-4f5a-9b7c-1d2e3f4a5b6c";
export const SUBSCRIPTION = "3f2e1d0c-4b5a-4968-8776-a5b4c3d2e1f0";

export const T = {
  provider: "pulumi:providers:azure-native",
  k8sProvider: "pulumi:providers:kubernetes",
  group: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  vault: "azure-native:keyvault:Vault",
  key: "azure-native:keyvault:Key",
  role: "azure-native:authorization:RoleAssignment",
  cluster: "azure-native:containerservice:ManagedCluster",
  pool: "azure-native:containerservice:AgentPool",
  storage: "azure-native:storage:StorageAccount",
  container: "azure-native:storage:BlobContainer",
  managementPolicy: "azure-native:storage:ManagementPolicy",
  federation: "azure-native:managedidentity:FederatedIdentityCredential",
  command: "command:local:Command",
} as const;

/** Two Azure clusters: an HA production one with a spot pool, taints and labels, and a non-HA dev one. */
export function azureFleet(): { name: string; jurisdictions: Record<string, any>; defaults: any; clusters: any[] } {
  return {
    name: "acme",
    jurisdictions: {
      eu: { countries: ["EU"], regions: { azure: ["westeurope", "germanywestcentral"] } },
      us: { countries: ["US"], regions: { azure: ["northcentralus"] } },
    },
    defaults: { kubernetesVersion: "1.35" },
    clusters: [
      {
        name: "prod-ams",
        provider: "azure",
        region: "westeurope",
        jurisdiction: "eu",
        environment: "prod",
        labels: { team: "platform" },
        nodePools: [
          { name: "general", machineType: "Standard_D8s_v5", min: 3, max: 12, diskSizeGb: 128, labels: { tier: "general" } },
          { name: "batch", machineType: "Standard_D16s_v5", min: 0, max: 20, spot: true, taints: [{ key: "workload", value: "batch", effect: "NoSchedule" }] },
        ],
        azure: { adminGroupObjectIds: [ADMIN_GROUP], subscriptionId: SUBSCRIPTION },
      },
      {
        name: "dev-fra",
        provider: "azure",
        region: "germanywestcentral",
        jurisdiction: "eu",
        environment: "dev",
        controlPlane: { ha: false },
        nodePools: [{ name: "general", min: 1, max: 3 }],
      },
    ],
  };
}

export function planOf(spec: unknown, observed?: ObservedFleet): FleetPlan {
  const plan = planFleet(spec, defaultCatalog, observed, { now: NOW });
  if (plan.problems) throw new Error(`test fleet refused: ${JSON.stringify(plan.problems)}`);
  return plan;
}

export function renderPlan(plan: FleetPlan, stack = "azure"): Promise<MockRun> {
  return runUnderMocks(
    async () => {
      new ClusterFleet(plan.fleet, { plan });
    },
    { project: "clusterfleet", stack, config: {} },
  );
}

export async function render(spec: unknown, observed?: ObservedFleet): Promise<{ plan: FleetPlan; run: MockRun }> {
  const plan = planOf(spec, observed);
  return { plan, run: await renderPlan(plan) };
}

export const clusterPlan = (plan: FleetPlan, name: string): ClusterPlan => plan.clusters.find((c) => c.name === name)!;

/** What one AksCluster registered, by role. */
export interface AksParts {
  readonly component: RecordedResource;
  readonly all: RecordedResource[];
  readonly provider: RecordedResource;
  readonly k8sProvider: RecordedResource;
  readonly group: RecordedResource;
  readonly vnet: RecordedResource;
  readonly subnet: RecordedResource;
  readonly identity: RecordedResource;
  readonly vault: RecordedResource;
  readonly key: RecordedResource;
  readonly kmsRole: RecordedResource;
  readonly subnetRole: RecordedResource;
  readonly cluster: RecordedResource;
  readonly pools: RecordedResource[];
}

export function aksParts(run: MockRun, componentName: string): AksParts {
  const component = run.resources.find((r) => r.type === TOKENS.aks && r.name === componentName);
  if (!component) throw new Error(`no AksCluster ${componentName}; have ${run.resources.filter((r) => r.type === TOKENS.aks).map((r) => r.name).join(", ")}`);
  const all = ownResources(run, component);
  const one = (type: string, suffix?: string) => {
    const found = all.filter((r) => r.type === type && (suffix === undefined || r.name.endsWith(suffix)));
    if (found.length !== 1) throw new Error(`${componentName}: expected one ${type}${suffix ? ` named *${suffix}` : ""}, got ${found.length}`);
    return found[0]!;
  };
  return {
    component,
    all,
    provider: one(T.provider),
    k8sProvider: one(T.k8sProvider),
    group: one(T.group),
    vnet: one(T.vnet),
    subnet: one(T.subnet),
    identity: one(T.identity, "-identity-control-plane"),
    vault: one(T.vault),
    key: one(T.key),
    kmsRole: one(T.role, "-role-kms"),
    subnetRole: one(T.role, "-role-subnet"),
    cluster: one(T.cluster),
    pools: all.filter((r) => r.type === T.pool),
  };
}

/** A nested input by dotted path (`networkProfile.podCidr`). */
export function at(r: RecordedResource, path: string): any {
  return path.split(".").reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), r.inputs);
}

/** Whether an IPv4 address lies inside a CIDR. */
export function inCidr(ip: string, cidr: string): boolean {
  const toInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = toInt(base!) - (toInt(base!) % size);
  return toInt(ip) >= start && toInt(ip) < start + size;
}

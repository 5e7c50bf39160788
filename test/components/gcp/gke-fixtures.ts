// Fleets with GKE clusters, rendered by the real ClusterFleet under the recording mocks, and the
// small readers the GKE tests share.
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { defaultCatalog } from "../../../src/catalog/catalog.ts";
import { runUnderMocks, type MockRun, type MockRunOptions } from "../../../src/preview/mock-run.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import type { ObservedFleet } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ownResources } from "../../fixtures/graph.ts";

export const T = {
  provider: "pulumi:providers:gcp",
  k8sProvider: "pulumi:providers:kubernetes",
  network: "gcp:compute/network:Network",
  subnetwork: "gcp:compute/subnetwork:Subnetwork",
  router: "gcp:compute/router:Router",
  nat: "gcp:compute/routerNat:RouterNat",
  keyRing: "gcp:kms/keyRing:KeyRing",
  key: "gcp:kms/cryptoKey:CryptoKey",
  keyMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
  account: "gcp:serviceaccount/account:Account",
  projectMember: "gcp:projects/iAMMember:IAMMember",
  cluster: "gcp:container/cluster:Cluster",
  nodePool: "gcp:container/nodePool:NodePool",
  bucket: "gcp:storage/bucket:Bucket",
  bucketMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
  accountMember: "gcp:serviceaccount/iAMMember:IAMMember",
} as const;

export interface GkeSpecOptions {
  readonly ha?: boolean;
  readonly zones?: string[];
  readonly kubernetesVersion?: string;
  readonly masterAuthorizedNetworks?: string[];
  readonly nodePools?: Record<string, unknown>[];
  readonly labels?: Record<string, string>;
  readonly lifecycle?: Record<string, unknown>;
  readonly addons?: Record<string, unknown>;
}

/** A fleet of one GKE cluster ("eu-gcp" in europe-west3, project acme-eu-prod) shaped by `o`. */
export function gkeFleet(o: GkeSpecOptions = {}) {
  return {
    name: "acme",
    jurisdictions: { eu: { countries: ["EU"], regions: { gcp: ["europe-west3"] } } },
    defaults: { kubernetesVersion: o.kubernetesVersion ?? "1.35" },
    clusters: [
      {
        name: "eu-gcp",
        provider: "gcp",
        region: "europe-west3",
        jurisdiction: "eu",
        environment: "prod",
        controlPlane: { ha: o.ha ?? true },
        ...(o.zones ? { zones: o.zones } : {}),
        ...(o.labels ? { labels: o.labels } : {}),
        ...(o.lifecycle ? { lifecycle: o.lifecycle } : {}),
        ...(o.addons ? { addons: o.addons } : {}),
        nodePools: o.nodePools ?? [
          { name: "system", machineType: "e2-standard-4", min: 3, max: 6 },
          { name: "apps", machineType: "n2-standard-8", min: 3, max: 30, spot: true, labels: { tier: "apps" }, taints: [{ key: "dedicated", value: "apps", effect: "NoSchedule" }] },
        ],
        gcp: { project: "acme-eu-prod", ...(o.masterAuthorizedNetworks ? { masterAuthorizedNetworks: o.masterAuthorizedNetworks } : {}) },
      },
    ],
  };
}

export function planOf(spec: unknown, observed?: ObservedFleet): FleetPlan {
  const plan = planFleet(spec, defaultCatalog, observed, { now: NOW });
  if (plan.problems) throw new Error(`test fleet refused: ${JSON.stringify(plan.problems)}`);
  return plan;
}

/** Renders a plan with the real ClusterFleet under mocks. */
export function renderPlan(plan: FleetPlan, extra: Partial<MockRunOptions> = {}): Promise<MockRun> {
  return runUnderMocks(
    async () => {
      new ClusterFleet(plan.fleet, { plan });
    },
    { project: "clusterfleet", stack: "gke-test", config: {}, ...extra },
  );
}

export interface RenderedGke {
  readonly plan: ClusterPlan;
  readonly run: MockRun;
  readonly component: RecordedResource;
  /** Everything under the GkeCluster component. */
  readonly under: RecordedResource[];
  /** The one resource of a type (of those whose Pulumi name ends with `suffix`, if given). */
  one(type: string, suffix?: string): RecordedResource;
  all(type: string): RecordedResource[];
}

export function gkeOf(run: MockRun, plan: FleetPlan, cluster = "eu-gcp"): RenderedGke {
  const clusterPlan = plan.clusters.find((c) => c.name === cluster)!;
  const component = run.resources.find((r) => r.type === TOKENS.gke && r.name === `${plan.fleet}-${cluster}`);
  if (!component) throw new Error(`no GkeCluster ${plan.fleet}-${cluster} among ${run.resources.map((r) => r.name).join(", ")}`);
  const under = ownResources(run, component);
  const all = (type: string) => under.filter((r) => r.type === type);
  const one = (type: string, suffix?: string) => {
    const found = all(type).filter((r) => suffix === undefined || r.name.endsWith(suffix));
    if (found.length !== 1) throw new Error(`expected one ${type} under ${component.name}, found ${found.length}`);
    return found[0]!;
  };
  return { plan: clusterPlan, run, component, under, one, all };
}

export async function renderGke(o: GkeSpecOptions = {}, extra: Partial<MockRunOptions> = {}): Promise<RenderedGke> {
  const plan = planOf(gkeFleet(o));
  return gkeOf(await renderPlan(plan, extra), plan);
}

/** The id a mocked resource gets (mock-run gives every resource `<pulumi name>-id`). */
export const idOf = (r: RecordedResource): string => `${r.name}-id`;

/** A nested input, e.g. at(r, "privateClusterConfig", "enablePrivateEndpoint"). */
export function at(r: RecordedResource, ...path: string[]): unknown {
  let v: unknown = r.inputs;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Provider config arrives as strings on the wire (objects JSON-encoded). */
export function providerConfig(r: RecordedResource, key: string): unknown {
  const v = r.inputs[key];
  return typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v;
}

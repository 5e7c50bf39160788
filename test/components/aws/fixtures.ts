// AWS fleets for the EKS component tests, a renderer that runs ClusterFleet under the recording
// mocks (with the AWS mocks registered), and finders over the recorded resources.
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import type { ObservedFleet } from "../../../src/plan/observed.ts";
import { planFleet } from "../../../src/plan/plan-fleet.ts";
import type { FleetPlan } from "../../../src/plan/types.ts";
import { runUnderMocks, type MockRun } from "../../../src/preview/mock-run.ts";
import "../../../src/preview/mocks/index.ts";
import type { RecordedResource } from "../../../src/preview/recording-monitor.ts";
import { NOW } from "../../fixtures/fleets.ts";
import { ownResources } from "../../fixtures/graph.ts";

export const ADMIN_ROLES = ["arn:aws:iam::111122223333:role/platform-admins", "arn:aws:iam::111122223333:role/team/break-glass"];

/** Two EKS clusters: an HA prod one with two pools and admins, a non-HA dev one with a spot pool. */
export function awsFleet(overrides: { prod?: Record<string, unknown>; version?: string } = {}) {
  return {
    name: "acme",
    jurisdictions: { eu: { countries: ["EU"], regions: { aws: ["eu-central-1", "eu-west-1"] } } },
    defaults: { kubernetesVersion: overrides.version ?? "1.35" },
    clusters: [
      {
        name: "prod-fra",
        provider: "aws",
        region: "eu-central-1",
        jurisdiction: "eu",
        environment: "prod",
        nodePools: [
          { name: "system", machineType: "m7i.large", min: 3, max: 6 },
          {
            name: "batch",
            machineType: "m7g.xlarge",
            min: 0,
            max: 20,
            spot: true,
            zones: ["eu-central-1a", "eu-central-1b"],
            diskSizeGb: 200,
            labels: { workload: "batch" },
            taints: [
              { key: "workload", value: "batch", effect: "NoSchedule" },
              { key: "spot", effect: "PreferNoSchedule" },
            ],
          },
        ],
        aws: { adminRoleArns: ADMIN_ROLES },
        ...overrides.prod,
      },
      {
        name: "dev-dub",
        provider: "aws",
        region: "eu-west-1",
        jurisdiction: "eu",
        environment: "dev",
        controlPlane: { ha: false },
        nodePools: [{ name: "general", machineType: "t3.large", min: 1, max: 3, spot: true }],
      },
    ],
  };
}

export function planOf(spec: unknown, observed?: ObservedFleet): FleetPlan {
  const plan = planFleet(spec, undefined, observed, { now: NOW });
  if (plan.problems) throw new Error(`test fleet refused: ${JSON.stringify(plan.problems)}`);
  return plan;
}

export function render(plan: FleetPlan, stack = "aws-test"): Promise<MockRun> {
  return runUnderMocks(
    async () => {
      new ClusterFleet(plan.fleet, { plan });
    },
    { project: "clusterfleet", stack, config: {} },
  );
}

/** One cluster's EksCluster component and everything under it. */
export function eksOf(run: MockRun, cluster: string): { component: RecordedResource; all: RecordedResource[]; of: (type: string) => RecordedResource[]; one: (type: string, name?: string) => RecordedResource } {
  const component = run.resources.find((r) => r.type === TOKENS.eks && r.name === `acme-${cluster}`);
  if (!component) throw new Error(`no EksCluster acme-${cluster}; have ${run.resources.filter((r) => r.type === TOKENS.eks).map((r) => r.name).join(", ")}`);
  const all = ownResources(run, component);
  const of = (type: string) => all.filter((r) => r.type === type);
  const one = (type: string, name?: string) => {
    const found = of(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""} under ${component.name}, found ${found.length}`);
    return found[0]!;
  };
  return { component, all, of, one };
}

export const T = {
  provider: "pulumi:providers:aws",
  vpc: "aws:ec2/vpc:Vpc",
  cidrAssoc: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  route: "aws:ec2/route:Route",
  routeTable: "aws:ec2/routeTable:RouteTable",
  rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  role: "aws:iam/role:Role",
  cluster: "aws:eks/cluster:Cluster",
  nodeGroup: "aws:eks/nodeGroup:NodeGroup",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  addon: "aws:eks/addon:Addon",
  accessEntry: "aws:eks/accessEntry:AccessEntry",
  accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  k8sProvider: "pulumi:providers:kubernetes",
} as const;

/** Leaf paths whose values differ between two input objects. */
export function changedPaths(a: unknown, b: unknown, path = ""): string[] {
  if (a === b) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].flatMap((k) => changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

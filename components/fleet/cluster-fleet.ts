// ClusterFleet: renders a FleetPlan into one child component per cluster. It decides nothing:
// give it a plan (or a spec, which it plans with the same pure planner the CLI uses).
import * as pulumi from "@pulumi/pulumi";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import type { Catalog } from "../../src/catalog/types.ts";
import type { FleetSpecInput } from "../../src/spec/fleet.ts";
import { formatIssue } from "../../src/spec/issue.ts";
import { observedFromPlan, type ObservedFleet } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import type { ClusterPlan, FleetPlan } from "../../src/plan/types.ts";
import { TOKENS } from "../tokens.ts";
import { PlannedCluster } from "./planned-cluster.ts";

export type ClusterFleetArgs =
  | { readonly plan: FleetPlan }
  | {
      readonly spec: FleetSpecInput;
      /** @default the built-in catalog */
      readonly catalog?: Catalog;
      /** What the previous deployment left; keeps CIDRs and steps versions. @default none (a fresh fleet) */
      readonly observed?: ObservedFleet;
      /** For decommission dates; pass it in, the library never reads the clock. @default none (nothing is due) */
      readonly now?: Date;
    };

export class ClusterFleet extends pulumi.ComponentResource {
  /** The plan this fleet renders (plain data). */
  readonly plan: FleetPlan;
  /** Child components by cluster name; clusters being destroyed have none. */
  readonly clusters: Readonly<Record<string, PlannedCluster>>;
  /** What this deployment leaves, for the next run's planner (export it as the `observed` stack output). */
  readonly observed: ObservedFleet;

  constructor(name: string, args: ClusterFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.fleet, name, {}, opts);
    this.plan = "plan" in args ? args.plan : planFleet(args.spec, args.catalog ?? defaultCatalog, args.observed, args.now ? { now: args.now } : {});
    if (this.plan.problems) {
      throw new pulumi.InputPropertiesError({
        message: `ClusterFleet "${name}": the fleet spec has ${this.plan.problems.length} problem(s):\n${this.plan.problems.map((p) => `  - ${formatIssue(p)}`).join("\n")}`,
        errors: this.plan.problems.map((p) => ({ propertyPath: p.path, reason: `${p.message} [${p.code}]` })),
      });
    }
    this.clusters = Object.fromEntries(
      this.plan.clusters.filter((c) => c.action !== "destroy").map((c) => [c.name, this.renderCluster(c)]),
    );
    this.observed = observedFromPlan(this.plan);
    this.registerOutputs({ plan: this.plan, observed: this.observed });
  }

  private renderCluster(cluster: ClusterPlan): PlannedCluster {
    return new PlannedCluster(`${this.plan.fleet}-${cluster.name}`, { cluster }, { parent: this });
  }
}

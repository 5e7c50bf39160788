// The Pulumi program: `pulumi up` runs this with the stack's config (stacks/Pulumi.<stack>.yaml).
// It reads the ambient state the library may not (config, clock, previous deployment), plans, and
// hands the plan to ClusterFleet. The module has only a default export, as Pulumi requires.
import * as pulumi from "@pulumi/pulumi";
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { defaultCatalog } from "./catalog/catalog.ts";
import { APPROVAL_ENV, checkApproval } from "./decommission/approval.ts";
import { planFleet } from "./plan/plan-fleet.ts";
import { requiredSecrets } from "./plan/secrets.ts";
import { summarizePlan } from "./plan/summary.ts";
import { complianceReport } from "./report/compliance.ts";
import { readObserved } from "./program/observed-source.ts";
import { adoptMovedResources } from "./program/moved-state.ts";
import { PassedOutputs } from "./program/passed-outputs.ts";
import { shardStackOutputs } from "./program/shard-outputs.ts";
import { fleetStackFor, ShardReader } from "./program/shard-source.ts";
import { isoFromGoTimestamps } from "./program/yaml-timestamps.ts";
import { FleetSpecError } from "./spec/issue.ts";

export default async function clusterFleetProgram(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config("clusterfleet");
  // Unquoted dates in the stack file arrive as Go timestamps (see yaml-timestamps.ts).
  const spec = isoFromGoTimestamps(config.requireObject<unknown>("fleet"));
  // Set only by `clusterfleet decommission --yes` for its own run, after its cleanup, and honoured
  // only in that run's process (its run id in the environment) before it expires.
  const clock = new Date();
  const approval = checkApproval(config.get("decommission"), process.env[APPROVAL_ENV], clock);
  if (approval.kind === "ignored") pulumi.log.warn(approval.reason);
  const now = approval.kind === "approved" ? approval.now : (parseNow(config.get("now")) ?? clock);
  const decommission = approval.kind === "approved" ? approval.clusters : [];
  // A shard (clusterfleet:shard) plans the whole fleet as every other shard does, from the observed
  // state it can know: the whole fleet's as `clusterfleet up` passes it (clusterfleet:observed), its
  // own previous deployment over that, and over both what the shards it runs after left.
  const shardName = config.get("shard");
  const reader = shardName ? new ShardReader(fleetStackFor(shardName), PassedOutputs.fromConfig(config)) : undefined;
  const ownShard = shardName ? planFleet(spec, defaultCatalog, undefined, { now }).shards?.find((x) => x.name === shardName) : undefined;
  const observed = await readObserved(config, reader && ownShard ? (base) => reader.observed(ownShard, base) : undefined);

  const plan = planFleet(spec, defaultCatalog, observed, { now, decommission });
  if (plan.problems) {
    // RunError: the engine prints the message without a stack trace; these are user mistakes.
    throw new pulumi.RunError(new FleetSpecError(plan.problems, `fleet spec in stack "${pulumi.getStack()}" (config clusterfleet:fleet)`).message);
  }
  for (const w of plan.warnings ?? []) pulumi.log.warn(`${w.path}: ${w.message} [${w.code}]`);

  // Secrets the plan needs are secret config values (`pulumi config set --secret clusterfleet:<key> ...`).
  const secrets = new Map(requiredSecrets(plan).map((s) => [s.key, config.requireSecret(s.key)]));
  const kubeconfigs = Object.fromEntries(
    plan.clusters.filter((c) => c.provider === "existing" && c.action !== "destroy").map((c) => [c.name, secrets.get(String(c.settings["kubeconfigKey"]))!]),
  );
  const sshPrivateKeys = Object.fromEntries(plan.clusters.filter((c) => c.kubeadm && c.action !== "destroy").map((c) => [c.name, secrets.get(c.kubeadm!.sshPrivateKeyKey)!]));
  const shard = shardName ? plan.shards?.find((x) => x.name === shardName) : undefined;
  if (shardName && !shard) throw new pulumi.RunError(`clusterfleet:shard: the plan has no shard "${shardName}"; its shards: ${(plan.shards ?? []).map((x) => x.name).join(", ")} (\`clusterfleet plan\` lists them)`);
  // The first update of a shard whose state `clusterfleet migrate` moved from the single stack.
  if (shard && config.getBoolean("adoptMovedState")) adoptMovedResources();
  const fleet = new ClusterFleet(plan.fleet, { plan, kubeconfigs, sshPrivateKeys, ...(shard && reader ? { shard: reader.slice(plan, shard) } : {}) });
  if (shard) return shardStackOutputs(plan, shard, fleet);
  return {
    fleet: plan.fleet,
    summary: summarizePlan(plan),
    plan: fleet.plan,
    observed: fleet.observed,
    // Data sovereignty per cluster: storage classes and topology, key regions, secrets backend, verdict.
    sovereignty: complianceReport(fleet.plan),
    // The links the fabric built by kind, and for each on-prem site what to configure on its VPN
    // gateway (outside addresses, inside /30s, ASNs, pre-shared keys: a secret).
    fabric: { links: fleet.fabric!.links, onPremGateways: fleet.fabric!.onPremGateways },
    // Per cluster: how to reach it, and whether fleet-level tooling may schedule onto it.
    clusters: Object.fromEntries(
      Object.entries(fleet.access).map(([name, a]) => {
        const c = plan.clusters.find((x) => x.name === name)!;
        return [name, { ...a, traffic: c.traffic, schedulable: c.schedulable }];
      }),
    ),
  };
}

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new pulumi.RunError(`clusterfleet:now: got ${JSON.stringify(value)}; expected an ISO date or date-time such as 2026-11-21T00:00:00Z`);
  return new Date(t);
}

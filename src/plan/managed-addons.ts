// Which provider-managed add-ons a cluster gets and at which version: for EKS, the four add-ons of
// the catalog (src/catalog/eks-addons.ts) at the versions listed for this run's control-plane minor.
// An upgrade run therefore moves the add-ons with the control plane, never ahead of it.
import { eksAddons, type EksAddonFact } from "../catalog/eks-addons.ts";
import type { ClusterSpec } from "../spec/cluster.ts";
import { listAllowed } from "../spec/issue.ts";
import type { PlanContext } from "./context.ts";
import { fitName } from "./names.ts";
import type { ManagedAddonPlan, NodePoolPlan } from "./types.ts";
import { formatMinor } from "./versions.ts";

export function planManagedAddons(
  ctx: PlanContext,
  c: ClusterSpec,
  path: string,
  controlPlaneVersion: string,
  nodePools: readonly NodePoolPlan[],
  table: readonly EksAddonFact[] = eksAddons,
): ManagedAddonPlan[] | undefined {
  if (c.provider !== "aws") return undefined;
  const minor = formatMinor(controlPlaneVersion);

  const unknown = table.filter((a) => a.versions[minor] === undefined);
  // A minor EKS does not support is reported once, by the version check; only a supported minor the
  // add-on table lacks (a catalog override ahead of this table) is reported here.
  if (unknown.length && ctx.catalog.kubernetesVersions.aws.minors.includes(minor)) {
    for (const a of unknown) {
      const known = Object.keys(a.versions).sort(byMinor);
      ctx.problems.error(
        c.kubernetesVersion ? `${path}.kubernetesVersion` : "defaults.kubernetesVersion",
        "eks/addon-version-unknown",
        `EKS ${minor} (cluster "${c.name}") has no pinned version of the ${a.name} add-on; pinned minors: ${listAllowed(known)} (add a row to src/catalog/eks-addons.ts, from \`aws eks describe-addon-versions --addon-name ${a.name} --kubernetes-version ${minor}\`)`,
        minor,
      );
    }
  }

  // Without any node pool, add-ons that run Deployments would never become healthy: leave them out.
  const withoutNodes = nodePools.length === 0;
  if (withoutNodes) {
    const skipped = table.filter((a) => a.after === "nodes").map((a) => a.name);
    ctx.problems.warn(`${path}.nodePools`, "eks/addons-need-nodes", `cluster "${c.name}" has no node pool, so ${skipped.join(" and ")} are not installed (they run pods); add a node pool to get them`);
  }

  return table
    .filter((a) => a.versions[minor] !== undefined && !(withoutNodes && a.after === "nodes"))
    .map((a): ManagedAddonPlan => ({
      name: a.name,
      version: a.versions[minor]!,
      after: a.after,
      ...(a.serviceAccount
        ? {
            serviceAccount: {
              namespace: a.serviceAccount.namespace,
              name: a.serviceAccount.name,
              roleName: fitName("aws.iamRole", [ctx.spec.name, c.name, a.name]),
              managedPolicy: a.serviceAccount.managedPolicy,
            },
          }
        : {}),
    }));
}

function byMinor(a: string, b: string): number {
  return Number(a.split(".")[1]) - Number(b.split(".")[1]);
}

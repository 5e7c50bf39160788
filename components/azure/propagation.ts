// A pause between role assignments and what checks them. Azure RBAC is eventually consistent: a new
// assignment exists at once but is enforced minutes later, and AKS validates the control-plane
// identity's access to the KMS key (and its subnet) when it creates the cluster. Without the pause the
// first `pulumi up` of a cluster fails (Azure/AKS#3575) and only a rerun succeeds.
// The pause runs once per set of assignments (its triggers are their IDs): later runs skip it, and a
// replaced assignment waits again. It needs a POSIX `sleep` on the machine running `pulumi up`.
import * as local from "@pulumi/command/local/index.js";
import type * as authorization from "@pulumi/azure-native/authorization/index.js";
import type * as pulumi from "@pulumi/pulumi";
import { roleAssignmentPropagation } from "../../src/catalog/aks.ts";

export function awaitRolePropagation(name: string, assignments: readonly authorization.RoleAssignment[], parent: pulumi.Resource): local.Command {
  return new local.Command(
    `${name}-role-propagation`,
    {
      create: `sleep ${roleAssignmentPropagation.seconds}`,
      triggers: assignments.map((a) => a.id),
    },
    // The command provider, never the cluster's Azure provider.
    { parent, dependsOn: [...assignments] },
  );
}

// The cluster's control-plane identity and the role assignments it needs before the cluster is
// created: a user-assigned identity, because KMS etcd encryption needs the key access granted
// before the cluster exists (a system-assigned identity only exists after it).
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { AzureBuiltInRole } from "../../src/catalog/aks.ts";
import type { ClusterPlan } from "../../src/plan/types.ts";
import { roleDefinitionId, type AzureContext } from "./provider.ts";
import { nameOf } from "./settings.ts";
import { azureTags } from "./tags.ts";

export function controlPlaneIdentity(name: string, cluster: ClusterPlan, group: resources.ResourceGroup, opts: pulumi.CustomResourceOptions): managedidentity.UserAssignedIdentity {
  return new managedidentity.UserAssignedIdentity(
    `${name}-identity-control-plane`,
    {
      resourceGroupName: group.name,
      location: cluster.region,
      // The planner's cluster name (<= 63) plus a suffix stays far inside the identity limit (128).
      resourceName: `${nameOf(cluster, "cluster")}-control-plane`,
      tags: azureTags(cluster),
    },
    opts,
  );
}

export interface RoleGrant {
  readonly role: AzureBuiltInRole;
  readonly principalId: pulumi.Input<string>;
  readonly scope: pulumi.Input<string>;
}

/**
 * A built-in role for a service principal on a scope. The assignment's name is a GUID derived from
 * principal, role and scope (as Bicep's guid() does): the same on every run, never random, and new
 * when the principal or scope changes, so a replacement never collides with the assignment it replaces.
 */
export function grantRole(resourceName: string, grant: RoleGrant, ctx: AzureContext, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
  return new authorization.RoleAssignment(
    resourceName,
    {
      roleAssignmentName: pulumi.all([grant.principalId, grant.scope]).apply(([principal, scope]) => stableGuid(principal, grant.role.id, scope)),
      principalId: grant.principalId,
      // Stated, so Azure does not look the principal up in Entra ID: a just-created identity may not
      // have replicated yet, and the lookup would fail with PrincipalNotFound.
      principalType: "ServicePrincipal",
      roleDefinitionId: roleDefinitionId(ctx.subscriptionId, grant.role.id),
      scope: grant.scope,
      description: `ClusterFleet: ${grant.role.name}`,
    },
    opts,
  );
}

/** A GUID (RFC 4122 layout, name-based) from the given parts: deterministic, as Azure role assignment names must be GUIDs. */
export function stableGuid(...parts: readonly string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

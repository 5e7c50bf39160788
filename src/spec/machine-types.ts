// The shape of each cloud's machine type names, so that a name from another cloud (an Azure VM
// size on an AWS pool) is refused at parse time instead of failing the cloud's API mid-deploy.
// Shapes only: whether a type exists in a region is the cloud's to say.
import type * as z from "zod";
import type { CloudProvider } from "./primitives.ts";

export const MACHINE_TYPE_SHAPES: Readonly<Record<CloudProvider, { readonly pattern: RegExp; readonly example: string; readonly source: string }>> = {
  // family[generation][attributes][-flex].size, e.g. m7i.large, m7i-flex.2xlarge, u-6tb1.metal.
  aws: { pattern: /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, example: "m7i.large", source: "https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html" },
  // series-type-vCPUs or custom shapes, lowercase with dashes, never a dot: e2-standard-4, n2-custom-4-16384.
  gcp: { pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/, example: "e2-standard-4", source: "https://cloud.google.com/compute/docs/machine-resource" },
  // Tier_FamilySize[_Version], e.g. Standard_D4s_v5, Standard_NC24ads_A100_v4.
  azure: { pattern: /^(Standard|Basic)_[A-Za-z0-9_-]+$/, example: "Standard_D4s_v5", source: "https://learn.microsoft.com/en-us/azure/virtual-machines/vm-naming-conventions" },
};

const label: Record<CloudProvider, string> = { aws: "an EC2 instance type", gcp: "a Compute Engine machine type", azure: "an Azure VM size" };

/** Why `name` cannot be a machine type of `provider` (naming the cloud it looks like), or undefined. */
export function machineTypeMismatch(provider: CloudProvider, name: string): string | undefined {
  if (MACHINE_TYPE_SHAPES[provider].pattern.test(name)) return undefined;
  const looksLike = (Object.keys(MACHINE_TYPE_SHAPES) as CloudProvider[]).find((p) => p !== provider && MACHINE_TYPE_SHAPES[p].pattern.test(name));
  const other = looksLike ? ` (it looks like ${label[looksLike]})` : "";
  return `is not ${label[provider]}${other}; ${provider} machine types look like ${MACHINE_TYPE_SHAPES[provider].example}`;
}

/** zod check for a cluster schema: every node pool's machineType fits the cluster's cloud. */
export const poolMachineTypesFit =
  (provider: CloudProvider) =>
  (cluster: { nodePools?: readonly { machineType?: string | undefined }[] | undefined }, ctx: z.RefinementCtx): void => {
    (cluster.nodePools ?? []).forEach((p, i) => {
      const why = p.machineType === undefined ? undefined : machineTypeMismatch(provider, p.machineType);
      if (why) ctx.addIssue({ code: "custom", path: ["nodePools", i, "machineType"], message: why, input: p.machineType });
    });
  };

// Node pools: the worker capacity of a cluster, spread over its zones.
import * as z from "zod";
import { machineTypeMismatch } from "./machine-types.ts";
import { dnsLabel, kubernetesMinor, labelMap, type CloudProvider } from "./primitives.ts";

/** A machine type name of that cloud's shape (see machine-types.ts). */
const machineType = (provider: CloudProvider) =>
  z.string().check((ctx) => {
    const why = machineTypeMismatch(provider, ctx.value);
    if (why) ctx.issues.push({ code: "custom", message: why, input: ctx.value });
  });

export const taintSchema = z
  .strictObject({
    key: z.string().min(1).describe("Taint key."),
    value: z.string().optional().describe("Taint value."),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).describe("Taint effect."),
  })
  .describe("A Kubernetes taint on every node of the pool.");

export const nodePoolSchema = z
  .strictObject({
    name: dnsLabel(24).describe("Pool name, unique in the cluster."),
    machineType: z
      .string()
      .min(1)
      .optional()
      .describe("Provider machine type (m7i.large, e2-standard-4, Standard_D4s_v5). @default defaults.nodePool.machineTypes[provider]"),
    min: z.number().int().min(0).default(1).describe("Minimum nodes in the pool (all zones together). @default 1"),
    max: z.number().int().min(1).default(3).describe("Maximum nodes in the pool (all zones together). @default 3"),
    zones: z.array(z.string()).optional().describe("Subset of the cluster's zones. @default all of the cluster's zones"),
    spot: z.boolean().default(false).describe("Spot / preemptible capacity. @default false"),
    diskSizeGb: z.number().int().min(20).max(4096).default(100).describe("Node disk size. @default 100"),
    labels: labelMap.default({}),
    taints: z.array(taintSchema).default([]),
    kubernetesVersion: kubernetesMinor
      .optional()
      .describe("Hold this pool at an older minor (never newer than the control plane, at most 3 older)."),
  })
  .describe("A node pool.");

export const nodePoolDefaultsSchema = z
  .strictObject({
    machineTypes: z
      .strictObject({
        aws: machineType("aws").default("m7i.large").describe("EC2 instance type."),
        gcp: machineType("gcp").default("e2-standard-4").describe("Compute Engine machine type."),
        azure: machineType("azure").default("Standard_D4s_v5").describe("Azure VM size."),
      })
      .default({ aws: "m7i.large", gcp: "e2-standard-4", azure: "Standard_D4s_v5" })
      .describe("Machine type per provider when a pool does not name one."),
  })
  .default({ machineTypes: { aws: "m7i.large", gcp: "e2-standard-4", azure: "Standard_D4s_v5" } })
  .describe("Node pool defaults.");

export type NodePoolSpec = z.output<typeof nodePoolSchema>;
export type TaintSpec = z.output<typeof taintSchema>;

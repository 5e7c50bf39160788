// IPAM: the supernets every cluster's networks are carved from, and per-cluster pins.
import * as z from "zod";
import { cidrV4, clusterName } from "./primitives.ts";

const pool = (what: string, supernet: string, prefix: number, min: number, max: number) =>
  z
    .strictObject({
      supernet: cidrV4.describe(`Supernet that ${what} blocks are allocated from.`),
      prefix: z
        .number()
        .int()
        .min(min, { error: `must be between /${min} and /${max}` })
        .max(max, { error: `must be between /${min} and /${max}` })
        .describe(`Prefix length of each cluster's ${what} block.`),
    })
    .default({ supernet, prefix })
    .describe(`${what} pool. @default { supernet: "${supernet}", prefix: ${prefix} }`);

export const ipamSchema = z
  .strictObject({
    nodes: pool("node network (VPC / VNet / subnet)", "10.0.0.0/8", 20, 16, 28),
    pods: pool("pod", "100.64.0.0/10", 18, 12, 26),
    services: pool("service", "172.16.0.0/12", 22, 12, 27),
    reserved: z
      .array(cidrV4)
      .default([])
      .describe("Ranges never allocated to a cluster (corporate networks, VPN pools). @default []"),
  })
  .default({
    nodes: { supernet: "10.0.0.0/8", prefix: 20 },
    pods: { supernet: "100.64.0.0/10", prefix: 18 },
    services: { supernet: "172.16.0.0/12", prefix: 22 },
    reserved: [],
  })
  .describe(
    "IP address management. Each cluster gets one block from each pool, chosen by a hash of its name and kept " +
      "from the previous deployment (observed state), so adding or removing a cluster never renumbers another.",
  );

export const clusterNetworkSchema = z
  .strictObject({
    cidr: cidrV4.optional().describe("Node network CIDR, instead of an allocated one."),
    podCidr: cidrV4.optional().describe("Pod CIDR, instead of an allocated one."),
    serviceCidr: cidrV4.optional().describe("Service CIDR, instead of an allocated one."),
    apiRoute: clusterName
      .optional()
      .describe(
        "The fleet cluster in whose network the `pulumi up` runner sits, when it reaches this cluster's private API over their fabric link: " +
          "the link opens the API to that cluster's ranges, and this cluster's in-cluster resources wait for the fabric. @default none (the runner has its own route)",
      ),
  })
  .describe("Pinned CIDRs. Required for `existing` clusters (their networks are facts); optional otherwise.");

export type IpamSpec = z.output<typeof ipamSchema>;
export type ClusterNetworkSpec = z.output<typeof clusterNetworkSchema>;

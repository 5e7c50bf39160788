export * from "./fleet/cluster-fleet.ts";
export * from "./fleet/planned-cluster.ts";
export * from "./tokens.ts";

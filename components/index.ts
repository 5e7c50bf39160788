export * from "./addons/index.ts";
export * from "./cluster-contract.ts";
export * from "./existing/adopted-cluster.ts";
export * from "./fleet/cluster-fleet.ts";
export * from "./fleet/planned-cluster.ts";
export * from "./kube/kubernetes-provider.ts";
export * from "./tokens.ts";

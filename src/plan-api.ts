// The engine-free API: spec, catalog and planner, with no Pulumi import (`clusterfleet/plan`).
export * from "./catalog/index.ts";
export * from "./plan/index.ts";
export * from "./plan/summary.ts";
export * from "./spec/index.ts";

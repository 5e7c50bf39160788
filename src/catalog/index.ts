export * from "./catalog.ts";
export * from "./charts.ts";
export * from "./kubernetes-versions.ts";
export * from "./name-rules.ts";
export * from "./regions-aws.ts";
export * from "./regions-azure.ts";
export * from "./regions-gcp.ts";
export * from "./types.ts";

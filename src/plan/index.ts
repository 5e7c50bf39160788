export * from "./ipam.ts";
export * from "./lifecycle.ts";
export * from "./names.ts";
export * from "./observed.ts";
export * from "./peering.ts";
export * from "./plan-fleet.ts";
export * from "./types.ts";
export * from "./versions.ts";

// The library: the engine-free core and the Pulumi components that render its plans.
export * from "../components/index.ts";
export * from "./plan-api.ts";

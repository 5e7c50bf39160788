// JSON Schema of the FleetSpec, for editors validating stack files (`clusterfleet schema`).
import * as z from "zod";
import { fleetSpecSchema } from "./fleet.ts";

export function fleetJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(fleetSpecSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://clusterfleet.dev/schema/fleet.json",
    title: "ClusterFleet fleet spec (config key clusterfleet:fleet)",
  };
}

// Two US clusters of the shipped global fleet, an AWS–GCP VPN between them and an Istio mesh: every
// kind of shard (mesh roots, two clusters, a fabric island, a mesh link), small enough to run quickly.
// Charts off (no network to fetch them).
import { withoutCharts } from "./cluster-apis.ts";
import type { EngineSession } from "./session.ts";
import { stackFleet } from "./stack-setup.ts";

export const US_SLICE = ["us-aws-iad", "us-gcp-dsm"];

export function usSliceFleet(session: EngineSession): Record<string, unknown> {
  const global = structuredClone(stackFleet(session, "global")) as { clusters: { name: string }[]; peering: Record<string, unknown> };
  global.clusters = global.clusters.filter((c) => US_SLICE.includes(c.name));
  global.peering = { ...global.peering, hub: ["us-aws-iad"] };
  return withoutCharts(global);
}

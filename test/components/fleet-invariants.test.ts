// Invariants of the rendered fleet, whatever the providers: clusters never wait on each other,
// a bigger fleet takes no longer to create than one cluster, kubeconfigs are always secret.
import { describe, expect, it } from "vitest";
import { syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import { runUnderMocks } from "../../src/preview/mock-run.ts";
import type { FleetSpecInput } from "../../src/spec/fleet.ts";
import "../../src/preview/mocks/index.ts";
import { NOW, STACKS } from "../fixtures/fleets.ts";
import { crossClusterDependencies, exposedKubeconfigs, longestDependencyChain } from "../fixtures/graph.ts";
import { runStack } from "../fixtures/run-stack.ts";

const renderSpec = (spec: FleetSpecInput, stack: string) =>
  runUnderMocks(
    async () => {
      new ClusterFleet("bench", { spec, now: NOW });
    },
    { project: "clusterfleet", stack, config: {} },
  );
const fleetOf = (size: number) => renderSpec(syntheticFleet(size), `fleet-${size}`);

describe("a rendered fleet", () => {
  it("has no resource of one cluster depending on another cluster's", async () => {
    const run = await fleetOf(20);
    expect(crossClusterDependencies(run)).toEqual([]);
  });

  it("creates a fleet of 20 clusters in no longer a dependency chain than its slowest cluster alone", async () => {
    // Clusters of different providers differ in length, so the bar is each kind of cluster the
    // synthetic fleet holds (one per place: provider and jurisdiction), each rendered on its own.
    const kinds = syntheticFleet(9);
    let alone = 0;
    for (const c of kinds.clusters) alone = Math.max(alone, longestDependencyChain(await renderSpec({ ...kinds, peering: { topology: "mesh" }, clusters: [c] }, `alone-${c.name}`)));
    expect(alone).toBeGreaterThan(0);
    const twenty = longestDependencyChain(await fleetOf(20));
    expect(twenty).toBeLessThanOrEqual(alone);
  });

  it.each(STACKS)("never shows a kubeconfig unencrypted on stack %s", async (stack) => {
    const run = await runStack(stack);
    expect(exposedKubeconfigs(run)).toEqual([]);
  });
});

// Invariants of the rendered fleet, whatever the providers: clusters never wait on each other,
// a bigger fleet takes no longer to create than one cluster, kubeconfigs are always secret.
import { describe, expect, it } from "vitest";
import { syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import { runUnderMocks } from "../../src/preview/mock-run.ts";
import "../../src/preview/mocks/index.ts";
import { NOW, STACKS } from "../fixtures/fleets.ts";
import { crossClusterDependencies, exposedKubeconfigs, longestDependencyChain } from "../fixtures/graph.ts";
import { runStack } from "../fixtures/run-stack.ts";

const fleetOf = (size: number) =>
  runUnderMocks(
    async () => {
      new ClusterFleet("bench", { spec: syntheticFleet(size), now: NOW });
    },
    { project: "clusterfleet", stack: `fleet-${size}`, config: {} },
  );

/** The synthetic fleet's i-th cluster alone (its first 9 cover every provider and region once). */
const aloneOf = (i: number) => {
  const spec = syntheticFleet(9, "mesh");
  return runUnderMocks(
    async () => {
      new ClusterFleet("bench", { spec: { ...spec, clusters: [spec.clusters[i]!] }, now: NOW });
    },
    { project: "clusterfleet", stack: `alone-${i}`, config: {} },
  );
};

describe("a rendered fleet", () => {
  it("has no resource of one cluster depending on another cluster's", async () => {
    const run = await fleetOf(20);
    expect(crossClusterDependencies(run)).toEqual([]);
  });

  it("creates a fleet of 20 clusters in no longer a dependency chain than its slowest cluster alone", async () => {
    // Compared with each kind of cluster alone, not with the first one only: a fleet of one cluster
    // of a provider that renders nothing yet has a chain of 0 and would prove nothing.
    let one = 0;
    for (let i = 0; i < 9; i++) one = Math.max(one, longestDependencyChain(await aloneOf(i)));
    expect(one).toBeGreaterThan(0);
    const twenty = longestDependencyChain(await fleetOf(20));
    expect(twenty).toBeLessThanOrEqual(one);
  });

  it.each(STACKS)("never shows a kubeconfig unencrypted on stack %s", async (stack) => {
    const run = await runStack(stack);
    expect(exposedKubeconfigs(run)).toEqual([]);
  });
});

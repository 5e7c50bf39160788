// Invariants of the rendered fleet, whatever the providers: clusters never wait on each other,
// a bigger fleet takes no longer to create than one cluster, kubeconfigs are always secret.
import { describe, expect, it } from "vitest";
import { syntheticFleet } from "../../bench/synthetic-fleet.ts";
import { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import { runUnderMocks, type MockRun } from "../../src/preview/mock-run.ts";
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
// Rendered once for the file: the 20-cluster fleet is the expensive part.
let twenty: Promise<MockRun> | undefined;
const fleetOf20 = () => (twenty ??= renderSpec(syntheticFleet(20), "fleet-20"));

// A 20-cluster render takes ~12 s on an idle 2-core machine; the bound leaves room for a busy one.
describe("a rendered fleet", { timeout: 240_000 }, () => {
  it("has no resource of one cluster depending on another cluster's", async () => {
    expect(crossClusterDependencies(await fleetOf20())).toEqual([]);
  });

  it("creates a fleet of 20 clusters in no longer a dependency chain than its slowest cluster alone", async () => {
    // Clusters of different providers differ in length, so the bar is each kind of cluster the
    // synthetic fleet holds (its first three: one per provider), each rendered on its own.
    const kinds = syntheticFleet(3);
    expect(new Set(kinds.clusters.map((c) => c.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
    let alone = 0;
    for (const c of kinds.clusters) alone = Math.max(alone, longestDependencyChain(await renderSpec({ ...kinds, peering: { topology: "mesh" }, clusters: [c] }, `alone-${c.name}`)));
    expect(alone).toBeGreaterThan(0);
    expect(longestDependencyChain(await fleetOf20())).toBeLessThanOrEqual(alone);
  });

  it.each(STACKS)("never shows a kubeconfig unencrypted on stack %s", async (stack) => {
    const run = await runStack(stack);
    expect(exposedKubeconfigs(run)).toEqual([]);
  });
});

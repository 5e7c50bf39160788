// A plan the AKS component cannot render is refused before anything is created, with one error
// that names every problem by its path.
import { describe, expect, it } from "vitest";
import { AksCluster } from "../../../components/azure/aks-cluster.ts";
import { runUnderMocks } from "../../../src/preview/mock-run.ts";
import type { ClusterPlan, FleetPlan } from "../../../src/plan/types.ts";
import { azureFleet, planOf, renderPlan } from "./fixtures.ts";

/** The test fleet's plan with its dev cluster changed by hand, as a caller passing `plan:` could. */
function withDev(change: (c: ClusterPlan) => ClusterPlan): FleetPlan {
  const plan = planOf(azureFleet());
  return { ...plan, clusters: plan.clusters.map((c) => (c.name === "dev-fra" ? change(c) : c)) };
}

const failureOf = (plan: FleetPlan) =>
  renderPlan(plan).then(
    () => undefined,
    (e: Error) => e,
  );

describe("a plan the AKS component refuses", () => {
  it("lists every problem at once, each with its path and code", async () => {
    const failure = await failureOf(
      withDev((c) => ({
        ...c,
        settings: { adminGroupObjectIds: ["not-a-group"], apiServerAuthorizedIpRanges: [] },
        network: { ...c.network, serviceCidr: "172.16.0.0/29" },
        nodePools: c.nodePools.map((p) => ({ ...p, kubernetesVersion: "1.36" })),
      })),
    );
    expect(failure?.message).toMatch(/AksCluster "acme-dev-fra": 3 problem\(s\)/);
    expect(failure?.message).toMatch(/cluster\.settings\.adminGroupObjectIds\[0\]: must be an Entra ID group object ID \(UUID\) \[azure\/settings-invalid\]/);
    expect(failure?.message).toMatch(/cluster\.network\.serviceCidr: got "172\.16\.0\.0\/29"; .* \[azure\/service-cidr-too-small\]/);
    expect(failure?.message).toMatch(/cluster\.nodePools\[0\]\.kubernetesVersion: pool "general" is at 1\.36, newer than the control plane's 1\.35.* \[azure\/pool-newer-than-control-plane\]/);
  });

  it("refuses labels that Azure cannot take as tag names, before creating anything", async () => {
    const spec = azureFleet();
    spec.clusters[1].labels = { "acme.io/team": "platform" };
    const failure = await failureOf(planOf(spec));
    expect(failure?.message).toMatch(/cluster\.labels\["acme\.io\/team"\]: "acme\.io\/team" cannot be an Azure tag name .*"acme\.io-team".* \[azure\/tag-name-invalid\]/);
  });

  it("refuses a cluster of another provider when built directly", async () => {
    const plan = planOf(azureFleet());
    const gcp = { ...plan.clusters.find((c) => c.name === "dev-fra")!, provider: "gcp" as const };
    const failure = await runUnderMocks(
      async () => {
        new AksCluster("direct", { fleet: plan.fleet, cluster: gcp });
      },
      { project: "clusterfleet", stack: "direct", config: {} },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/cluster\.provider: got "gcp"; an AksCluster renders only azure clusters \[azure\/wrong-provider\]/);
  });
});

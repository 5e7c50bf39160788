// `clusterfleet/testing`: a user's own program, unit-tested the Pulumi way (setMocks), renders a whole
// fleet of every provider on ClusterFleet's exported mocks, with every output resolved.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import { fleetMocks, UnmockedCallError } from "../../src/testing/index.ts";
import { everyProviderFleet } from "../fixtures/every-provider.ts";

const resolved = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("fleetMocks with pulumi.runtime.setMocks", () => {
  const failures: unknown[] = [];
  const onRejection = (e: unknown) => void failures.push(e);
  const types = new Set<string>();
  let fleet: ClusterFleet;

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    const mocks = fleetMocks();
    // The user's own mocks wrapping ours, as a test would: record what was created.
    await pulumi.runtime.setMocks(
      { newResource: (a) => (types.add(a.type), mocks.newResource(a)), call: (a) => mocks.call(a) },
      "my-platform",
      "unit",
      false, // not a preview: every output has a value, as after `pulumi up`
    );
    const { plan, kubeconfigs, sshPrivateKeys } = everyProviderFleet();
    fleet = new ClusterFleet("acme", { plan, kubeconfigs, sshPrivateKeys });
    await resolved(pulumi.all(Object.values(fleet.access).map((a) => pulumi.all([a.endpoint, a.kubeconfig]))));
    await resolved(fleet.observed);
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(() => void process.off("unhandledRejection", onRejection));

  it("renders every provider's cluster with no failure", () => {
    expect(failures.map((e) => `${(e as Error).name}: ${(e as Error).message}`)).toEqual([]);
    for (const t of ["clusterfleet:aws:EksCluster", "clusterfleet:gcp:GkeCluster", "clusterfleet:azure:AksCluster", "clusterfleet:kubeadm:KubeadmCluster", "clusterfleet:existing:AdoptedCluster"]) {
      expect(types).toContain(t);
    }
  });

  it("resolves each cluster's endpoint and kubeconfig, and what the next run reads", async () => {
    expect(Object.keys(fleet.access).sort()).toEqual(["eu-aws-fra", "eu-azure-fra", "eu-gcp-fra", "eu-onprem-fra", "legacy"]);
    for (const [name, a] of Object.entries(fleet.access)) {
      expect(await resolved(a.endpoint), name).toMatch(/^https:\/\/\S+/);
      expect(await resolved(a.kubeconfig), name).toMatch(/apiVersion: v1/);
    }
    const observed = await resolved(fleet.observed);
    expect(Object.keys(observed.clusters).sort()).toEqual(Object.keys(fleet.access).sort());
  });

  it("names an unanswered provider function", () => {
    expect(() => fleetMocks().call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: "" } as never)).toThrow(UnmockedCallError);
    expect(() => fleetMocks().call({ token: "aws:ec2/getAmi:getAmi", inputs: {}, provider: "" } as never)).toThrow(/aws:ec2\/getAmi:getAmi.*fleetMocks\(\{ invokes/);
  });
});

// Mocks that return only the inputs (the first thing a user writes with pulumi.runtime.setMocks) lack
// every output a provider computes. Components then fail by name, saying which output of which
// resource and how to mock it: never a TypeError from inside ClusterFleet.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ClusterFleet } from "../../components/fleet/cluster-fleet.ts";
import { MissingProviderOutputError } from "../../src/testing/index.ts";
import { everyProviderFleet } from "../fixtures/every-provider.ts";

describe("a fleet under mocks that return only the inputs", () => {
  const failures: unknown[] = [];

  beforeAll(async () => {
    const onRejection = (e: unknown) => void failures.push(e);
    process.on("unhandledRejection", onRejection);
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => ({ id: `${a.name}_id`, state: a.inputs }),
        // The one question a naive mock answers: who am I (AWS), else its inputs back.
        call: (a) => (a.token === "aws:index/getCallerIdentity:getCallerIdentity" ? { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/t", userId: "t" } : a.inputs),
      },
      "my-platform",
      "naive",
      false,
    );
    const { plan, kubeconfigs, sshPrivateKeys } = everyProviderFleet();
    try {
      new ClusterFleet("acme", { plan, kubeconfigs, sshPrivateKeys });
    } catch (e) {
      failures.push(e);
    }
    await new Promise((r) => setTimeout(r, 5_000));
    process.off("unhandledRejection", onRejection);
  }, 60_000);

  it("fails with MissingProviderOutputError only, naming the output and the way out", () => {
    expect(failures.length).toBeGreaterThan(0);
    const kinds = new Set(failures.map((e) => (e as Error).name));
    expect([...kinds]).toEqual(["MissingProviderOutputError"]);
    for (const e of failures) {
      expect(e).toBeInstanceOf(MissingProviderOutputError);
      expect((e as Error).message).toMatch(/is missing: the provider returned no value for it\. .*"clusterfleet\/testing"/);
    }
    // Among them, the ones a newcomer met first (issue 14): the GKE version and the VPN gateways' addresses.
    const outputs = failures.map((e) => (e as MissingProviderOutputError).output);
    expect(outputs.some((o) => /GKE cluster .*: masterVersion/.test(o))).toBe(true);
    expect(outputs.some((o) => /VPN gateway/.test(o))).toBe(true);
  });
});

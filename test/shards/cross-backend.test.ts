// Which predecessors a shard cannot reach by StackReference (another backend), and the config that
// passes their outputs instead.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { crossBackendPredecessors, passedOutputsConfig } from "../../src/shards/cross-backend.ts";
import { NOW, stackFile } from "../fixtures/fleets.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const spec = structuredClone(stackFile("global").spec) as Json;
spec["jurisdictions"].us.stateBackend = "s3://acme-state-us?region=us-east-1";
const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
const byName = new Map(plan.shards!.map((s) => [s.name, s]));

describe("cross-backend predecessors", () => {
  it("are the shards of `after` whose backend differs: none for a shard among its own", () => {
    // A US cluster's own root is in the US bucket with it; the APAC root whose certificate it trusts is not.
    expect(byName.get("cluster-us-aws-iad")!.after).toEqual(["mesh-identity-apac", "mesh-identity-us"]);
    expect(crossBackendPredecessors(byName.get("cluster-us-aws-iad")!, byName)).toEqual(["mesh-identity-apac"]);
    // The island holding US and APAC clusters is kept in the US bucket: the APAC clusters' shards are elsewhere.
    const island = byName.get("fabric-ap-aws-sin")!;
    expect(island.state.backend).toBe("s3://acme-state-us?region=us-east-1");
    expect(crossBackendPredecessors(island, byName)).toEqual(island.after.filter((a) => byName.get(a)!.jurisdictions.includes("apac")));
    expect(crossBackendPredecessors(island, byName).length).toBeGreaterThan(0);
  });

  it("pass plain outputs as plain config, an entry per shard, and secret ones as one secret value", async () => {
    const island = byName.get("fabric-ap-aws-sin")!;
    const read: { shard: string; backend: string | undefined }[] = [];
    const config = await passedOutputsConfig(island, byName, async (shard, backend) => {
      read.push({ shard, backend });
      return { fabricEnd: { value: { vpcId: `vpc-${shard}` } }, clusters: { value: { x: { kubeconfig: "k" } }, secret: true } };
    });
    const names = crossBackendPredecessors(island, byName);
    expect(read).toEqual(names.map((shard) => ({ shard, backend: undefined })));
    expect(config.plain).toEqual({ "clusterfleet:shardOutputs": Object.fromEntries(names.map((n) => [n, { fabricEnd: { vpcId: `vpc-${n}` } }])) });
    expect(JSON.parse(config.secrets["clusterfleet:shardSecrets"]!)).toEqual(Object.fromEntries(names.map((n) => [n, { clusters: { x: { kubeconfig: "k" } } }])));
    expect(JSON.stringify(config.plain)).not.toContain("kubeconfig");
  });

  it("pass nothing, reading no stack, when every predecessor shares the backend", async () => {
    const local = plan.shards!.find((x) => x.after.length > 0 && crossBackendPredecessors(x, byName).length === 0)!;
    expect(local).toBeDefined();
    const config = await passedOutputsConfig(local, byName, async () => {
      throw new Error("read nothing");
    });
    expect(config).toEqual({ plain: {}, secrets: {} });
  });
});

// The fleet's observed state from its shards' parts: layering, the run record's union, and what a
// shard stack's config gets.
import { describe, expect, it } from "vitest";
import { mergeObserved } from "../../src/plan/observed.ts";
import { gatheredObserved, withObserved } from "../../src/shards/fleet-observed.ts";
import type { RunRecord } from "../../src/shards/resume.ts";

const at = "2026-12-01T00:00:00.000Z";

describe("mergeObserved", () => {
  it("lays later states over earlier ones per cluster, per fabric entry and per mesh", () => {
    const merged = mergeObserved([
      { clusters: { a: { kubernetesVersion: "1.34" }, b: { kubernetesVersion: "1.34" } }, fabric: { asns: { "tgw:x": 64512 }, tunnels: { "a--b": ["169.254.0.0/30"] } }, meshTrust: { legacyRoots: { istio: "eu" } } },
      undefined,
      { clusters: { b: { kubernetesVersion: "1.35" } }, fabric: { asns: { "gcp:b": 64513 } }, meshTrust: { legacyRoots: { linkerd: "us" } } },
    ]);
    expect(merged).toEqual({
      clusters: { a: { kubernetesVersion: "1.34" }, b: { kubernetesVersion: "1.35" } },
      fabric: { asns: { "tgw:x": 64512, "gcp:b": 64513 }, tunnels: { "a--b": ["169.254.0.0/30"] }, gatewaySubnets: {} },
      meshTrust: { legacyRoots: { istio: "eu", linkerd: "us" } },
    });
  });

  it("is undefined with no state, and has no fabric or mesh trust when no layer has one", () => {
    expect(mergeObserved([undefined, undefined])).toBeUndefined();
    expect(mergeObserved([{ clusters: {} }, { clusters: { a: {} } }])).toEqual({ clusters: { a: {} } });
  });
});

describe("gatheredObserved", () => {
  it("is the union of the shards' recorded parts, leaving out a part it cannot read", () => {
    const record: RunRecord = {
      version: 1,
      stack: "global",
      shards: {
        "cluster-a": { hash: "h", status: "succeeded", at, observed: { clusters: { a: { kubernetesVersion: "1.35", network: { cidr: "10.1.0.0/16" } } } } },
        "cluster-b": { hash: "h", status: "failed", at, observed: { clusters: { b: { kubernetesVersion: "1.34" } } } },
        "cluster-c": { hash: "h", status: "succeeded", at, observed: { clusters: { c: { lifecycle: "melting" } } } },
        "fabric-a": { hash: "h", status: "succeeded", at, observed: { clusters: {}, fabric: { asns: { "tgw:a": 64512 } } } },
        "mesh-a--b": { hash: "h", status: "succeeded", at },
      },
    };
    expect(gatheredObserved(record)).toEqual({
      clusters: { a: { kubernetesVersion: "1.35", network: { cidr: "10.1.0.0/16" } }, b: { kubernetesVersion: "1.34" } },
      fabric: { asns: { "tgw:a": 64512 }, tunnels: {}, gatewaySubnets: {} },
    });
    expect(gatheredObserved({ version: 1, stack: "global", shards: {} })).toBeUndefined();
  });
});

describe("withObserved", () => {
  it("sets clusterfleet:observed over what the stack file gives (a JSON string or an object), and leaves the config alone with nothing gathered", () => {
    const plain = { "clusterfleet:fleet": { name: "f" } };
    expect(withObserved(plain, undefined)).toBe(plain);
    const gathered = { clusters: { a: { kubernetesVersion: "1.35" } } };
    expect(withObserved(plain, gathered)).toEqual({ ...plain, "clusterfleet:observed": gathered });
    const fromFile = { ...plain, "clusterfleet:observed": JSON.stringify({ clusters: { a: { kubernetesVersion: "1.34" }, z: {} } }) };
    expect(withObserved(fromFile, gathered)["clusterfleet:observed"]).toEqual({ clusters: { a: { kubernetesVersion: "1.35" }, z: {} } });
  });
});

// Remote write: authenticated from Secrets (basicAuth, bearer, oauth2) or SigV4, rendered as the
// prometheus-operator's RemoteWriteSpec (validated against its model), and sent only where the
// jurisdictions allow: metrics are metadata, and cross a border only where both sides consent.
import { Prometheus } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus";
import { describe, expect, it } from "vitest";
import { fleetValues } from "../../components/addons/values/by-addon.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const plan = (spec: unknown) => planFleet(spec, defaultCatalog, undefined, { now: NOW });
const withRemoteWrite = (remoteWrite: Record<string, unknown>, mutate: (s: ReturnType<typeof baseFleet>) => void = () => {}) => {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, observability: { remoteWrite: { url: "https://metrics.eu.acme.example/api/v1/write", ...remoteWrite } } };
  mutate(spec);
  return plan(spec);
};
const remoteWriteOf = (p: ReturnType<typeof plan>, name: string) => {
  const c = p.clusters.find((x) => x.name === name)!;
  return (fleetValues("kube-prometheus-stack", { fleet: p.fleet, cluster: c }) as { prometheus: { prometheusSpec: { remoteWrite: Record<string, unknown>[] } } }).prometheus.prometheusSpec.remoteWrite[0]!;
};

describe("remote write authentication", () => {
  it.each([
    [{ basicAuth: { username: { name: "central", key: "user" }, password: { name: "central", key: "password" } } }, { basicAuth: { username: { name: "central", key: "user" }, password: { name: "central", key: "password" } } }],
    [{ bearer: { name: "central", key: "token" } }, { authorization: { type: "Bearer", credentials: { name: "central", key: "token" } } }],
    [{ sigv4: { region: "eu-central-1", roleArn: "arn:aws:iam::111122223333:role/amp-writer" } }, { sigv4: { region: "eu-central-1", roleArn: "arn:aws:iam::111122223333:role/amp-writer" } }],
    [
      { oauth2: { clientId: { name: "central", key: "id" }, clientSecret: { name: "central", key: "secret" }, tokenUrl: "https://login.acme.example/token", scopes: ["metrics.write"] } },
      { oauth2: { clientId: { secret: { name: "central", key: "id" } }, clientSecret: { name: "central", key: "secret" }, tokenUrl: "https://login.acme.example/token", scopes: ["metrics.write"] } },
    ],
  ])("%j becomes the operator's %j, valid against the Prometheus CRD model", (auth, want) => {
    const p = withRemoteWrite({ jurisdiction: "eu", auth }, (s) => (s.clusters = s.clusters.filter((c: { name: string }) => c.name !== "us-aws")));
    const rw = remoteWriteOf(p, "eu-aws");
    expect(rw).toMatchObject(want);
    expect(() => new Prometheus({ metadata: { name: "p" }, spec: { remoteWrite: [rw] } as never }).validate()).not.toThrow();
    expect(JSON.stringify(p.clusters)).not.toMatch(/password":"[^{]/); // references only, never a credential
  });

  it("refuses inline credentials: only Secret references are accepted", () => {
    const p = withRemoteWrite({ auth: { basicAuth: { username: "admin", password: "hunter2" } } });
    expect(p.problems?.length).toBeGreaterThan(0);
    for (const i of p.problems!) expect(i.path).toMatch(/^defaults\.observability\.remoteWrite\.auth/);
  });
});

describe("remote write and jurisdictions", () => {
  it("refuses a cluster whose jurisdiction may not reach the endpoint's, naming both", () => {
    const p = withRemoteWrite({ jurisdiction: "eu" });
    expect(p.problems?.map((i) => [i.path, i.code])).toEqual([["defaults.observability.remoteWrite.jurisdiction", "observability/remote-write-crosses-jurisdiction"]]);
    expect(p.problems![0]!.message).toMatch(/cluster "us-aws" \(jurisdiction us\) would send its metrics to https:\/\/metrics\.eu\.acme\.example\/api\/v1\/write in jurisdiction eu/);
  });

  it("accepts it when both jurisdictions consent, or when the cluster sends no metrics", () => {
    const peer = (s: ReturnType<typeof baseFleet>) => {
      s.jurisdictions["eu"].mayPeerWith = ["us"];
      s.jurisdictions["us"].mayPeerWith = ["eu"];
    };
    expect(withRemoteWrite({ jurisdiction: "eu" }, peer).problems ?? []).toEqual([]);
    const noMetrics = withRemoteWrite({ jurisdiction: "eu" }, (s) => (s.clusters.find((c: { name: string }) => c.name === "us-aws")!.addons = { observability: { metrics: false } }));
    expect(noMetrics.problems ?? []).toEqual([]);
  });

  it("refuses an unknown jurisdiction once, and checks nothing when none is named", () => {
    expect(withRemoteWrite({ jurisdiction: "mars" }).problems?.map((i) => i.code)).toEqual(["jurisdiction/unknown"]);
    expect(withRemoteWrite({}).problems ?? []).toEqual([]);
  });
});

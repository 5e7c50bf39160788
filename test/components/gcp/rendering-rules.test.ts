// The small pure rules the GKE component renders with, as tables.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderGkeKubeconfig } from "../../../components/gcp/kubeconfig.ts";
import { initialNodesPerZone } from "../../../components/gcp/node-pools.ts";
import { isGcpZone } from "../../../src/catalog/gke.ts";
import { serverOf } from "../../../components/existing/adopted-cluster.ts";

describe("initial nodes per zone (GKE counts per zone; the plan's min/max are totals)", () => {
  it.each([
    // min, max, zones, want
    [3, 6, 3, 1],
    [3, 40, 3, 1],
    [6, 60, 3, 2],
    [4, 9, 3, 2],
    [1, 3, 1, 1],
    [1, 2, 3, 0], // one per zone would exceed max: start empty, the autoscaler adds nodes
    [0, 5, 3, 0],
    [5, 5, 2, 2], // 3 per zone would be 6 > max
  ])("min %i, max %i over %i zones → %i", (min, max, zones, want) => {
    const n = initialNodesPerZone({ min, max, zones: Array.from({ length: zones }, (_, i) => `z-${i}`) });
    expect(n).toBe(want);
    expect(n * zones).toBeLessThanOrEqual(max);
  });
});

describe("GCP locations", () => {
  it.each([
    ["europe-west3", false],
    ["europe-west3-a", true],
    ["us-central1-f", true],
    ["northamerica-northeast1", false],
    ["northamerica-northeast1-b", true],
  ])("%s is a zone: %s", (location, zone) => {
    expect(isGcpZone(location)).toBe(zone);
  });
});

describe("the GKE kubeconfig", () => {
  const text = renderGkeKubeconfig({ project: "acme-eu-prod", location: "europe-west3", clusterName: "acme-eu-gcp", endpoint: "10.1.2.3", caCertificate: "Q0E=" });

  it("points at the endpoint over https with the cluster CA, in gcloud's context naming", () => {
    expect(serverOf(text)).toBe("https://10.1.2.3");
    const doc = parse(text) as Record<string, any>;
    expect(doc["current-context"]).toBe("gke_acme-eu-prod_europe-west3_acme-eu-gcp");
    expect(doc["clusters"][0].cluster["certificate-authority-data"]).toBe("Q0E=");
    expect(doc["contexts"][0].context).toEqual({ cluster: doc["current-context"], user: doc["current-context"] });
  });

  it("authenticates only through gke-gcloud-auth-plugin: no token, key or password in it", () => {
    const user = (parse(text) as Record<string, any>)["users"][0].user;
    expect(Object.keys(user)).toEqual(["exec"]);
    expect(user.exec).toMatchObject({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", provideClusterInfo: true, interactiveMode: "Never" });
  });
});

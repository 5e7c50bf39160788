// GKE volumes are encrypted with a key of the cluster's own, in its region, like EKS and AKS volumes:
// the PD CSI driver's `disk-encryption-kms-key` names it (kubernetes-sigs/gcp-compute-persistent-disk-csi-driver),
// and the Compute Engine service agent needs Encrypter/Decrypter on it
// (https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek).
import { beforeAll, describe, expect, it } from "vitest";
import { at, renderGke, T, type RenderedGke } from "./gke-fixtures.ts";

let g: RenderedGke;
beforeAll(async () => {
  g = await renderGke();
});

describe("GKE volume encryption", () => {
  it("is planned with a key of the cluster's, in its region, for every class", () => {
    expect(g.plan.sovereignty.keys.find((k) => k.purpose === "volumes")).toEqual({ purpose: "volumes", kind: "gcp-kms", region: "europe-west3", managedBy: "clusterfleet" });
    for (const k of g.plan.sovereignty.storageClasses) expect(k.computedParameters, k.name).toEqual({ "disk-encryption-kms-key": "volumeKey" });
  });

  it("creates that key in the cluster's key ring, kept on delete, the Compute Engine agent allowed, and the classes name it", () => {
    const all = g.run.resources;
    const key = all.find((r) => r.type === T.key && r.name.endsWith("-key-volumes"))!;
    const ring = g.one(T.keyRing);
    expect(key.inputs).toMatchObject({ name: "volumes", keyRing: `${ring.name}-id`, purpose: "ENCRYPT_DECRYPT" });
    expect(key.retainOnDelete).toBe(true);
    const grant = all.find((r) => r.type === T.keyMember && r.name.endsWith("-key-volumes-compute-agent"))!;
    expect(grant.inputs["cryptoKeyId"]).toBe(`${key.name}-id`);
    expect(String(grant.inputs["member"])).toMatch(/^serviceAccount:service-\d+@compute-system\.iam\.gserviceaccount\.com$/);
    const classes = all.filter((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass" && r.name.startsWith(g.component.name));
    expect(classes.length).toBeGreaterThan(0);
    for (const c of classes) {
      expect(at(c, "parameters", "disk-encryption-kms-key"), c.name).toBe(`${key.name}-id`);
      expect(c.dependsOn, c.name).toEqual(expect.arrayContaining([key.name, grant.name]));
    }
  });
});

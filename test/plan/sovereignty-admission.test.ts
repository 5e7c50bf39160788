// An adopted cluster's admission rules allow-list its pinned classes and its one store. Without
// `storage` or `secretsBackend` there is nothing to allow: a prod cluster (deny) would refuse every
// PVC naming a class and every ExternalSecret, so the plan refuses the spec; elsewhere it warns.
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const adopted = (environment: string, extra: Record<string, unknown> = {}) => {
  const spec = baseFleet();
  spec.defaults = { ...spec.defaults, policy: "kyverno" };
  spec.clusters.push({ name: "eu-old", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment, network: { cidr: "192.168.32.0/20", podCidr: "192.168.128.0/18", serviceCidr: "192.168.48.0/22" }, ...extra });
  return planFleet(spec, defaultCatalog, undefined, { now: NOW });
};
const about = (p: ReturnType<typeof adopted>) => (p.problems ?? []).filter((i) => i.path.startsWith("clusters[4]")).map((i) => [i.path, i.code]);

describe("admission on adopted clusters", () => {
  it("refuses a prod cluster without storage or secretsBackend, naming both fields", () => {
    const p = adopted("prod");
    expect(about(p)).toEqual([
      ["clusters[4].storage", "sovereignty/admission-without-allow-list"],
      ["clusters[4].secretsBackend", "sovereignty/admission-without-allow-list"],
    ]);
    expect(p.problems!.find((i) => i.path === "clusters[4].storage")!.message).toMatch(/adopted prod cluster "eu-old" runs kyverno.*deny every PersistentVolumeClaim that names a class.*addons\.policy: none/);
  });

  it("accepts it with both, or without a policy engine", () => {
    expect(about(adopted("prod", { storage: { driver: "rbd.csi.ceph.com" }, secretsBackend: { vault: { address: "https://vault.fra-dc1.example:8200", region: "fra-dc1", mount: "kv", role: "eu-old" } } }))).toEqual([]);
    expect(about(adopted("prod", { addons: { policy: "none" } }))).toEqual([]);
  });

  it("only warns for a cluster outside prod", () => {
    const p = adopted("staging");
    expect(about(p)).toEqual([]);
    expect(p.warnings!.filter((i) => i.path.startsWith("clusters[4]")).map((i) => [i.path, i.code])).toEqual([
      ["clusters[4].storage", "sovereignty/admission-rule-left-out"],
      ["clusters[4].secretsBackend", "sovereignty/admission-rule-left-out"],
    ]);
  });
});

describe("native admission (ValidatingAdmissionPolicy) on every cluster", () => {
  it("denies in prod and warns elsewhere, with or without a policy engine, skipping Kubernetes' and the provider's own namespaces", () => {
    const spec = baseFleet();
    spec.clusters[1] = { ...spec.clusters[1], environment: "staging" };
    const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
    const admission = Object.fromEntries(plan.clusters.map((c) => [c.name, c.sovereignty.admission]));
    expect(plan.clusters.every((c) => c.policy === "none")).toBe(true);
    expect(admission).toEqual({
      "eu-aws": { enforcement: "deny", exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease", "amazon-cloudwatch", "amazon-guardduty"] },
      "eu-gcp": { enforcement: "warn", exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gmp-public", "gmp-system"] },
      "eu-dc": { enforcement: "deny", exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease"] },
      "us-aws": { enforcement: "deny", exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease", "amazon-cloudwatch", "amazon-guardduty"] },
    });
  });

  it("refuses a minor older than 1.30 (no ValidatingAdmissionPolicy v1), which only a catalog override can allow, naming the version field", () => {
    const spec = baseFleet();
    (spec as Record<string, unknown>)["catalog"] = { kubernetesVersions: { aws: ["1.29", "1.35"] } };
    spec.clusters[0] = { ...spec.clusters[0], kubernetesVersion: "1.29" };
    const p = planFleet(spec, defaultCatalog, undefined, { now: NOW });
    const found = (p.problems ?? []).filter((i) => i.code === "sovereignty/admission-needs-newer-kubernetes");
    expect(found.map((i) => [i.path, i.input])).toEqual([["clusters[0].kubernetesVersion", "1.29"]]);
    expect(found[0]!.message).toMatch(/cluster "eu-aws" would run 1\.29.*ValidatingAdmissionPolicies, served from Kubernetes 1\.30 on/);
  });
});

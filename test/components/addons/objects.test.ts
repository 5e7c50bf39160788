// The Kubernetes objects ClusterFleet builds from the plan, on data: the mesh's Gateway, mTLS and
// secrets, the baseline for both engines. And the schema checks that guard them, on bad objects.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cacertsSecret, crossNetworkGateway, meshMtlsStrict, remoteSecret } from "../../../components/addons/mesh/istio-objects.ts";
import { remoteKubeconfig, tokenAccess } from "../../../components/addons/mesh/kubeconfig.ts";
import { link } from "../../../components/addons/mesh/linkerd-objects.ts";
import { addonNamespaces } from "../../../components/addons/namespaces.ts";
import { gatekeeperBaseline } from "../../../components/addons/policy/gatekeeper-objects.ts";
import { kyvernoBaseline } from "../../../components/addons/policy/kyverno-objects.ts";
import type { PolicyBaselinePlan } from "../../../src/plan/types.ts";
import { planStack } from "../../fixtures/addon-fleet.ts";
import { objectProblems } from "../../fixtures/kube-schemas.ts";

const baseline = (enforcement: "deny" | "warn"): PolicyBaselinePlan => ({
  engine: "gatekeeper",
  enforcement,
  allowedRegistries: ["registry.acme.example/", "docker.io/istio/"],
  requiredResources: { requests: ["cpu", "memory"], limits: ["memory"] },
  requiredNamespaceLabels: ["team"],
  exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gmp-public", "gmp-system", "istio-system", "monitoring"],
  providerNamespaces: ["gmp-public", "gmp-system"],
});

describe("Istio objects", () => {
  it("expose every service through the east-west gateway and require mTLS mesh-wide", () => {
    const gw = crossNetworkGateway();
    expect(gw.toJSON()).toMatchObject({
      apiVersion: "networking.istio.io/v1",
      metadata: { name: "cross-network-gateway", namespace: "istio-system" },
      spec: { selector: { istio: "eastwestgateway" }, servers: [{ port: { number: 15443, protocol: "TLS" }, tls: { mode: "AUTO_PASSTHROUGH" }, hosts: ["*.local"] }] },
    });
    expect(meshMtlsStrict().toJSON()).toEqual({ apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } });
    expect(objectProblems(gw.toJSON() as never)).toEqual([]);
  });

  it("plug the cluster's intermediate CA in as cacerts, and write remote secrets as istioctl does", () => {
    expect(Object.keys(cacertsSecret({ caCert: "i", caKey: "k", rootCert: "r", certChain: "i+r" }).stringData).sort()).toEqual(["ca-cert.pem", "ca-key.pem", "cert-chain.pem", "root-cert.pem"]);
    const kubeconfig = remoteKubeconfig(tokenAccess("eu-2", "https://eu-2:6443", { token: Buffer.from("tok").toString("base64"), "ca.crt": "Q0E=" }));
    expect(parse(kubeconfig)).toMatchObject({
      "current-context": "eu-2",
      clusters: [{ name: "eu-2", cluster: { server: "https://eu-2:6443", "certificate-authority-data": "Q0E=" } }],
      users: [{ name: "eu-2", user: { token: "tok" } }],
    });
    const s = remoteSecret("eu-2", kubeconfig);
    expect(s.metadata).toEqual({ name: "istio-remote-secret-eu-2", namespace: "istio-system", labels: { "istio/multiCluster": "true" }, annotations: { "networking.istio.io/cluster": "eu-2" } });
    expect(objectProblems(s as never)).toEqual([]);
    expect(() => tokenAccess("eu-2", "https://eu-2:6443", {})).toThrow(/token Secret of cluster "eu-2": data.token is missing/);
  });
});

describe("add-on namespaces", () => {
  it("carry the team label, and the network label on istio-system", () => {
    const c = planStack("prod-eu").clusters.find((x) => x.name === "eu-gcp-fra")!;
    const ns = addonNamespaces(c);
    expect(ns.map((n) => n.metadata!.name)).toEqual(["istio-system", "gatekeeper-system", "monitoring", "loki", "opentelemetry", "external-secrets"]);
    for (const n of ns) expect(n.metadata!.labels!["team"]).toBe("platform");
    expect(ns[0]!.metadata!.labels!["topology.istio.io/network"]).toBe("eu-gcp-fra");
  });
});

describe("the baseline on Gatekeeper", () => {
  it("has one template and one constraint per rule, enforcing as planned, exempting as planned", () => {
    for (const enforcement of ["deny", "warn"] as const) {
      const set = gatekeeperBaseline(baseline(enforcement));
      expect(set.map((x) => x.rule.id)).toEqual(["no-privileged-containers", "no-host-namespaces", "allowed-registries", "required-resources", "required-namespace-labels"]);
      for (const { template, constraint } of set) {
        expect(template.metadata.name).toBe(template.spec.crd.spec.names.kind.toLowerCase());
        expect(constraint.kind).toBe(template.spec.crd.spec.names.kind);
        expect(constraint.spec.enforcementAction).toBe(enforcement);
        expect(template.spec.targets[0]!.rego).toMatch(new RegExp(`^package ${template.metadata.name}\\n`));
        expect(objectProblems(template as never)).toEqual([]);
        expect(objectProblems(constraint as never, [template as never])).toEqual([]);
      }
    }
    const set = gatekeeperBaseline(baseline("deny"));
    expect(set[2]!.constraint.spec.parameters).toEqual({ registries: ["registry.acme.example/", "docker.io/istio/"] });
    expect(set[0]!.constraint.spec.match.excludedNamespaces).toContain("monitoring");
    expect(set[4]!.constraint.spec.match).toEqual({ kinds: [{ apiGroups: [""], kinds: ["Namespace"] }], scope: "Cluster", excludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "default", "gmp-public", "gmp-system"] });
  });

  it("is checked for real: a field the CRD does not have, or a parameter the template does not declare, is refused", () => {
    const { template, constraint } = gatekeeperBaseline(baseline("deny"))[2]!;
    const badTemplate = { ...template, spec: { ...template.spec, targets: [{ ...template.spec.targets[0]!, regoo: "x" }] } };
    expect(objectProblems(badTemplate as never).join()).toMatch(/must NOT have additional properties/);
    const badConstraint = { ...constraint, spec: { ...constraint.spec, parameters: { repos: ["x/"] } } };
    expect(objectProblems(badConstraint as never, [template as never]).join()).toMatch(/must NOT have additional properties/);
    const badAction = { ...constraint, spec: { ...constraint.spec, enforcementAction: "block" } };
    expect(objectProblems(badAction as never, [template as never]).join()).toMatch(/must be equal to one of the allowed values/);
  });
});

describe("the baseline on Kyverno", () => {
  it("has one ValidatingPolicy per rule: Deny in prod, Warn and Audit elsewhere", () => {
    for (const [enforcement, actions, failurePolicy] of [["deny", ["Deny"], "Fail"], ["warn", ["Warn", "Audit"], "Ignore"]] as const) {
      const set = kyvernoBaseline(baseline(enforcement));
      expect(set).toHaveLength(5);
      for (const { policy } of set) {
        expect(policy.spec).toMatchObject({ validationActions: actions, failurePolicy });
        expect(objectProblems(policy.toJSON() as never)).toEqual([]);
      }
    }
  });

  it("checks every kind of container separately (CEL is typed), the planned registries and resources", () => {
    const set = kyvernoBaseline(baseline("deny"));
    const expr = (id: string) => set.find((x) => x.rule.id === id)!.policy.spec.validations![0]!.expression;
    expect(expr("allowed-registries")).toContain("['registry.acme.example/', 'docker.io/istio/'].exists(r, c.image.startsWith(r))");
    expect(expr("allowed-registries")).toContain("!has(object.spec.ephemeralContainers) || object.spec.ephemeralContainers.all(");
    expect(expr("required-resources")).toContain("'memory' in c.resources.limits");
    expect(expr("required-resources")).not.toContain("'cpu' in c.resources.limits");
    expect(expr("required-resources")).not.toContain("ephemeralContainers");
    const ns = set.find((x) => x.rule.id === "required-namespace-labels")!.policy.spec.matchConstraints!;
    expect(ns.resourceRules![0]!.resources).toEqual(["namespaces"]);
    expect(ns.namespaceSelector!.matchExpressions![0]).toEqual({ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "kube-public", "kube-node-lease", "default", "gmp-public", "gmp-system"] });
  });
});

describe("Linkerd objects", () => {
  it("write the Link as `linkerd multicluster link-gen` does, and the schema refuses an unknown field", () => {
    const l = link("eu-2", "203.0.113.10");
    expect(objectProblems(l as never)).toEqual([]);
    expect(objectProblems({ ...l, spec: { ...l.spec, gatewayPort: 4143 } } as never).join()).toMatch(/must be string/);
    expect(objectProblems({ ...l, spec: { ...l.spec, probe: {} } } as never).join()).toMatch(/must NOT have additional properties/);
  });
});

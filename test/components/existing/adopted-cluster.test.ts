import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { TOKENS } from "../../../components/tokens.ts";
import { PLACEHOLDER_SSH_PRIVATE_KEY } from "../../../src/plan/secrets.ts";
import program from "../../../src/program.ts";
import { runUnderMocks } from "../../../src/preview/mock-run.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { baseFleet, NOW } from "../../fixtures/fleets.ts";
import { exposedKubeconfigs, ofType } from "../../fixtures/graph.ts";

const KUBECONFIG = stringify({
  apiVersion: "v1",
  kind: "Config",
  "current-context": "legacy",
  contexts: [{ name: "legacy", context: { cluster: "legacy", user: "admin" } }],
  clusters: [{ name: "legacy", cluster: { server: "https://10.1.2.3:6443", "certificate-authority-data": "Q0E=" } }],
  users: [{ name: "admin", user: { token: "super-secret-token" } }],
});

// Two clusters in one file, the current context the wrong one for this fleet: the usual admin kubeconfig.
const TWO_CONTEXTS = stringify({
  apiVersion: "v1",
  kind: "Config",
  "current-context": "staging",
  contexts: [
    { name: "staging", context: { cluster: "staging", user: "admin" } },
    { name: "legacy", context: { cluster: "legacy", user: "admin" } },
  ],
  clusters: [
    { name: "staging", cluster: { server: "https://10.9.9.9:6443" } },
    { name: "legacy", cluster: { server: "https://10.1.2.3:6443" } },
  ],
  users: [{ name: "admin", user: { token: "t" } }],
});

function fleetWithExisting(existing?: { context: string }) {
  const spec = baseFleet();
  spec.clusters.push({
    name: "legacy",
    provider: "existing",
    region: "fra-dc1",
    jurisdiction: "eu",
    environment: "prod",
    network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" },
    ...(existing ? { existing } : {}),
  });
  return spec;
}

// The base fleet's kubeadm cluster needs its machines' SSH key; these tests are about the adopted one.
const run = (config: Record<string, string>, secretKeys: string[]) =>
  runUnderMocks(program, {
    project: "clusterfleet",
    stack: "adopt",
    config: { "clusterfleet:now": NOW.toISOString(), "clusterfleet:ssh-key-eu-dc": PLACEHOLDER_SSH_PRIVATE_KEY, ...config },
    secretKeys: ["clusterfleet:ssh-key-eu-dc", ...secretKeys],
  });

describe("an existing cluster", () => {
  it("is adopted by its secret kubeconfig: no infrastructure, a Kubernetes provider built from it, and its add-ons", async () => {
    const r = await run({ "clusterfleet:fleet": JSON.stringify(fleetWithExisting()), "clusterfleet:kubeconfig-legacy": KUBECONFIG }, ["clusterfleet:kubeconfig-legacy"]);
    const [adopted] = ofType(r, TOKENS.adopted);
    expect(adopted?.name).toBe("acme-legacy");
    const under = r.resources.filter((x) => x.parent === adopted!.name);
    expect(under.map((x) => x.type).sort()).toEqual([TOKENS.clusterAddons, TOKENS.sovereignty, "pulumi:providers:kubernetes"]);
    const provider = under.find((x) => x.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs["kubeconfig"]).toBeInstanceOf(SecretValue);
    expect((provider.inputs["kubeconfig"] as SecretValue).value).toBe(KUBECONFIG);
    const access = (r.outputs["clusters"] as Record<string, { endpoint: string; kubeconfig: unknown }>)["legacy"]!;
    expect(access.endpoint).toBeInstanceOf(SecretValue); // derived from a secret, so it stays secret
    expect(access.kubeconfig).toBeInstanceOf(SecretValue);
    expect(exposedKubeconfigs(r)).toEqual([]);
    expect(JSON.stringify(r.outputs)).not.toContain("super-secret-token");
  });

  it("is refused with the config key to set when its kubeconfig is missing", async () => {
    const failure = await run({ "clusterfleet:fleet": JSON.stringify(fleetWithExisting()) }, []).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/Missing required configuration variable 'clusterfleet:kubeconfig-legacy'/);
  });

  it("with existing.context, outputs the kubeconfig the provider uses: the chosen context is the current one", async () => {
    const r = await run({ "clusterfleet:fleet": JSON.stringify(fleetWithExisting({ context: "legacy" })), "clusterfleet:kubeconfig-legacy": TWO_CONTEXTS }, ["clusterfleet:kubeconfig-legacy"]);
    const access = (r.outputs["clusters"] as Record<string, { endpoint: SecretValue; kubeconfig: SecretValue }>)["legacy"]!;
    expect(access.endpoint.value).toBe("https://10.1.2.3:6443");
    const output = parse(access.kubeconfig.value as string) as { "current-context": string };
    // Before: the raw file, whose current context (staging) is another cluster: whatever read the
    // output (the decommission job) drained staging while Pulumi managed legacy.
    expect(output["current-context"]).toBe("legacy");
    const provider = r.resources.find((x) => x.type === "pulumi:providers:kubernetes" && x.parent === "acme-legacy")!;
    expect((provider.inputs["kubeconfig"] as SecretValue).value).toBe(access.kubeconfig.value);
  });

  it("fails naming the contexts when existing.context is not in the kubeconfig, rather than taking its first cluster", async () => {
    const failure = await run({ "clusterfleet:fleet": JSON.stringify(fleetWithExisting({ context: "prod" })), "clusterfleet:kubeconfig-legacy": TWO_CONTEXTS }, ["clusterfleet:kubeconfig-legacy"]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/the kubeconfig has no context "prod" \(it has: staging, legacy\)/);
  });
});

// The shipped prod-eu stack's kubeadm cluster through the real program entry, the preview's report
// of it, and the refusals a user meets at `pulumi up`.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ClusterFleet } from "../../../components/fleet/cluster-fleet.ts";
import { TOKENS } from "../../../components/tokens.ts";
import { main } from "../../../src/cli/main.ts";
import { runUnderMocks } from "../../../src/preview/mock-run.ts";
import { buildReport } from "../../../src/preview/report.ts";
import { SecretValue } from "../../../src/preview/wire-values.ts";
import { baseFleet, NOW, stackFile } from "../../fixtures/fleets.ts";
import { exposedKubeconfigs } from "../../fixtures/graph.ts";
import { runStack } from "../../fixtures/run-stack.ts";

const NAME = "acme-eu-eu-onprem-fra";

describe("stack prod-eu's kubeadm cluster, through the real program", async () => {
  const run = await runStack("prod-eu");
  const mine = run.resources.filter((r) => r.parentUrn?.endsWith(`::${NAME}`));

  it("is a KubeadmCluster: three control-plane machines over the three halls, three workers, one per hall", () => {
    expect(run.resources.find((r) => r.name === NAME)?.type).toBe(TOKENS.kubeadm);
    const boot = mine.filter((r) => /-(init|join)-fra-/.test(r.name)).map((r) => r.name.replace(`${NAME}-`, ""));
    expect(boot.sort()).toEqual(["init-fra-cp-1", "join-fra-cp-2", "join-fra-cp-3", "join-fra-worker-1", "join-fra-worker-2", "join-fra-worker-3"]);
    expect(mine.filter((r) => r.type === "command:remote:Command")).toHaveLength(34);
    expect(mine.filter((r) => r.type.startsWith("random:"))).toHaveLength(4);
  });

  it("is reported with its HA facts, read back from the rendered commands", () => {
    const report = buildReport(run.resources).clusters.find((c) => c.name === NAME)!;
    expect(report.ha).toEqual({ zones: ["hall-a", "hall-b", "hall-c"], controlPlane: "kubeadm, 3 stacked-etcd control-plane machines behind VIP 10.77.48.10, zones hall-a hall-b hall-c" });
    // Its own resources (the add-ons installed in it are counted apart).
    expect(report.resources).toBe(mine.filter((r) => !r.type.startsWith("clusterfleet:addons:") && !r.type.startsWith("clusterfleet:sovereignty:")).length + 1);
    expect(report.addonResources).toBeGreaterThan(0);
  });

  it("gives the fleet its endpoint (the VIP) and a secret kubeconfig that points there", () => {
    const access = (run.outputs["clusters"] as Record<string, { provider: string; endpoint: unknown; kubeconfig: unknown }>)["eu-onprem-fra"]!;
    expect(access.provider).toBe("kubeadm");
    expect(access.endpoint).toBe("https://10.77.48.10:6443");
    expect(access.kubeconfig).toBeInstanceOf(SecretValue);
    const k = parse(String((access.kubeconfig as SecretValue).value)) as { clusters: { cluster: { server: string } }[] };
    expect(k.clusters[0]!.cluster.server).toBe("https://10.77.48.10:6443");
    expect(exposedKubeconfigs(run)).toEqual([]);
  });

  it("leaves the next run its init machine and endpoint", () => {
    const observed = (run.outputs["observed"] as { clusters: Record<string, { kubeadm?: unknown; kubernetesVersion: string }> }).clusters["eu-onprem-fra"]!;
    expect(observed).toMatchObject({ kubernetesVersion: "1.35", kubeadm: { initMachine: "fra-cp-1", controlPlaneEndpoint: "10.77.48.10:6443" } });
  });

  it("renders nothing new on the next run: same resources, same inputs", async () => {
    const second = await runStack("prod-eu", { previousOutputs: run.outputs });
    const inputs = (r: { name: string; inputs: unknown }) => [r.name, JSON.stringify(r.inputs)] as const;
    expect(second.resources.filter((r) => r.parentUrn?.endsWith(`::${NAME}`)).map(inputs)).toEqual(mine.map(inputs));
  });

  it("is previewed offline with the SSH key's placeholder, and says which secret to set", async () => {
    const out: string[] = [];
    expect(await main(["preview", "--stack", "prod-eu"], { out: (s) => out.push(s), err: () => {}, now: () => NOW })).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/acme-eu-eu-onprem-fra +│ clusterfleet:kubeadm:KubeadmCluster +│ 40 +│ \d+ +│ hall-a hall-b hall-c +│ kubeadm, 3 stacked-etcd/);
    expect(text).toMatch(/pulumi config set --secret clusterfleet:ssh-key-eu-onprem-fra \.\.\. {3}# SSH private key \(PEM or OpenSSH\) of clusterfleet on the 6 machines of kubeadm cluster eu-onprem-fra/);
  });

  it("keeps the SSH key out of the stack file", () => {
    expect(Object.keys(stackFile("prod-eu").config).filter((k) => k.includes("ssh"))).toEqual([]);
  });
});

describe("refusals at pulumi up", () => {
  const withKubeadm = (mutate: (c: Record<string, any>) => void) => {
    const spec = stackFile("prod-eu").spec as { clusters: Record<string, any>[] };
    const copy = structuredClone(spec);
    mutate(copy.clusters.find((c) => c["provider"] === "kubeadm")!);
    return copy;
  };
  const failureOf = (spec: unknown) => runStack("prod-eu", { config: { "clusterfleet:fleet": spec } }).then(() => undefined, (e: Error) => e.message);

  it.each([
    ["an even replica count", (c: Record<string, any>) => void (c["controlPlane"].replicas = 4), /clusters\[3\]\.controlPlane\.replicas: got 4; etcd needs an odd number of members for quorum: use 3 or 5 \[controlPlane\/even-replicas\]/],
    [
      "an endpoint missing from certSANs",
      (c: Record<string, any>) => void (c["kubeadm"].certSANs = ["api.fra.acme.example"]),
      /clusters\[3\]\.kubeadm\.certSANs: got \["api\.fra\.acme\.example"\], which lacks the control-plane endpoint "10\.77\.48\.10".*\[kubeadm\/endpoint-not-in-certsans\]/,
    ],
    [
      "control-plane machines that do not match the replicas",
      (c: Record<string, any>) => void c["kubeadm"].machines.splice(2, 1),
      /clusters\[3\]\.kubeadm\.machines: lists 2 control-plane machines \(fra-cp-1, fra-cp-2\) but controlPlane\.replicas is 3: list exactly 3 machines with role: control-plane \[kubeadm\/control-plane-count\]/,
    ],
  ])("refuses %s with the field, the value and what is required", async (_, mutate, message) => {
    expect(await failureOf(withKubeadm(mutate))).toMatch(message);
  });

  it("refuses a kubeadm cluster without its SSH key, naming the config key", async () => {
    const failure = await runUnderMocks(
      async () => {
        new ClusterFleet("acme", { spec: baseFleet(), now: NOW });
      },
      { project: "clusterfleet", stack: "no-key", config: {} },
    ).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/sshPrivateKeys\.eu-dc: cluster "eu-dc" runs on machines reached over SSH but no private key was given \(stack config key clusterfleet:ssh-key-eu-dc, a secret\) \[kubeadm\/ssh-key-missing\]/);
  });
});

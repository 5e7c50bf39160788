import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), now: () => NOW });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function stackFileWith(spec: unknown, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterfleet-preview-"));
  const file = join(dir, "Pulumi.trial.yaml");
  writeFileSync(file, stringify({ config: { "clusterfleet:fleet": spec, ...extra } }));
  return file;
}

function withAdopted() {
  const spec = baseFleet();
  spec.clusters.push({ name: "legacy", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod", network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" } });
  return spec;
}

describe("clusterfleet preview", () => {
  it("runs a shipped stack's program offline and shows counts, clusters and the tree", async () => {
    const r = await cli("preview", "--stack", "global");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Preview of stack global \(offline, under Pulumi mocks\): \d+ resources would be created/);
    expect(r.out).toMatch(/By cluster[\s\S]*acme-eu-aws-fra/);
    expect(r.out).toMatch(/By type[\s\S]*clusterfleet:fleet:ClusterFleet\s+│ 1/);
    expect(r.out).toMatch(/Resource tree\npulumi:pulumi:Stack {2}clusterfleet-global\n {2}clusterfleet:fleet:ClusterFleet {2}acme/);
    expect(r.out).toMatch(/acme-us-aws-pdx-legacy/); // retired and due, but only the decommission job destroys it
  });

  it("prints type, name, parent, inputs and dependsOn with --json, secrets as \"[secret]\"", async () => {
    const r = await cli("preview", stackFileWith(withAdopted(), { "clusterfleet:kubeconfig-legacy": { secure: "v1:ciphertext" } }), "--json");
    expect(r.code).toBe(0);
    const { resources } = JSON.parse(r.out) as { resources: { type: string; name: string; parent: string | null; inputs: Record<string, unknown>; dependsOn: string[] }[] };
    for (const res of resources) expect(Object.keys(res).sort()).toEqual(["dependsOn", "inputs", "name", "parent", "type"]);
    const provider = resources.find((x) => x.type === "pulumi:providers:kubernetes" && x.parent === "acme-legacy")!;
    expect(provider.inputs["kubeconfig"]).toBe("[secret]");
    expect(resources.find((x) => x.type === "pulumi:pulumi:Stack")!.parent).toBeNull();
  });

  it("says which secrets the stack file lacks, and previews with placeholders", async () => {
    const r = await cli("preview", stackFileWith(withAdopted()));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pulumi config set --secret clusterfleet:kubeconfig-legacy \.\.\. {3}# kubeconfig of the adopted cluster legacy/);
    expect(r.out).toMatch(/clusterfleet:existing:AdoptedCluster/);
  });

  it("refuses an invalid stack with every problem, exit 1", async () => {
    const spec = baseFleet();
    spec.clusters[0].region = "eu-central-9";
    const r = await cli("preview", stackFileWith(spec));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/clusters\[0\]\.region: "eu-central-9" is not an AWS region/);
  });
});

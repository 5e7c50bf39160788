// The policy pack loaded by the real CLI (`pulumi preview --policy-pack policy`), as CrossGuard runs it.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineSession } from "./harness/session.ts";
import { initStack, setFleet, stackFleet } from "./harness/stack-setup.ts";
import { repoRoot } from "./harness/toolchain.ts";

let session: EngineSession;
beforeAll(() => {
  session = new EngineSession();
});
afterAll(() => session?.close());

const policy = join(repoRoot, "policy");

describe("the sovereignty policy pack on the real engine", () => {
  it.each(["dev", "global"])("passes on the shipped stack %s", async (stack) => {
    await initStack(session, stack);
    const r = await session.drive({ op: "preview", stack, policyPacks: [policy] });
    expect(r.error ?? "", r.stdout.slice(-6000)).toBe("");
    // The pack really ran: the CLI names it in its report.
    expect(r.stdout).toContain("clusterfleet-sovereignty");
  });

  it("fails a cluster moved to a region its approved plan does not have it in", async () => {
    const stack = "moved";
    const fleet = stackFleet(session, "dev");
    setFleet(session, stack, fleet);
    // The approved plan's regions, as `clusterfleet report --policy-config` prints them for CI.
    const config = execFileSync(process.execPath, [join(repoRoot, "bin/clusterfleet.js"), "report", join(session.project, "stacks", "Pulumi.moved.yaml"), "--policy-config"], { encoding: "utf8" });
    const configFile = join(session.dir, "policy-config.json");
    writeFileSync(configFile, config);

    // The same cluster, now in Frankfurt (the jurisdiction widened so the planner accepts it).
    const moved = structuredClone(fleet) as { jurisdictions: Record<string, { regions: Record<string, string[]> }>; clusters: Record<string, unknown>[] };
    moved.jurisdictions["eu"]!.regions["aws"] = ["eu-west-1", "eu-central-1"];
    moved.clusters[0]!["region"] = "eu-central-1";
    setFleet(session, stack, moved);
    await initStack(session, stack, moved);

    const r = await session.drive({ op: "preview", stack, policyPacks: [policy], policyPackConfigs: [configFile] });
    expect(r.ok).toBe(false);
    expect(r.stdout).toMatch(/mandatory/i);
    expect(r.stdout).toContain("eu-central-1");
    expect(r.stdout).toMatch(/its cluster "sandbox" is in eu-west-1/);
  });
});

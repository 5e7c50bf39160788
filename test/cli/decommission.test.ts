import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DecommissionDeps } from "../../src/cli/decommission-command.ts";
import { main } from "../../src/cli/main.ts";
import { fileLock } from "../../src/decommission/file-lock.ts";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { observedFromPlan } from "../../src/plan/observed.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, stackFile } from "../fixtures/fleets.ts";
import { mockedStack, type MockedStack } from "../fixtures/mocked-stack.ts";

const AFTER = new Date("2026-12-02T00:00:00Z");

function retiringStack(): MockedStack {
  const stack = mockedStack("prod", {
    "clusterfleet:kubeconfig-old": JSON.stringify({ apiVersion: "v1", clusters: [{ name: "old", cluster: { server: "https://old:6443" } }], contexts: [{ name: "old", context: { cluster: "old" } }], "current-context": "old" }),
  });
  const spec = (state: "active" | "retired") => {
    const s = baseFleet();
    s.clusters.push({ name: "old", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod", network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" }, lifecycle: state === "retired" ? { state, decommissionAfter: "2026-12-01" } : { state } });
    return s;
  };
  stack.setFleet(spec("retired"));
  return stack;
}

async function cli(stack: MockedStack | Error, ...argv: string[]) {
  return cliAt(() => AFTER, stack, ...argv);
}

/** With the given clock; a run that destroys needs the real one: the program dates the approval by it. */
async function cliAt(clock: () => Date, stack: MockedStack | Error, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: DecommissionDeps = {
    openStack: async () => {
      if (stack instanceof Error) throw stack;
      return stack;
    },
    // --sharded opens the shards instead (test/decommission/sharded.test.ts runs the job on them).
    openShards: async (name) => {
      throw new Error(`opened the shards of ${name}`);
    },
    cleaners: () => () => ({ drainNodes: async () => ({ evicted: 0, blocked: [] }), removeExternalResources: async () => ({ removed: [], remaining: [] }) }),
    lock: () => fileLock(join(mkdtempSync(join(tmpdir(), "cf-")), "l.lock")),
  };
  const code = await main(["decommission", ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), now: clock, decommission: deps });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("clusterfleet decommission", () => {
  it("exits 0 on a dry run with work listed, 0 when done, then 3 when nothing is left to do", async () => {
    const stack = retiringStack();
    await stack.deploy({ "clusterfleet:now": "2026-11-21T00:00:00Z" }); // deployed drained, before the date
    expect((await cli(stack, "--stack", "prod")).code).toBe(0); // --dry-run is the default
    expect(stack.updates).toEqual([]);
    const done = await cliAt(() => new Date(), stack, "--stack", "prod", "--yes");
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/Decommissioned old\./);
    expect((await cli(stack, "--stack", "prod", "--yes")).code).toBe(3);
  });

  it("exits 4 when refused (not drained before) and 5 when it fails", async () => {
    const stack = retiringStack();
    const active = baseFleet();
    active.clusters.push({ name: "old", provider: "existing", region: "fra-dc1", jurisdiction: "eu", environment: "prod", network: { cidr: "192.168.0.0/20", podCidr: "192.168.64.0/18", serviceCidr: "192.168.16.0/22" } });
    const retired = (await stack.config())["clusterfleet:fleet"];
    stack.setFleet(active);
    await stack.deploy({ "clusterfleet:now": "2026-11-21T00:00:00Z" }); // deployed while serving traffic
    stack.setFleet(retired); // retired with a past date, never deployed drained
    const refused = await cli(stack, "--stack", "prod", "--yes");
    expect(refused.code).toBe(4);
    expect(refused.out).toMatch(/was not drained in the previous deployment/);
    expect(stack.updates).toEqual([]);

    const failed = await cli(new Error("spawn pulumi ENOENT"), "--stack", "prod", "--yes");
    expect(failed.code).toBe(5);
    expect(failed.out).toMatch(/needs the Pulumi CLI on PATH and a logged-in backend: the `pulumi` command was not found/);
  });

  it("refuses --now later than the clock with --yes (exit 4): a cluster due in 2030 is not destroyed today", async () => {
    const stack = retiringStack();
    await stack.deploy({ "clusterfleet:now": "2026-11-21T00:00:00Z" });
    const r = await cli(stack, "--stack", "prod", "--now", "2030-06-01", "--yes");
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/--now 2030-06-01T00:00:00.000Z is later than the current time 2026-12-02T00:00:00.000Z/);
    expect(stack.updates).toEqual([]);
  });

  it("dry-runs offline from the stack file when the Pulumi CLI is missing, and says what it could not check", async () => {
    const r = await cli(new Error("spawn pulumi ENOENT"), "--stack", "global", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note: cannot open stack global through the Pulumi Automation API \(the `pulumi` command was not found\); dry run from the stack file instead/);
    expect(r.out).toMatch(/^us-aws-pdx-legacy \(aws, us-west-2\): due since 2026-10-31; decommissioned if it is deployed and was drained$/m);
    expect(r.out).toMatch(/Not checked without the stack[^\n]*\n\s+- whether each due cluster is deployed and was drained in the previous deployment \(give --observed FILE\)\n\s+- which resources/);
    expect(r.out).toMatch(/Dry run from the stack file: nothing was changed\./);
  });

  it("with --observed, decides offline as the job would: drained clusters go, others are refused (exit 4)", async () => {
    const spec = stackFile("global").spec;
    const before = planFleet(spec, defaultCatalog, undefined, { now: new Date("2026-10-01T00:00:00Z") });
    const observed = observedFromPlan(before); // deployed, legacy drained (retired, before its date)
    const dir = mkdtempSync(join(tmpdir(), "cf-obs-"));
    writeFileSync(join(dir, "drained.json"), JSON.stringify(observed));
    const notDrained = { ...observed, clusters: { ...observed.clusters, "us-aws-pdx-legacy": { ...observed.clusters["us-aws-pdx-legacy"], drained: false } } };
    writeFileSync(join(dir, "serving.json"), JSON.stringify(notDrained));

    const go = await cli(new Error("unused"), "--stack", "global", "--observed", join(dir, "drained.json"));
    expect(go.code).toBe(0);
    expect(go.out).toMatch(/^us-aws-pdx-legacy \(aws, us-west-2\): due since 2026-10-31; will be decommissioned$/m);
    expect(go.out).not.toMatch(/give --observed/);
    expect(go.out).toMatch(/- access to each cluster's API/);

    const refused = await cli(new Error("unused"), "--stack", "global", "--observed", join(dir, "serving.json"));
    expect(refused.code).toBe(4);
    expect(refused.out).toMatch(/us-aws-pdx-legacy .* REFUSED\n\s+- was not drained in the previous deployment/);

    const withYes = await cli(new Error("unused"), "--stack", "global", "--observed", join(dir, "drained.json"), "--yes");
    expect(withYes.code).toBe(2);
  });

  it("--sharded opens the fleet's shard stacks, not the fleet's stack", async () => {
    const r = await cli(retiringStack(), "--stack", "global", "--sharded", "--yes");
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/failed: cannot open stack global .*: opened the shards of global/);
  });

  it.each([
    [["--stack", "global", "--sharded", "--observed", "x.json"], /--observed is for a single stack's offline dry run; --sharded reads the shards' stacks/],
    [["--stack", "prod", "--dry-run", "--yes"], /give --dry-run or --yes, not both/],
    [["--yes"], /give --stack NAME/],
    [["--stack", "prod", "--timeout", "soon"], /--timeout: got "soon"/],
  ])("refuses %j as a usage error (exit 2)", async (argv, message) => {
    const r = await cli(retiringStack(), ...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

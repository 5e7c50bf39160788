// The ways the decommission job could drain, clean up or destroy what it must not, each with the
// run that would show it: multi-context kubeconfigs (the wrong cluster drained), a clock moved
// forward, a job killed mid-update (its approval left behind), a previous deployment not read,
// protected resources, draining clusters dropped from the spec.
import { describe, expect, it, vi } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { APPROVAL_CONFIG_KEY, APPROVAL_ENV, makeApproval } from "../../src/decommission/approval.ts";
import type { StackPort } from "../../src/decommission/ports.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { AFTER, BEFORE, deployed, deployedClusters, drainedThenRetired, fleet, job, kubeconfig } from "./job-bench.ts";

/** The program's warnings (pulumi.log.warn prints them under mocks): expected here, so captured. */
function captureWarnings(): string[] {
  const seen: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void seen.push(args.map(String).join(" ")));
  return seen;
}

const retired = { state: "retired" as const, decommissionAfter: "2026-12-01" };

describe("the job talks to exactly the cluster Pulumi manages", () => {
  it("with a multi-context kubeconfig and existing.context, drains the chosen cluster with a kubeconfig holding only it", async () => {
    // The file's current context is `keep`: the old output (the raw file) made the job drain keep.
    const both = kubeconfig("keep", "old");
    const stack = await deployed(
      [
        { old: { state: "active" }, at: BEFORE },
        { old: retired, at: BEFORE },
      ],
      { kubeconfigs: { old: both }, oldContext: "old" },
    );
    const r = await job(stack, { mode: "yes" });
    expect(r.outcome).toBe("done");
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)", "cleanup old"]);
    expect(r.rec.servers).toEqual([["https://old.example:6443"]]);
  });

  it("refuses, touching nothing, when the recorded kubeconfig reaches another API server than the recorded endpoint", async () => {
    const stack = await drainedThenRetired();
    // What a stack deployed before the adopted-cluster fix holds: the raw file, current context another cluster.
    const outputs = await stack.outputs();
    const clusters = outputs["clusters"] as Record<string, Record<string, unknown>>;
    const stale: StackPort = { ...stack, outputs: async () => ({ ...outputs, clusters: { ...clusters, old: { ...clusters["old"], kubeconfig: kubeconfig("keep", "old") } } }) };
    const r = await job(stale, { mode: "yes" });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(/cannot prove which cluster the job would drain for old: its kubeconfig's current context "keep" reaches https:\/\/keep\.example:6443, but the stack manages the cluster at https:\/\/old\.example:6443 \(context old reaches it/);
    expect(r.rec.calls).toEqual([]);
    expect(stack.updates).toEqual([]);
  });

  it("refuses when the stack recorded no endpoint to check against", async () => {
    const stack = await drainedThenRetired();
    const outputs = await stack.outputs();
    const clusters = outputs["clusters"] as Record<string, Record<string, unknown>>;
    const { endpoint: _dropped, ...noEndpoint } = clusters["old"]!;
    const blind: StackPort = { ...stack, outputs: async () => ({ ...outputs, clusters: { ...clusters, old: noEndpoint } }) };
    const r = await job(blind, { mode: "yes" });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(/recorded no API endpoint/);
    expect(r.rec.calls).toEqual([]);
  });

  it("proves every due cluster's access before draining any: a bad second cluster leaves the first untouched", async () => {
    const stack = await deployed([
      { old: { state: "active" }, later: { state: "active" }, at: BEFORE },
      { old: retired, later: retired, at: BEFORE },
    ]);
    const outputs = await stack.outputs();
    const clusters = outputs["clusters"] as Record<string, Record<string, unknown>>;
    const broken: StackPort = { ...stack, outputs: async () => ({ ...outputs, clusters: { ...clusters, old: { ...clusters["old"], kubeconfig: kubeconfig("keep") } } }) };
    const r = await job(broken, { mode: "yes" });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(/for old: its kubeconfig's current context "keep"/);
    expect(r.rec.calls).toEqual([]); // `later` is fine and due, but nothing is drained until every cluster is proven
  });
});

describe("the job's clock only moves back", () => {
  it("refuses --now later than the real time with --yes, and changes nothing", async () => {
    const stack = await deployed([
      { old: { state: "active" }, at: BEFORE },
      { old: { state: "retired", decommissionAfter: "2030-06-01" }, at: BEFORE },
    ]);
    const r = await job(stack, { mode: "yes", now: new Date("2030-06-01T00:00:00Z"), clock: () => AFTER });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(/--now 2030-06-01T00:00:00.000Z is later than the current time 2026-12-02T00:00:00.000Z/);
    expect(r.rec.calls).toEqual([]);
    expect(stack.updates).toEqual([]);
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
  });

  it("lets a dry run look ahead: what will fall due, nothing changed", async () => {
    const stack = await deployed([
      { old: { state: "active" }, at: BEFORE },
      { old: { state: "retired", decommissionAfter: "2030-06-01" }, at: BEFORE },
    ]);
    const r = await job(stack, { mode: "dry-run", now: new Date("2030-06-01T00:00:00Z"), clock: () => AFTER });
    expect(r.outcome).toBe("done");
    expect(r.out).toMatch(/old \(existing, fra-dc1\): due since 2030-06-01; will be decommissioned/);
    expect(stack.updates).toEqual([]);
  });

  it("moving the clock back is allowed with --yes (a replay)", async () => {
    const stack = await drainedThenRetired();
    // The job's clock is the real one here: the program it starts checks the approval's expiry
    // against the real time (a fixed fake clock makes this test fail once that date is 30 min past).
    const r = await job(stack, { mode: "yes", now: AFTER, clock: () => new Date() });
    expect(r.outcome).toBe("done");
  });
});

describe("the approval holds for one run only", () => {
  it("a job killed during its update leaves an approval no later `pulumi up` accepts", async () => {
    const stack = await drainedThenRetired();
    const warnings = captureWarnings();
    // What the job had written when it was killed: its approval, issued now, for its own run.
    stack.setConfig({ [APPROVAL_CONFIG_KEY]: JSON.stringify(makeApproval("killed-run", ["old"], AFTER, new Date())) });
    await stack.deploy(); // a plain `pulumi up`: no run id in its environment
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
    const plan = (await stack.outputs())["plan"] as { clusters: { name: string; action: string }[] };
    expect(plan.clusters.find((c) => c.name === "old")?.action).toBe("drain");
    await stack.deploy({}, { [APPROVAL_ENV]: "another-run" }); // another job's process
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
    expect(warnings).toHaveLength(2);
    // The next job says what was left behind.
    const next = await job(stack, { mode: "dry-run" });
    expect(next.out).toMatch(/note: the stack config still holds clusterfleet:decommission from a run that did not finish/);
    expect(warnings[0]).toMatch(/clusterfleet:decommission belongs to decommission run killed-run, not to this update \(a job that was interrupted\?\): nothing is destroyed; remove it with `pulumi config rm clusterfleet:decommission`/);
  });

  it("an approval not bound to a run (the old list format, or set by hand) destroys nothing", async () => {
    const stack = await drainedThenRetired();
    const warnings = captureWarnings();
    await stack.deploy({ [APPROVAL_CONFIG_KEY]: '["old"]' });
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
    expect(warnings.join("\n")).toMatch(/is not an approval bound to a decommission run/);
  });

  it("an expired approval destroys nothing, even in its own run", async () => {
    const stack = await drainedThenRetired();
    const warnings = captureWarnings();
    const stale = makeApproval("run-1", ["old"], AFTER, new Date("2026-12-02T00:00:00Z")); // expired 30 minutes later
    await stack.deploy({ [APPROVAL_CONFIG_KEY]: JSON.stringify(stale) }, { [APPROVAL_ENV]: "run-1" });
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
    expect(warnings.join("\n")).toMatch(/of run run-1 expired at 2026-12-02T00:30:00.000Z/);
  });

  it("the job passes its run id to the update, and says it failed when the program did not accept the approval", async () => {
    const stack = await drainedThenRetired();
    const ok = await job(stack, { mode: "yes", runId: "run-42" });
    expect(ok.outcome).toBe("done");
    expect(JSON.parse(stack.updates[0]![APPROVAL_CONFIG_KEY]!).run).toBe("run-42");

    const again = await drainedThenRetired();
    const warnings = captureWarnings();
    // An update that loses the environment (as a killed and restarted CLI would): the cluster stays.
    const lossy: StackPort = { ...again, update: (config, onOutput) => again.update(config, onOutput, {}) };
    const r = await job(lossy, { mode: "yes" });
    expect(r.outcome).toBe("failed");
    expect(r.out).toMatch(/the update completed but old is still deployed \(the program did not accept the approval/);
    expect(await deployedClusters(again)).toEqual(["keep", "old"]);
    expect(warnings.join("\n")).toMatch(/not to this update/);
  });
});

describe("a deployed cluster cannot vanish", () => {
  it("without the previous deployment: readPreviousDeployment false is refused unless the observed state is given", async () => {
    const stack = await drainedThenRetired();
    stack.setFleet(fleet(retired)); // unchanged spec...
    const spec = (await stack.config())["clusterfleet:fleet"] as { clusters: { name: string }[] };
    stack.setFleet({ ...spec, clusters: spec.clusters.filter((c) => c.name !== "old") }); // ...then old dropped
    const failure = await stack.deploy({ "clusterfleet:readPreviousDeployment": "false" }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/readPreviousDeployment is false and no clusterfleet:observed is given/);
    expect(await deployedClusters(stack)).toEqual(["keep", "old"]);
    expect((await stack.resources()).some((r) => r.urn.endsWith("::acme-old"))).toBe(true);
  });

  it("with the previous deployment read, dropping it is refused", async () => {
    const stack = await drainedThenRetired();
    const spec = (await stack.config())["clusterfleet:fleet"] as { clusters: { name: string }[] };
    stack.setFleet({ ...spec, clusters: spec.clusters.filter((c) => c.name !== "old") });
    const failure = await stack.deploy().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).toMatch(/cluster "old" is deployed but no longer in the spec/);
  });

  it.each(["draining", "retired", "active"] as const)("a %s cluster dropped from the spec is refused by the planner", (state) => {
    const spec = fleet({ state: "active" });
    const observed = { clusters: { keep: { drained: false }, old: { lifecycle: state, drained: state !== "active" } } };
    const plan = planFleet({ ...spec, clusters: spec.clusters.filter((c) => c.name !== "old") }, defaultCatalog, observed, { now: AFTER });
    expect(plan.problems?.map((p) => p.code)).toEqual(["lifecycle/removed-without-retirement"]);
  });
});

describe("protected resources", () => {
  it("refuse the cluster that holds them, naming them, and nothing is drained", async () => {
    const stack = await drainedThenRetired();
    const resources = await stack.resources();
    const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.urn.endsWith("::acme-old-k8s"))!;
    const guarded: StackPort = { ...stack, resources: async () => resources.map((r) => (r === provider ? { ...r, protect: true } : r)) };
    const r = await job(guarded, { mode: "yes", force: true });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(/old .* REFUSED\n\s+- has protected resources Pulumi will not delete: pulumi:providers:kubernetes acme-old-k8s/);
    expect(r.rec.calls).toEqual([]);
    expect(stack.updates).toEqual([]);
  });
});

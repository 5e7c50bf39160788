// The decommission job end to end against a stack whose updates are real program runs under
// mocks, with recording fakes for the clusters' APIs and a real file lock. The safety paths
// (wrong cluster, future clocks, interrupted jobs, missing previous deployments) are in safety.test.ts.
import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileLock } from "../../src/decommission/file-lock.ts";
import { AFTER, BEFORE, cleaners, deployed, deployedClusters, drainedThenRetired, fleet, job, lockDir } from "./job-bench.ts";

describe("decommission job", () => {
  it("has nothing to do before the date, and says when clusters fall due", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", now: BEFORE });
    expect(r.outcome).toBe("nothing-to-do");
    expect(r.out).toMatch(/old: due on 2026-12-01/);
    expect(stack.updates).toEqual([]);
    expect(r.rec.calls).toEqual([]);
  });

  it("lists due clusters and what goes, and changes nothing, on a dry run", async () => {
    const stack = await drainedThenRetired();
    const before = await stack.outputs();
    const r = await job(stack, { mode: "dry-run" });
    expect(r.outcome).toBe("done");
    expect(r.out).toMatch(/^old \(existing, fra-dc1\): due since 2026-12-01; will be decommissioned$/m);
    // Its Kubernetes provider, and the add-ons ClusterFleet installed in it (they are uninstalled).
    expect(r.out).toMatch(/destroys \d+ resources:\n(\s+\S+ \S+\n)*\s+pulumi:providers:kubernetes acme-old-k8s\n/);
    expect(r.out).toMatch(/\s+kubernetes:helm\.sh\/v3:Release acme-old-\S*external-secrets\n/);
    expect(r.out).toMatch(/Dry run: nothing was changed/);
    expect(stack.updates).toEqual([]);
    expect(r.rec.calls).toEqual([]);
    expect(await stack.outputs()).toEqual(before);
  });

  it("drains, cleans up, then runs one update that destroys exactly the due cluster; a second run is a no-op", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes" });
    expect(r.outcome).toBe("done");
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)", "cleanup old"]);
    expect(stack.updates).toHaveLength(1);
    expect(Object.keys(stack.updates[0]!)).toEqual(["clusterfleet:decommission"]);
    expect(JSON.parse(stack.updates[0]!["clusterfleet:decommission"]!)).toMatchObject({ clusters: ["old"], now: AFTER.toISOString() });
    expect(await deployedClusters(stack)).toEqual(["keep"]);
    expect((await stack.resources()).some((x) => x.urn.endsWith("::acme-old"))).toBe(false);

    const again = await job(stack, { mode: "yes" });
    expect(again.outcome).toBe("nothing-to-do");
    expect(stack.updates).toHaveLength(1);
    expect(again.rec.calls).toEqual([]);
  });

  it("refuses a cluster that was not drained in the previous deployment, unless forced", async () => {
    const stack = await deployed([{ old: { state: "active" }, at: BEFORE }]);
    stack.setFleet(fleet({ state: "retired", decommissionAfter: "2026-12-01" })); // never deployed as drained
    const refused = await job(stack, { mode: "yes" });
    expect(refused.outcome).toBe("refused");
    expect(refused.out).toMatch(/old .* REFUSED\n\s+- was not drained in the previous deployment/);
    expect(stack.updates).toEqual([]);
    expect(refused.rec.calls).toEqual([]);

    const forced = await job(stack, { mode: "yes", force: true });
    expect(forced.outcome).toBe("done");
    expect(forced.out).toMatch(/going ahead: --force/);
    expect(stack.updates).toHaveLength(1);
  });

  it("touches nothing that is not due: a retired cluster with a later date is neither drained, cleaned nor destroyed", async () => {
    const retiredLater = { state: "retired" as const, decommissionAfter: "2027-01-01" };
    const stack = await deployed([
      { old: { state: "active" }, later: { state: "active" }, at: BEFORE },
      { old: { state: "retired", decommissionAfter: "2026-12-01" }, later: retiredLater, at: BEFORE },
    ]);
    const r = await job(stack, { mode: "yes" });
    expect(r.outcome).toBe("done");
    // A mutation that drains or cleans every retired cluster (not only the due ones) fails here.
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)", "cleanup old"]);
    const [update] = stack.updates;
    expect(JSON.parse(update!["clusterfleet:decommission"]!).clusters).toEqual(["old"]);
    const plan = (await stack.outputs())["plan"] as { clusters: { name: string; action: string }[] };
    expect(plan.clusters.filter((c) => c.action === "destroy").map((c) => c.name)).toEqual(["old"]);
    expect(plan.clusters.find((c) => c.name === "later")?.action).toBe("drain");
    expect(await deployedClusters(stack)).toEqual(["keep", "later"]);
  });

  it("stops before destroying when the cleanup leaves something behind", async () => {
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", rec: cleaners({ remaining: ["PersistentVolumeClaim db/data (volume pvc-1)"] }) });
    expect(r.outcome).toBe("failed");
    expect(r.out).toMatch(/still in old: PersistentVolumeClaim db\/data \(volume pvc-1\); nothing was destroyed/);
    expect(stack.updates).toEqual([]);
  });

  it("stops when a PodDisruptionBudget blocks the drain, and says which; --force goes on", async () => {
    const blocked = ["db/postgres-0 (blocked by PodDisruptionBudget db/postgres)"];
    const stack = await drainedThenRetired();
    const r = await job(stack, { mode: "yes", rec: cleaners({ blocked }) });
    expect(r.outcome).toBe("failed");
    expect(r.out).toMatch(/the drain of old was blocked: db\/postgres-0 \(blocked by PodDisruptionBudget db\/postgres\)/);
    expect(r.rec.calls).toEqual(["drain old (own kubeconfig)"]);
    expect(stack.updates).toEqual([]);
    const forced = await job(stack, { mode: "yes", force: true, rec: cleaners({ blocked }) });
    expect(forced.outcome).toBe("done");
  });

  it("refuses to run while another run holds the lock, and releases its own", async () => {
    const stack = await drainedThenRetired();
    const path = join(lockDir(), "job.lock");
    const lock = fileLock(path);
    const held = await lock.acquire();
    expect(held.ok).toBe(true);
    const r = await job(stack, { mode: "yes", lock });
    expect(r.outcome).toBe("refused");
    expect(r.out).toMatch(new RegExp(`another decommission of stack prod is running \\(pid ${process.pid} on ${hostname()}`));
    expect(stack.updates).toEqual([]);
    if (held.ok) await held.release();
    expect((await job(stack, { mode: "yes", lock })).outcome).toBe("done");
    expect((await lock.acquire()).ok).toBe(true); // the job released it
  });
});

describe("file lock", () => {
  it("takes over a lock whose process is gone, or that outlived its time to live", async () => {
    const dir = lockDir();
    const dead = join(dir, "dead.lock");
    writeFileSync(dead, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: new Date().toISOString() }));
    expect((await fileLock(dead).acquire()).ok).toBe(true);
    const old = join(dir, "old.lock");
    writeFileSync(old, JSON.stringify({ pid: process.pid, host: "elsewhere", startedAt: "2026-01-01T00:00:00Z" }));
    expect((await fileLock(old, 3600).acquire()).ok).toBe(true);
    const fresh = join(dir, "fresh.lock");
    writeFileSync(fresh, JSON.stringify({ pid: process.pid, host: "elsewhere", startedAt: new Date().toISOString() }));
    expect((await fileLock(fresh, 3600).acquire()).ok).toBe(false);
  });
});

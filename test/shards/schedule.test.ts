// The sharded runner's scheduler on a fake runner: dependency order, the concurrency limit (measured),
// failure isolation and the unchanged hook resume uses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runSchedule, type ScheduleItem, type ShardOutcome } from "../../src/shards/schedule.ts";

/** A fake runner: records starts and the most shards running at once; each run takes `ticks` turns of the event loop. */
function fakeRunner(opts: { fail?: readonly string[]; ticks?: (name: string) => number } = {}) {
  const started: string[] = [];
  const finished: string[] = [];
  let running = 0;
  let peak = 0;
  const run = async (name: string) => {
    started.push(name);
    running++;
    peak = Math.max(peak, running);
    for (let i = 0; i < (opts.ticks?.(name) ?? 3); i++) await new Promise((r) => setImmediate(r));
    running--;
    finished.push(name);
    if (opts.fail?.includes(name)) throw new Error(`${name} broke\nsecond line`);
    return { changes: { create: 1 } };
  };
  return { run, started, finished, peak: () => peak };
}

let t = 0;
const clock = () => (t += 5);

const item = (name: string, ...after: string[]): ScheduleItem => ({ name, after });
// A small fleet's shape: roots, three clusters, a fabric over two, a mesh link over the fabric.
const fleet = [item("mesh-identity"), item("cluster-a", "mesh-identity"), item("cluster-b", "mesh-identity"), item("cluster-c", "mesh-identity"), item("fabric-a", "cluster-a", "cluster-b"), item("mesh-a--b", "cluster-a", "cluster-b", "fabric-a")];

describe("runSchedule", () => {
  it("starts a shard only after all its prerequisites finished", async () => {
    const r = fakeRunner({ ticks: (n) => (n === "cluster-b" ? 12 : 2) });
    const results = await runSchedule(fleet, { parallel: 4, run: r.run, clock });
    expect(results.map((x) => x.outcome.status)).toEqual(Array(6).fill("succeeded"));
    for (const { name, after } of fleet) {
      for (const a of after) expect(r.finished.indexOf(a), `${a} before ${name}`).toBeLessThan(r.started.indexOf(name));
    }
    // cluster-c does not wait for the slow cluster-b: it ran beside it.
    expect(r.finished.indexOf("cluster-c")).toBeLessThan(r.finished.indexOf("cluster-b"));
    expect(results.find((x) => x.name === "cluster-a")!.durationMs).toBeGreaterThan(0);
  });

  it("never runs more than N at once, and does run N at once when it can", async () => {
    const wide = Array.from({ length: 9 }, (_, i) => item(`cluster-${i}`));
    for (const n of [1, 2, 3]) {
      const r = fakeRunner();
      await runSchedule(wide, { parallel: n, run: r.run, clock });
      expect(r.peak()).toBe(n);
      expect(r.started).toHaveLength(9);
    }
  });

  it("keeps the limit and the order for any graph (property)", async () => {
    // Random DAGs: each shard may depend on earlier ones only.
    const dag = fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 12 }).map((deps) => deps.map((d, i) => item(`s${i}`, ...(i ? d.map((x) => `s${x % i}`) : []))));
    await fc.assert(
      fc.asyncProperty(dag, fc.integer({ min: 1, max: 4 }), async (items, n) => {
        const r = fakeRunner({ ticks: (name) => (name.length % 3) + 1 });
        await runSchedule(items, { parallel: n, run: r.run, clock });
        expect(r.peak()).toBeLessThanOrEqual(n);
        for (const { name, after } of items) for (const a of after) expect(r.finished.indexOf(a)).toBeLessThan(r.started.indexOf(name));
      }),
      { numRuns: 60 },
    );
  });

  it("skips every transitive dependent of a failed shard and runs everything else", async () => {
    const r = fakeRunner({ fail: ["cluster-a"] });
    const results = await runSchedule(fleet, { parallel: 2, run: r.run, clock });
    const by = Object.fromEntries(results.map((x) => [x.name, x.outcome]));
    expect(by["cluster-a"]).toEqual({ status: "failed", message: "cluster-a broke\nsecond line" });
    expect(by["fabric-a"]).toEqual({ status: "skipped", reason: "after failed cluster-a" });
    // Skipped through fabric-a, but named after the shard that failed.
    expect(by["mesh-a--b"]).toEqual({ status: "skipped", reason: "after failed cluster-a" });
    expect(by["cluster-b"]!.status).toBe("succeeded");
    expect(by["cluster-c"]!.status).toBe("succeeded");
    expect(r.started).not.toContain("fabric-a");
    expect(results.find((x) => x.name === "fabric-a")!.durationMs).toBe(0);
  });

  it("does not run what `unchanged` says need not run, and lets its dependents go", async () => {
    const r = fakeRunner();
    const seen: Record<string, string[]> = {};
    const results = await runSchedule(fleet, {
      parallel: 2,
      run: r.run,
      clock,
      unchanged: (name, upstream) => {
        seen[name] = [...upstream.keys()];
        return name.startsWith("cluster-") ? "same inputs" : undefined;
      },
    });
    expect(r.started).toEqual(["mesh-identity", "fabric-a", "mesh-a--b"]);
    expect(results.find((x) => x.name === "cluster-b")!.outcome).toEqual({ status: "unchanged", reason: "same inputs" });
    expect(seen["mesh-a--b"]).toEqual(["cluster-a", "cluster-b", "fabric-a"]);
  });

  it("waits only for prerequisites inside the run (a --shard selection)", async () => {
    const r = fakeRunner();
    const results = await runSchedule([item("fabric-a", "cluster-a", "cluster-b")], { parallel: 1, run: r.run, clock });
    expect(results[0]!.outcome.status).toBe("succeeded");
  });

  it("reports a cycle instead of hanging, and refuses a bad limit", async () => {
    const r = fakeRunner();
    const results = await runSchedule([item("a", "b"), item("b", "a"), item("c")], { parallel: 2, run: r.run, clock });
    expect(results.map((x) => [x.name, x.outcome.status])).toEqual([["a", "skipped"], ["b", "skipped"], ["c", "succeeded"]]);
    await expect(runSchedule([item("a")], { parallel: 0, run: r.run, clock })).rejects.toThrow(/at least 1 \(got 0\)/);
  });

  it("calls onStart and onFinish once per shard, a skipped shard finishing without starting", async () => {
    const events: string[] = [];
    const r = fakeRunner({ fail: ["mesh-identity"] });
    await runSchedule(fleet.slice(0, 2), { parallel: 1, run: r.run, clock, onStart: (n) => events.push(`start ${n}`), onFinish: (x) => events.push(`${(x.outcome as ShardOutcome).status} ${x.name}`) });
    expect(events).toEqual(["start mesh-identity", "failed mesh-identity", "skipped cluster-a"]);
  });
});

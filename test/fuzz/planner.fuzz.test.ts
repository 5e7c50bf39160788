// The planner's promise, fuzzed: whatever it is handed, planFleet returns (never throws), within a
// time bound, and every problem names a path. Specs are the base fleet with a few random mutations
// (any JSON value, lists nested thousands deep, strings of hundreds of kilobytes, numbers where
// strings go, misspelt and junk keys, deleted fields) at random places. FUZZ_RUNS=20000 for more
// (bench/ scale); the suite runs a couple of thousand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultCatalog } from "../../src/catalog/catalog.ts";
import { planFleet } from "../../src/plan/plan-fleet.ts";
import { baseFleet, NOW } from "../fixtures/fleets.ts";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 2000);
/** Far above a normal plan (milliseconds), far below a hang. */
const TIME_BOUND_MS = 2000;

type Seg = string | number;

/** Every path of a value (objects and lists), the root excluded. */
function pathsOf(value: unknown, at: Seg[] = [], out: Seg[][] = []): Seg[][] {
  if (value && typeof value === "object") {
    for (const [k, v] of Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)) {
      const p = [...at, k];
      out.push(p);
      pathsOf(v, p, out);
    }
  }
  return out;
}

const nestedList = (depth: number): unknown => {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

const values = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 6000 }).map(nestedList) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(1.3, 1.35, 0, -1, "", null, [], {}, "10.0.0.0/33", "0.0.0.0/0", "1.35", "aws", "Standard_D4s_v5") },
);

type Mutation = { path: Seg[]; op: "set" | "delete" | "rename" | "junk"; value: unknown; key: string };

function mutate(spec: Record<string, unknown>, m: Mutation): void {
  const parentPath = m.path.slice(0, -1);
  let parent: unknown = spec;
  for (const seg of parentPath) parent = (parent as Record<Seg, unknown> | undefined)?.[seg];
  if (!parent || typeof parent !== "object") return;
  const obj = parent as Record<Seg, unknown>;
  const last = m.path.at(-1)!;
  if (m.op === "set") obj[last] = m.value;
  else if (m.op === "delete") delete obj[last];
  else if (m.op === "rename" && typeof last === "string" && !Array.isArray(obj)) {
    // A typo: two letters swapped, as `kubernetesVerison`.
    const i = Math.min(Math.max(1, m.key.length % Math.max(1, last.length - 1)), last.length - 2);
    const typo = last.length > 3 ? `${last.slice(0, i)}${last[i + 1]}${last[i]}${last.slice(i + 2)}` : `${last}x`;
    obj[typo] = obj[last];
    delete obj[last];
  } else if (m.op === "junk" && !Array.isArray(obj)) obj[m.key] = m.value;
}

const base = baseFleet();
const paths = pathsOf(base);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...paths),
  op: fc.constantFrom("set", "set", "delete", "rename", "junk"),
  value: values,
  key: fc.string({ minLength: 1, maxLength: 20 }),
});

function planTimed(spec: unknown): { ms: number; problems: readonly { path: string; code: string }[] } {
  const t = performance.now();
  const plan = planFleet(spec, defaultCatalog, undefined, { now: NOW });
  return { ms: performance.now() - t, problems: plan.problems ?? [] };
}

describe("planFleet under fuzzing", () => {
  it(`never throws, stays under ${TIME_BOUND_MS} ms, and names a path for every problem (${RUNS} mutated fleets)`, () => {
    let slowest = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const spec = structuredClone(base) as Record<string, unknown>;
        for (const m of mutations) mutate(spec, m);
        const r = planTimed(spec);
        slowest = Math.max(slowest, r.ms);
        expect(r.ms).toBeLessThan(TIME_BOUND_MS);
        for (const p of r.problems) expect(p.path, `${p.code} has no path`).not.toBe("");
      }),
      { numRuns: RUNS, seed: Number(process.env["FUZZ_SEED"] ?? 20261202) },
    );
    expect(slowest).toBeLessThan(TIME_BOUND_MS);
  });

  it("never throws on any value at all as the spec; a non-mapping is one problem that says what a spec is", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (input) => {
        const r = planTimed(input);
        if (input === null || typeof input !== "object" || Array.isArray(input)) expect(r.problems.map((p) => p.code)).toEqual(["spec/not-a-fleet"]);
        else for (const p of r.problems) expect(p.path, `${p.code} has no path`).not.toBe("");
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

// Random mutations of a valid fleet, for the planner's fuzz test (test/fuzz) and its bench
// (bench/fuzz.bench.ts): any JSON value, lists nested thousands deep, strings of hundreds of
// kilobytes, numbers where strings go, misspelt and junk keys, deleted fields, at random places.
import fc from "fast-check";
import { baseFleet } from "../test/fixtures/fleets.ts";

export type Seg = string | number;

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

export type Mutation = { path: Seg[]; op: "set" | "delete" | "rename" | "junk"; value: unknown; key: string };

export function mutate(spec: Record<string, unknown>, m: Mutation): void {
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

export const base = baseFleet();
const paths = pathsOf(base);
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...paths),
  op: fc.constantFrom("set", "set", "delete", "rename", "junk"),
  value: values,
  key: fc.string({ minLength: 1, maxLength: 20 }),
});

/** A base fleet with 1 to 4 mutations. */
export const mutatedFleet: fc.Arbitrary<Record<string, unknown>> = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => {
  const spec = structuredClone(base) as Record<string, unknown>;
  for (const m of ms) mutate(spec, m);
  return spec;
});

// Structural parsing: zod checks shapes and applies defaults; every zod issue is turned
// into a FleetIssue that names the path, echoes the value and says what is allowed.
import { closest, distance } from "fastest-levenshtein";
import type * as z from "zod";
import { checkBounds } from "./bounds.ts";
import { fleetSpecSchema, type FleetSpec } from "./fleet.ts";
import { formatPath, issue, listAllowed, show, type FleetIssue, type PathSegment } from "./issue.ts";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FleetIssue[] };

/** Problems reported from one parse; the rest are summed up in one last problem that says so. */
export const MAX_REPORTED_PROBLEMS = 100;

export function parseFleetSpec(input: unknown): ParseResult<FleetSpec> {
  // Depth and size first: zod, the messages and "did you mean" then only see bounded input.
  const bounds = checkBounds(input);
  if (bounds.length) return { ok: false, issues: bounds };
  if (input === null || input === undefined || typeof input !== "object" || Array.isArray(input)) {
    const got = input === null || input === undefined ? "nothing (an empty document?)" : Array.isArray(input) ? "a list" : show(input);
    return { ok: false, issues: [issue("", "spec/not-a-fleet", `a fleet spec is a mapping with at least \`name\` and \`clusters\`; got ${got}`, input ?? undefined)] };
  }
  const result = fleetSpecSchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: capped(result.error.issues, (i) => toFleetIssue(i, input)) };
}

/** The first MAX_REPORTED_PROBLEMS as problems, and a last one saying how many more there were. */
export function capped<T>(all: readonly T[], toIssue: (t: T) => FleetIssue, max = MAX_REPORTED_PROBLEMS): FleetIssue[] {
  if (all.length <= max) return all.map(toIssue);
  const shown = all.slice(0, max).map(toIssue);
  const next = toIssue(all[max]!);
  const rest = all.length - max;
  return [...shown, issue(next.path, "spec/too-many-problems", `and ${rest} more problem${rest === 1 ? "" : "s"} from here on; only the first ${max} are reported: fix these and run again`)];
}

function toFleetIssue(zi: z.core.$ZodIssue, root: unknown): FleetIssue {
  const path = formatPath(zi.path as PathSegment[]);
  const input = "input" in zi ? zi.input : undefined;
  switch (zi.code) {
    case "invalid_type":
      if (input === undefined) return issue(path, "spec/required", `is required (expected ${zi.expected})`);
      if (zi.expected === "string" && typeof input === "number") {
        // YAML reads `1.30` as the number 1.3: the trailing zero is gone before we see it.
        const lostZero = Number.isInteger(input) ? "" : ` (YAML reads 1.30 as the number 1.3, so write "1.30")`;
        return issue(path, "spec/type", `got the number ${show(input)}, expected a string: quote it${lostZero}`, input);
      }
      return issue(path, "spec/type", `got ${show(input)}, expected ${zi.expected}`, input);
    case "invalid_value":
      return issue(path, "spec/value", `got ${show(input)}; allowed: ${listAllowed(zi.values)}`, input);
    case "invalid_union": {
      if ("discriminator" in zi && typeof zi.discriminator === "string") {
        const options = (zi as { options?: unknown[] }).options ?? [];
        const given = (input as Record<string, unknown> | undefined)?.[zi.discriminator];
        return issue(path, "spec/value", `got ${show(given)}; allowed: ${listAllowed(options)}`, given);
      }
      return issue(path, "spec/value", `got ${show(input)}, which matches none of the accepted forms`, input);
    }
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(fleetSpecSchema, zi.path as PathSegment[], root);
      const hints = zi.keys.slice(0, 10).map((k) => {
        const near = suggestion(k, allowed);
        return near ? `${show(k)} (did you mean "${near}"?)` : show(k);
      });
      const more = zi.keys.length > 10 ? ` and ${zi.keys.length - 10} more` : "";
      const tail = allowed.length ? `; allowed: ${listAllowed(allowed, 30)}` : "";
      // At the top level the document itself is the parent: name the (first) unknown key instead.
      return issue(path || formatPath([zi.keys[0]!]), "spec/unknown-field", `unknown field${zi.keys.length > 1 ? "s" : ""} ${hints.join(", ")}${more}${tail}`);
    }
    case "invalid_format":
    case "too_small":
    case "too_big":
    case "not_multiple_of":
    case "custom":
      return issue(path, "spec/value", `got ${show(input)}: ${zi.message}`, input);
    default:
      return issue(path, "spec/invalid", `${zi.message} (got ${show(input)})`, input);
  }
}

/**
 * The allowed key a misspelt one was meant to be: same letters in another case, or at most a
 * quarter of its letters away (`kubernetesVerison` → `kubernetesVersion`). Long input is never
 * compared: Levenshtein is quadratic, and no field name is longer than 64 characters.
 */
export function suggestion(key: string, allowed: readonly string[]): string | undefined {
  if (!allowed.length || key.length > 64) return undefined;
  const near = closest(key, allowed as string[]);
  if (near.toLowerCase() === key.toLowerCase()) return near;
  return distance(key.toLowerCase(), near.toLowerCase()) <= Math.max(1, Math.floor(near.length / 4)) ? near : undefined;
}

// Walks the schema along an issue's path to list the keys an object accepts there,
// so an unknown field can be answered with the allowed ones.
type Def = { type: string; shape?: Record<string, unknown>; innerType?: Schema; element?: Schema; valueType?: Schema; options?: Schema[]; discriminator?: string; in?: Schema };
type Schema = { _zod: { def: Def } };

function allowedKeysAt(schema: unknown, path: readonly PathSegment[], root: unknown): string[] {
  let node = schema as Schema;
  let value: unknown = root;
  const unwrap = () => {
    for (;;) {
      const def = node._zod.def;
      if ((def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") && def.innerType) node = def.innerType;
      else if (def.type === "pipe" && def.in) node = def.in;
      else if (def.type === "union" && def.discriminator && def.options) {
        const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
        const match = def.options.find((o) => (o._zod.def.shape?.[def.discriminator!] as Schema | undefined)?._zod.def && literalOf(o, def.discriminator!) === tag);
        if (!match) return;
        node = match;
      } else if (def.type === "union" && def.options) {
        const obj = def.options.find((o) => o._zod.def.type === "object");
        if (!obj) return;
        node = obj;
      } else return;
    }
  };
  for (const seg of path) {
    unwrap();
    const def = node._zod.def;
    value = (value as Record<PathSegment, unknown> | undefined)?.[seg];
    if (def.type === "object" && def.shape && typeof seg === "string" && seg in def.shape) node = def.shape[seg] as Schema;
    else if (def.type === "array" && def.element) node = def.element;
    else if (def.type === "record" && def.valueType) node = def.valueType;
    else return [];
  }
  unwrap();
  const shape = node._zod.def.shape;
  return shape ? Object.keys(shape) : [];
}

function literalOf(option: Schema, key: string): unknown {
  const field = option._zod.def.shape?.[key] as { _zod: { def: { values?: unknown[] } } } | undefined;
  return field?._zod.def.values?.[0];
}

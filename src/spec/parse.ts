// Structural parsing: zod checks shapes and applies defaults; every zod issue is turned
// into a FleetIssue that names the path, echoes the value and says what is allowed.
import { closest } from "fastest-levenshtein";
import type * as z from "zod";
import { fleetSpecSchema, type FleetSpec } from "./fleet.ts";
import { formatPath, issue, listAllowed, show, type FleetIssue, type PathSegment } from "./issue.ts";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FleetIssue[] };

export function parseFleetSpec(input: unknown): ParseResult<FleetSpec> {
  const result = fleetSpecSchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((i) => toFleetIssue(i, input)) };
}

function toFleetIssue(zi: z.core.$ZodIssue, root: unknown): FleetIssue {
  const path = formatPath(zi.path as PathSegment[]);
  const input = "input" in zi ? zi.input : undefined;
  switch (zi.code) {
    case "invalid_type":
      return input === undefined
        ? issue(path, "spec/required", `is required (expected ${zi.expected})`)
        : issue(path, "spec/type", `got ${show(input)}, expected ${zi.expected}`, input);
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
      const hints = zi.keys.map((k) => {
        const near = allowed.length ? closest(k, allowed) : undefined;
        return near && near.toLowerCase() === k.toLowerCase() ? `"${k}" (did you mean "${near}"?)` : `"${k}"`;
      });
      const tail = allowed.length ? `; allowed: ${listAllowed(allowed, 30)}` : "";
      return issue(path, "spec/unknown-field", `unknown field${zi.keys.length > 1 ? "s" : ""} ${hints.join(", ")}${tail}`);
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

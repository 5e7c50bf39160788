// The fleet spec's reference, generated from its JSON Schema (itself generated from the zod
// schema), so the README's config reference cannot drift from what the parser accepts.
import { markdownTable } from "markdown-table";
import { fleetJsonSchema } from "./json-schema.ts";

type Json = Record<string, any>;

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly description: string;
  readonly only?: string;
}

const DEFAULT_NOTE = /\s*@default\s+(.*)$/s;

function typeOf(s: Json): string {
  if (s["const"] !== undefined) return JSON.stringify(s["const"]);
  if (s["enum"]) return (s["enum"] as unknown[]).map((v) => JSON.stringify(v)).join(" \\| ");
  const forms = objectForms(s);
  if (forms) return `object, one of: ${forms.map((f) => `{ ${((f["required"] ?? []) as string[]).join(", ")} }`).join(" or ")}`;
  if (s["anyOf"] || s["oneOf"]) return ((s["anyOf"] ?? s["oneOf"]) as Json[]).map(typeOf).join(" or ");
  switch (s["type"]) {
    case "array":
      if (s["items"]?.["oneOf"]) return "object[] (one form per `provider`)";
      return `${typeOf(s["items"] ?? {})}[]`;
    case "object":
      if (!s["properties"] && s["additionalProperties"] && typeof s["additionalProperties"] === "object") return `map of ${typeOf(s["additionalProperties"])}`;
      return "object";
    case "integer":
    case "number": {
      const min = s["minimum"] > -1e15 ? s["minimum"] : undefined;
      const max = s["maximum"] < 1e15 ? s["maximum"] : undefined;
      return min !== undefined || max !== undefined ? `${s["type"]} ${min ?? ""}–${max ?? ""}` : s["type"];
    }
    case "string":
      return s["format"] ? `string (${s["format"]})` : "string";
    default:
      return s["type"] ?? "any";
  }
}

/** The variants of a union whose every form is an object with fields (e.g. `{ vip } | { loadBalancer }`). */
function objectForms(s: Json): Json[] | undefined {
  const forms = (s["anyOf"] ?? s["oneOf"]) as Json[] | undefined;
  return forms?.length && forms.every((f) => f["type"] === "object" && f["properties"]) ? forms : undefined;
}

function describe(s: Json): { text: string; note?: string } {
  const d = String(s["description"] ?? "");
  const m = DEFAULT_NOTE.exec(d);
  return m ? { text: d.slice(0, m.index).trim(), note: m[1]!.trim() } : { text: d.trim() };
}

function walk(s: Json, path: string, required: boolean, rows: Row[], only?: string): void {
  const { text, note } = describe(s);
  const dflt = s["default"] !== undefined ? JSON.stringify(s["default"]) : (note ?? "");
  if (path) rows.push({ path, type: typeOf(s), required, default: dflt.length > 60 ? "see fields" : dflt, description: text, ...(only ? { only } : {}) });
  // Lists of objects, and lists whose items may be an object among other forms (a wave is a name or { name, gate }).
  const itemForms = ((s["items"]?.["anyOf"] ?? []) as Json[]).filter((f) => f["type"] === "object" && f["properties"]);
  const objects = s["type"] === "object" ? [s] : s["type"] === "array" && s["items"]?.["type"] === "object" ? [s["items"]] : s["type"] === "array" ? itemForms : [];
  for (const o of objects) {
    const prefix = s["type"] === "array" ? `${path}[]` : path;
    const req = new Set<string>(o["required"] ?? []);
    for (const [k, v] of Object.entries<Json>(o["properties"] ?? {})) walk(v, prefix ? `${prefix}.${k}` : k, req.has(k), rows, only);
    if (!o["properties"] && typeof o["additionalProperties"] === "object" && o["additionalProperties"]["properties"]) {
      walk({ ...o["additionalProperties"], description: "" }, `${prefix}.<name>`, true, rows, only);
      rows.splice(rows.findIndex((r) => r.path === `${prefix}.<name>`), 1);
    }
  }
  // A union of object forms: each form's fields, required within their form.
  for (const form of objectForms(s) ?? []) {
    const req = new Set<string>(form["required"] ?? []);
    const label = `In the { ${[...req].join(", ")} } form:`;
    for (const [k, v] of Object.entries<Json>(form["properties"] ?? {})) walk({ ...v, description: `${label} ${String(v["description"] ?? "")}` }, `${path}.${k}`, req.has(k), rows, only);
  }
  // Clusters are a union on `provider`: shared fields once, provider blocks marked with their provider.
  const variants = (s["type"] === "array" ? s["items"]?.["oneOf"] : undefined) as Json[] | undefined;
  if (variants) {
    const counts = new Map<string, number>();
    for (const v of variants) for (const k of Object.keys(v["properties"] ?? {})) counts.set(k, (counts.get(k) ?? 0) + 1);
    const first = variants[0]!;
    const req = new Set<string>(first["required"] ?? []);
    for (const [k, v] of Object.entries<Json>(first["properties"] ?? {})) {
      if (k === "provider") rows.push({ path: `${path}[].provider`, type: variants.map((x) => JSON.stringify(x["properties"].provider.const)).join(" \\| "), required: true, default: "", description: "Which component builds the cluster." });
      else if (counts.get(k) === variants.length) walk(v, `${path}[].${k}`, req.has(k), rows);
    }
    for (const v of variants) {
      const provider = v["properties"].provider.const as string;
      const vreq = new Set<string>(v["required"] ?? []);
      for (const [k, p] of Object.entries<Json>(v["properties"] ?? {})) if (counts.get(k) === 1) walk(p, `${path}[].${k}`, vreq.has(k), rows, provider);
    }
  }
}

export function configReferenceRows(): Row[] {
  const rows: Row[] = [];
  walk(fleetJsonSchema() as Json, "", true, rows);
  return rows;
}

/** The reference as a markdown table: field, type, required, default, meaning. */
export function configReferenceMarkdown(): string {
  const rows = configReferenceRows().map((r) => [
    `\`${r.path}\`${r.only ? ` (${r.only} only)` : ""}`,
    r.type.replace(/\|(?<!\\\|)/g, "\\|"),
    r.required ? "yes" : "",
    r.default ? `\`${r.default.replace(/\|/g, "\\|")}\`` : "",
    r.description.replace(/\n/g, " ").replace(/\|/g, "\\|"),
  ]);
  return markdownTable([["Field (under `clusterfleet:fleet`)", "Type", "Required", "Default", "Meaning"], ...rows], { alignDelimiters: false });
}

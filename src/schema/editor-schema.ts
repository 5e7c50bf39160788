// The fleet spec's JSON Schema as editors and strict validators need it. zod's output is exact but
// unfriendly there: clusters are a `oneOf` over the five providers, so one misspelt field of an AWS
// cluster is reported against every branch (15 errors, none naming the real mistake), and `cidrv4`
// is a format no JSON Schema validator knows (Ajv's strict mode refuses the schema). This rewrites
// both, on the plain JSON: each cluster is checked by the branch its `provider` selects (if/then),
// and CIDRs by a pattern. Pure data in, data out.
import { fleetJsonSchema } from "../spec/json-schema.ts";

type Json = Record<string, unknown>;

/** Dotted-quad IPv4 with a /0-/32 prefix length: what zod's cidrv4 accepts. */
export const CIDR_V4_PATTERN = "^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}/(3[0-2]|[12]?[0-9])$";

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The `const` of a branch's `provider` property, when every branch of a oneOf has one. */
function providerConsts(branches: unknown[]): string[] | undefined {
  const consts = branches.map((b) => (isObject(b) && isObject(b["properties"]) && isObject(b["properties"]["provider"]) ? b["properties"]["provider"]["const"] : undefined));
  return consts.every((c): c is string => typeof c === "string") ? consts : undefined;
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isObject(node)) return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v)]));
  if (out["format"] === "cidrv4") {
    delete out["format"];
    out["pattern"] = CIDR_V4_PATTERN;
  }
  const branches = out["oneOf"];
  const providers = Array.isArray(branches) ? providerConsts(branches) : undefined;
  if (Array.isArray(branches) && providers) {
    // One branch per provider, chosen by `provider`: a mistake is reported by that branch alone.
    delete out["oneOf"];
    out["type"] = "object";
    out["required"] = ["provider"];
    out["properties"] = { provider: { type: "string", enum: providers, description: "Which kind of cluster; selects the fields that apply." } };
    out["allOf"] = branches.map((b, i) => ({ if: { type: "object", properties: { provider: { const: providers[i] } }, required: ["provider"] }, then: b }));
  }
  return out;
}

/** The fleet spec (config value `clusterfleet:fleet`), with clusters discriminated by provider. */
export function editorFleetSchema(): Json {
  return rewrite(fleetJsonSchema()) as Json;
}

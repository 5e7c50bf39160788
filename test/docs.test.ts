// The README is what a user follows: its generated reference matches the schema, and CI runs
// exactly the test command it gives.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fleetSpecSchema } from "../src/spec/fleet.ts";
import { generatedBlock } from "../src/spec/readme-blocks.ts";
import { configReferenceMarkdown } from "../src/spec/reference.ts";
import { renderSample, SAMPLES } from "../scripts/readme-samples.ts";
import { ROOT } from "./fixtures/fleets.ts";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");

type Def = { type: string; shape?: Record<string, Schema>; element?: Schema; valueType?: Schema; options?: Schema[]; innerType?: Schema; in?: Schema; out?: Schema; left?: Schema; right?: Schema; getter?: () => Schema };
type Schema = { _zod: { def: Def } };

/** Every field path the schema accepts, as the reference writes them (`a.b`, `list[].c`, `map.<name>.d`). */
function fieldPaths(schema: unknown, path = "", out: string[] = []): string[] {
  const def = (schema as Schema)._zod.def;
  switch (def.type) {
    case "object":
      for (const [k, v] of Object.entries(def.shape ?? {})) {
        const p = path ? `${path}.${k}` : k;
        if (!out.includes(p)) out.push(p);
        fieldPaths(v, p, out);
      }
      break;
    case "array":
      fieldPaths(def.element, `${path}[]`, out);
      break;
    case "record":
      fieldPaths(def.valueType, `${path}.<name>`, out);
      break;
    case "union":
      for (const o of def.options ?? []) fieldPaths(o, path, out);
      break;
    case "intersection":
      fieldPaths(def.left, path, out);
      fieldPaths(def.right, path, out);
      break;
    case "pipe":
      fieldPaths(def.in, path, out);
      break;
    case "lazy":
      fieldPaths(def.getter!(), path, out);
      break;
    default:
      if (def.innerType) fieldPaths(def.innerType, path, out);
  }
  return out;
}

describe("README", () => {
  it("has an up-to-date config reference (run `npm run docs` after changing the spec)", () => {
    expect(generatedBlock(readme, "config-reference")).toBe(configReferenceMarkdown());
  });

  // Each sample is the output of its command, run now on the shipped stacks and examples: a change to
  // the planner, the renderer or a stack that alters what users would see fails here until
  // `npm run docs` rewrites the README.
  it.each(Object.keys(SAMPLES))("shows what `%s` really prints (run `npm run docs` after changing it)", async (name) => {
    expect(generatedBlock(readme, `sample:${name}`)).toBe(await renderSample(name));
  }, 120_000);

  it("names only shipped stacks in its commands", () => {
    const named = [...readme.matchAll(/--stack ([a-z0-9-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const stack of new Set(named)) expect(existsSync(join(ROOT, "stacks", `Pulumi.${stack}.yaml`)), `--stack ${stack}`).toBe(true);
  });

  it("gives the set-up commands that CI runs", () => {
    expect(readme).toContain("npm ci && npm test");
    expect(readme).toContain("npm ci && npx clusterfleet preview --stack");
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it("documents every field the parser accepts", () => {
    // Walked from the zod schema itself, not from the JSON Schema the reference is generated from:
    // a field the generator skipped is missing here.
    const fields = fieldPaths(fleetSpecSchema);
    expect(fields.length).toBeGreaterThan(150);
    for (const known of ["clusters[].lifecycle.decommissionAfter", "peering.hub", "ipam.reserved", "jurisdictions.<name>.mayPeerWith", "clusters[].aws.assumeRoleArn"]) expect(fields).toContain(known);
    const reference = generatedBlock(readme, "config-reference") ?? "";
    expect(fields.filter((f) => !reference.includes(`| \`${f}\``))).toEqual([]);
  });
});

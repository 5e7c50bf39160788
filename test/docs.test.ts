// The README is what a user follows: its generated reference matches the schema, and CI runs
// exactly the test command it gives.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedBlock } from "../src/spec/readme-blocks.ts";
import { configReferenceMarkdown } from "../src/spec/reference.ts";
import { ROOT } from "./fixtures/fleets.ts";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("has an up-to-date config reference (run `npm run docs` after changing the spec)", () => {
    expect(generatedBlock(readme, "config-reference")).toBe(configReferenceMarkdown());
  });

  it("gives the set-up commands that CI runs", () => {
    expect(readme).toContain("npm ci && npm test");
    expect(readme).toContain("npm ci && npx clusterfleet preview --stack");
    const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it("documents every field the parser accepts", () => {
    for (const path of ["clusters[].lifecycle.decommissionAfter", "peering.hub", "ipam.reserved", "jurisdictions.<name>.mayPeerWith"]) {
      expect(readme).toContain(`\`${path}\``);
    }
  });
});

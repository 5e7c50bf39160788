// The engine-free core (spec, catalog, plan) never imports Pulumi or the components: every
// decision is made as data and is testable without an engine.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./fixtures/fleets.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/**
 * Every module a file loads, as TypeScript's own pre-processor finds them: `import … from`,
 * `export … from`, `import x = require()`, dynamic `import()` and `require()`.
 */
function modulesLoadedBy(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

const forbidden = (i: string) => i.startsWith("@pulumi/") || i.includes("components/") || i.includes("/preview/") || i.includes("/cli/");

describe("architecture", () => {
  const core = ["src/spec", "src/catalog", "src/plan"].flatMap((d) => filesUnder(join(ROOT, d)));
  it.each(core.map((f) => relative(ROOT, f)))("%s loads no @pulumi package, component, preview or CLI code", (file) => {
    expect(modulesLoadedBy(readFileSync(join(ROOT, file), "utf8")).filter(forbidden)).toEqual([]);
  });

  it("sees every way a module can be loaded (a regex on `import … from` missed re-exports and import())", () => {
    const source = [
      'import type { X } from "@pulumi/a";',
      'export * from "@pulumi/b";',
      'export { y } from "../../components/c.ts";',
      'const z = await import("@pulumi/d");',
      'const w = require("../preview/e.ts");',
      'import "../cli/f.ts";',
    ].join("\n");
    expect(modulesLoadedBy(source).filter(forbidden)).toEqual(["@pulumi/a", "@pulumi/b", "../../components/c.ts", "@pulumi/d", "../preview/e.ts", "../cli/f.ts"]);
  });

  it("keeps files under ~400 lines", () => {
    const all = ["src", "components"].flatMap((d) => filesUnder(join(ROOT, d)));
    const long = all.map((f) => [relative(ROOT, f), readFileSync(f, "utf8").split("\n").length] as const).filter(([, n]) => n > 420);
    expect(long).toEqual([]);
  });
});

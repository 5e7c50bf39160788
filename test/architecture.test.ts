// The engine-free core (spec, catalog, plan) never imports Pulumi or the components: every
// decision is made as data and is testable without an engine.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./fixtures/fleets.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("architecture", () => {
  const core = ["src/spec", "src/catalog", "src/plan"].flatMap((d) => filesUnder(join(ROOT, d)));
  it.each(core.map((f) => relative(ROOT, f)))("%s imports no @pulumi package, component or preview code", (file) => {
    const imports = [...readFileSync(join(ROOT, file), "utf8").matchAll(/^\s*import[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]!);
    expect(imports.filter((i) => i.startsWith("@pulumi/") || i.includes("components/") || i.includes("/preview/") || i.includes("/cli/"))).toEqual([]);
  });

  it("keeps files under ~400 lines", () => {
    const all = ["src", "components"].flatMap((d) => filesUnder(join(ROOT, d)));
    const long = all.map((f) => [relative(ROOT, f), readFileSync(f, "utf8").split("\n").length] as const).filter(([, n]) => n > 420);
    expect(long).toEqual([]);
  });
});

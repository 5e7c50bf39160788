// Pulumi.yaml's `config:` block declares project-level config; the engine refuses to run a stack that
// lacks a declared key without a `default` ("Stack 'dev' is missing configuration values ..."; found by
// the engine tests, see https://www.pulumi.com/docs/iac/concepts/projects/project-file/#config-options).
// Optional keys therefore must not be declared there without a default.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

describe("Pulumi.yaml project config", () => {
  it("declares only keys that have a default, so no shipped stack is refused for an optional key", () => {
    const project = parse(readFileSync(new URL("../../Pulumi.yaml", import.meta.url), "utf8")) as { config?: Record<string, { default?: unknown }> };
    const withoutDefault = Object.entries(project.config ?? {})
      .filter(([, v]) => v === null || typeof v !== "object" || !("default" in v))
      .map(([k]) => k);
    expect(withoutDefault).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { isoFromGoTimestamps } from "../../src/program/yaml-timestamps.ts";

describe("stack-file timestamps as the Pulumi CLI hands them over", () => {
  it("become the ISO text the stack file had, wherever they are", () => {
    const spec = { clusters: [{ name: "old", lifecycle: { state: "retired", decommissionAfter: "2026-11-02 00:00:00 +0000 UTC" } }], at: "2026-11-02 10:30:00 +0000 UTC" };
    expect(isoFromGoTimestamps(spec)).toEqual({ clusters: [{ name: "old", lifecycle: { state: "retired", decommissionAfter: "2026-11-02" } }], at: "2026-11-02T10:30:00Z" });
  });

  it("leaves every other string alone", () => {
    for (const s of ["2026-11-02", "2026-11-02 00:00:00 +0100 CET", "eu-west-1", "1.35"]) expect(isoFromGoTimestamps(s)).toBe(s);
  });
});

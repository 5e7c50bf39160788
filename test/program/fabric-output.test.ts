// What an on-prem network team configures comes out of the stack: per site, per tunnel, secret.
import { describe, expect, it } from "vitest";
import { SecretValue } from "../../src/preview/wire-values.ts";
import { runStack } from "../fixtures/run-stack.ts";

describe("the fabric stack output", () => {
  it("gives the on-prem site's tunnels (addresses, /30s, ASNs, keys) as a secret, and the links by kind", async () => {
    const run = await runStack("prod-eu");
    const fabric = run.outputs["fabric"] as { links: Record<string, string>; onPremGateways: unknown };
    expect(Object.values(fabric.links)).toContain("ipsec-vpn");
    expect(fabric.onPremGateways).toBeInstanceOf(SecretValue);
    const sites = (fabric.onPremGateways as SecretValue).value as Record<string, Record<string, unknown>[]>;
    const tunnels = sites["eu-onprem-fra"]!;
    expect(tunnels.length).toBeGreaterThanOrEqual(2);
    for (const t of tunnels) expect(JSON.stringify(t)).toMatch(/169\.254\.\d+\.\d+/);
  });
});

// The planner formats addresses and blocks itself (ip-num's formatting was a fifth of a large plan):
// held equal to ip-num's, over random addresses and every prefix.
import fc from "fast-check";
import { IPv4, IPv4CidrRange, IPv4Prefix } from "ip-num";
import { describe, expect, it } from "vitest";
import { addressOf, blockAt } from "../../src/plan/ipam.ts";

describe("address and block formatting", () => {
  it("matches ip-num's for any address and any aligned block", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
        expect(addressOf(n)).toBe(IPv4.fromNumber(n).toString());
        const size = 2n ** BigInt(32 - prefix);
        const first = (n / size) * size;
        expect(blockAt(first, prefix, 0)).toBe(new IPv4CidrRange(IPv4.fromNumber(first), IPv4Prefix.fromNumber(BigInt(prefix))).toCidrString());
      }),
      { numRuns: 2000 },
    );
    expect(addressOf(0n)).toBe("0.0.0.0");
    expect(addressOf(0xffffffffn)).toBe("255.255.255.255");
    expect(blockAt(167772160n, 18, 2)).toBe("10.0.128.0/18");
    expect(() => addressOf(0x100000000n)).toThrow(/not an IPv4 address/);
  });
});

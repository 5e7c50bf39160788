// The pure subnet layout: a table of known layouts, then properties over random VPCs and zone lists.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spanOf, overlaps, inside } from "../../../src/plan/ipam.ts";
import { AWS_SUBNET_MAX_PREFIX, subnetLayout, SubnetLayoutError } from "../../../components/aws/subnet-layout.ts";

describe("subnet layout", () => {
  it.each([
    {
      input: { cidr: "10.12.80.0/20", podCidr: "100.68.128.0/17", zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"], environment: "prod" as const },
      want: {
        zones: [
          { zone: "eu-central-1a", private: "10.12.80.0/23", public: "10.12.94.0/25", pods: "100.68.128.0/19" },
          { zone: "eu-central-1b", private: "10.12.82.0/23", public: "10.12.94.128/25", pods: "100.68.160.0/19" },
          { zone: "eu-central-1c", private: "10.12.84.0/23", public: "10.12.95.0/25", pods: "100.68.192.0/19" },
        ],
        natZones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
      },
    },
    {
      input: { cidr: "10.143.240.0/20", podCidr: "100.115.128.0/17", zones: ["eu-west-1a", "eu-west-1b"], environment: "dev" as const },
      want: {
        zones: [
          { zone: "eu-west-1a", private: "10.143.240.0/22", public: "10.143.252.0/23", pods: "100.115.128.0/18" },
          { zone: "eu-west-1b", private: "10.143.244.0/22", public: "10.143.254.0/23", pods: "100.115.192.0/18" },
        ],
        natZones: ["eu-west-1a"],
      },
    },
  ])("lays out $input.cidr over $input.zones.length zones ($input.environment)", ({ input, want }) => {
    expect(subnetLayout(input)).toEqual({ vpcCidr: input.cidr, podCidr: input.podCidr, ...want });
  });

  it("keeps every existing subnet when a third zone becomes a fourth", () => {
    const base = { cidr: "10.0.0.0/20", podCidr: "100.64.0.0/17", environment: "prod" as const };
    const three = subnetLayout({ ...base, zones: ["a", "b", "c"] });
    const four = subnetLayout({ ...base, zones: ["a", "b", "c", "d"] });
    expect(four.zones.slice(0, 3)).toEqual(three.zones);
  });

  it.each([
    [{ cidr: "10.0.0.0/26", podCidr: "100.64.0.0/18", zones: ["a", "b", "c"] }, "network.cidr", /10\.0\.0\.0\/26 is too small for public subnets in 3 zones: they would be \/31.*use a network of \/23 or larger/],
    [{ cidr: "10.0.0.0/20", podCidr: "100.64.0.0/27", zones: ["a", "b", "c"] }, "network.podCidr", /too small for pod subnets/],
    [{ cidr: "10.0.0.0/20", podCidr: "100.64.0.0/14", zones: ["a", "b"] }, "network.podCidr", /AWS VPC CIDR blocks are \/16 to \/28/],
    [{ cidr: "10.0.0.1/20", podCidr: "100.64.0.0/18", zones: ["a", "b"] }, "network.cidr", /host bits/],
    [{ cidr: "10.0.0.0/20", podCidr: "100.64.0.0/18", zones: [] }, "zones", /at least one zone/],
    [{ cidr: "10.0.0.0/20", podCidr: "100.64.0.0/18", zones: ["a", "a"] }, "zones", /distinct/],
  ])("refuses %o at %s", (input, path, message) => {
    const e = (() => {
      try {
        subnetLayout({ ...input, environment: "dev" });
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SubnetLayoutError);
    expect((e as SubnetLayoutError).path).toBe(path);
    expect((e as Error).message).toMatch(message);
  });
});

describe("subnet layout properties", () => {
  /** Block `slot` of size /prefix inside the supernet starting at `base` with `bits` host bits. */
  const cidrIn = (base: number, bits: number, prefix: number, slot: number) => {
    const size = 2 ** (32 - prefix);
    const addr = base + ((slot * size) % 2 ** bits);
    return `${[24, 16, 8, 0].map((sh) => (addr >>> sh) & 255).join(".")}/${prefix}`;
  };
  const input = fc
    .record({
      vpcPrefix: fc.integer({ min: 16, max: 24 }),
      vpcSlot: fc.nat(),
      podPrefix: fc.integer({ min: 16, max: 24 }),
      podSlot: fc.nat(),
      zoneCount: fc.integer({ min: 1, max: 6 }),
      prod: fc.boolean(),
    })
    .map((i) => ({
      cidr: cidrIn(10 * 2 ** 24, 24, i.vpcPrefix, i.vpcSlot), // inside 10.0.0.0/8
      podCidr: cidrIn(100 * 2 ** 24 + 64 * 2 ** 16, 22, i.podPrefix, i.podSlot), // inside 100.64.0.0/10
      zones: Array.from({ length: i.zoneCount }, (_, k) => `zone-${String.fromCharCode(97 + k)}`),
      environment: i.prod ? ("prod" as const) : ("dev" as const),
    }));
  const prefixOf = (cidr: string) => Number(cidr.split("/")[1]);
  const log2Ceil = (n: number) => Math.ceil(Math.log2(n));

  it("places every subnet inside its network, disjoint from every other, within AWS's size limit, or refuses when none fits", () => {
    fc.assert(
      fc.property(input, (args) => {
        const m = log2Ceil(args.zones.length);
        const fitsVpc = prefixOf(args.cidr) + 2 * m + 1 <= AWS_SUBNET_MAX_PREFIX;
        const fitsPods = prefixOf(args.podCidr) + m <= AWS_SUBNET_MAX_PREFIX;
        if (!fitsVpc || !fitsPods) {
          expect(() => subnetLayout(args)).toThrow(SubnetLayoutError);
          return;
        }
        const layout = subnetLayout(args);
        const all = layout.zones.flatMap((z) => [
          { cidr: z.private, parent: args.cidr },
          { cidr: z.public, parent: args.cidr },
          { cidr: z.pods, parent: args.podCidr },
        ]);
        for (const s of all) {
          expect(inside(spanOf(s.cidr), spanOf(s.parent))).toBe(true);
          expect(prefixOf(s.cidr)).toBeLessThanOrEqual(AWS_SUBNET_MAX_PREFIX);
        }
        for (let a = 0; a < all.length; a++) for (let b = a + 1; b < all.length; b++) expect(overlaps(spanOf(all[a]!.cidr), spanOf(all[b]!.cidr))).toBe(false);
        // Private subnets are at least as large as public ones: nodes and internal load balancers live there.
        for (const z of layout.zones) expect(prefixOf(z.private)).toBeLessThanOrEqual(prefixOf(z.public));
        expect(layout.zones.map((z) => z.zone)).toEqual(args.zones);
        expect(layout.natZones).toEqual(args.environment === "prod" ? args.zones : [args.zones[0]]);
        expect(subnetLayout(args)).toEqual(layout);
      }),
      { numRuns: 400 },
    );
  });
});

// One measured evaluation in a fresh process, so peak memory is this run's alone.
//   node bench/eval-child.ts fleet <size> <file>   ClusterFleet for a synthetic fleet; records its resources to <file>
//   node bench/eval-child.ts flat  <size> <file>   registers the resources recorded in <file> directly with the SDK classes,
//                                                  with the same dependencies (dependsOn the same resources)
//   node bench/eval-child.ts bare  <size> <file>   the same, with no dependencies at all: a lower bound no real program reaches
// Prints one JSON line: { mode, size, ms, maxRssMb, resources }.
import { readFileSync, writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { ClusterFleet } from "../components/fleet/cluster-fleet.ts";
import { runUnderMocks } from "../src/preview/mock-run.ts";
import "../src/preview/mocks/index.ts";
import { SecretValue, UNKNOWN } from "../src/preview/wire-values.ts";
import { sdkClass } from "./sdk-classes.ts";
import { syntheticCatalog, syntheticFleet } from "./synthetic-fleet.ts";

interface Flat {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
  /** URNs of the custom resources it depends on: the flat program keeps the same dependency graph. */
  readonly dependsOn: readonly string[];
}

const [mode, sizeArg, file] = process.argv.slice(2) as [string, string, string];
const size = Number(sizeArg);
const NOW = new Date("2026-11-21T00:00:00Z");

function plain(v: unknown): unknown {
  if (v instanceof SecretValue) return pulumi.secret(plain(v.value));
  // A value unknown when the fleet ran (an output the mocks do not compute) is still a value to the
  // flat program: required properties must be set.
  if (v === UNKNOWN) return "unknown";
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function main(): Promise<void> {
  let program: () => Promise<void>;
  if (mode === "fleet") {
    const spec = syntheticFleet(size);
    program = async () => {
      new ClusterFleet("bench", { spec, catalog: syntheticCatalog, now: NOW });
    };
  } else {
    const recorded = JSON.parse(readFileSync(file, "utf8")) as Flat[];
    const classes = new Map(await Promise.all([...new Set(recorded.map((r) => r.type))].map(async (t) => [t, await sdkClass(t)] as const)));
    program = async () => {
      const providers = new Map<string, pulumi.ProviderResource>();
      const created = new Map<string, pulumi.CustomResource>();
      for (const r of recorded) {
        const Cls = classes.get(r.type)!;
        const provider = r.provider ? providers.get(r.provider.split("::").slice(0, -1).join("::")) : undefined;
        const dependsOn = mode === "bare" ? [] : r.dependsOn.map((u) => created.get(u)).filter((d): d is pulumi.CustomResource => d !== undefined);
        const res = new Cls(r.name, plain(r.inputs) as Record<string, unknown>, { ...(provider ? { provider } : {}), ...(dependsOn.length ? { dependsOn } : {}) });
        created.set(r.urn, res);
        if (r.type.startsWith("pulumi:providers:")) providers.set(r.urn, res as pulumi.ProviderResource);
      }
    };
  }
  const t = performance.now();
  const run = await runUnderMocks(program, { project: "bench", stack: `${mode}-${size}`, config: {} });
  const ms = performance.now() - t;
  const custom = run.resources.filter((r) => r.custom);
  if (mode === "fleet") {
    // Flat URNs differ (no parents): map each dependency to the flat resource of the same type and name.
    const flat: Flat[] = custom.map((r) => ({ type: r.type, name: r.name, urn: r.urn, ...(r.provider ? { provider: r.provider } : {}), inputs: r.inputs, dependsOn: r.dependsOnUrns }));
    writeFileSync(file, JSON.stringify(flat));
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ mode, size, ms, maxRssMb, resources: custom.length })}\n`);
}

await main();

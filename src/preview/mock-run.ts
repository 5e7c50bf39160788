// Runs a Pulumi program in-process under mocks and records what it registers: the way
// `clusterfleet preview` and the tests run the real program entry with a stack's own config.
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings.js";
// Every run under mocks answers with every provider's registered mocks, whoever starts it.
import { fleetMocks } from "../testing/fleet-mocks.ts";
import { RecordingMonitor, type RecordedResource } from "./recording-monitor.ts";

export interface MockRunOptions {
  readonly project: string;
  readonly stack: string;
  /** Stack config as Pulumi passes it: "namespace:key" → string (objects JSON-encoded). */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** Outputs of the previous deployment, returned to a StackReference of this stack. */
  readonly previousOutputs?: Readonly<Record<string, unknown>>;
  /** Outputs of other stacks by stack name, for StackReferences to them (a sharded run's siblings). */
  readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly preview?: boolean;
  /** Answers for provider functions (invokes) by token, over the registered ones; any other invoke fails the run. */
  readonly invokes?: Readonly<Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>>;
}

export interface MockRun {
  readonly resources: readonly RecordedResource[];
  /** Stack outputs; secrets are SecretValue. */
  readonly outputs: Record<string, unknown>;
  /** registerOutputs of every component, by URN. */
  readonly componentOutputs: ReadonlyMap<string, Record<string, unknown>>;
}

export async function runUnderMocks(program: () => Promise<Record<string, unknown> | void>, opts: MockRunOptions): Promise<MockRun> {
  const mocks = fleetMocks({
    ...(opts.previousOutputs ? { previousOutputs: opts.previousOutputs } : {}),
    ...(opts.stackOutputs ? { stackOutputs: opts.stackOutputs } : {}),
    ...(opts.invokes ? { invokes: opts.invokes } : {}),
  });
  const monitor = new RecordingMonitor(mocks);
  pulumi.runtime.setAllConfig({ ...opts.config }, [...(opts.secretKeys ?? [])]);
  pulumi.runtime.setMockOptions(monitor, opts.project, opts.stack, opts.preview ?? true, "organization");
  // A failing program rejects several of the SDK's promises at once; like the Pulumi language host,
  // catch them while the program runs and report the first.
  const failures: unknown[] = [];
  const onRejection = (e: unknown) => void failures.push(e);
  process.on("unhandledRejection", onRejection);
  // The SDK captures a stack trace for every promise it tracks (runtime/debuggable.js) and every
  // resource's source position; a run under mocks reports neither, and the captures were a quarter
  // of a 20-cluster run's time. Pulumi.yaml runs the real program with --stack-trace-limit=0 for
  // the same reason. Errors the program throws keep their messages (which name the field path).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    await pulumi.runtime.runInPulumiStack(async () => (await program()) ?? {}).catch(onRejection);
    // waitForRPCs is internal to the SDK but is what `pulumi` itself awaits before exiting.
    await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs().catch(onRejection);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    process.off("unhandledRejection", onRejection);
  }
  if (failures.length) throw failures[0];
  const stackUrn = monitor.recorded.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  const outputs = (stackUrn ? monitor.registeredOutputs.get(stackUrn) : undefined) ?? {};
  return { resources: monitor.recorded, outputs, componentOutputs: monitor.registeredOutputs };
}

/** A stack file's `config:` map as the Pulumi engine hands it to a program. */
export function stackConfigToRuntime(config: Readonly<Record<string, unknown>>): { config: Record<string, string>; secretKeys: string[] } {
  const out: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const full = key.includes(":") ? key : `clusterfleet:${key}`;
    if (value && typeof value === "object" && "secure" in (value as object)) {
      // Ciphertext can only be decrypted by the Pulumi CLI; offline runs see a marked placeholder.
      out[full] = `[secret from stack file: ${full}]`;
      secretKeys.push(full);
    } else {
      out[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { config: out, secretKeys };
}

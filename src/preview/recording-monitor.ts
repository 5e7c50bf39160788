// A Pulumi mock monitor that records every registered resource: type, name, parent, inputs
// (secrets kept marked), dependencies, provider and resource options. `setMocks`' newResource
// alone does not see dependencies or options; this does.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks.js";
import type { Mocks } from "@pulumi/pulumi/runtime/mocks.js";
import { decodeWire } from "./wire-values.ts";

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The parent's name (the Stack's for top-level resources). */
  readonly parent?: string;
  readonly parentUrn?: string;
  readonly custom: boolean;
  /** Inputs as registered; secrets are SecretValue. */
  readonly inputs: Record<string, unknown>;
  /** Names of every resource this one depends on (explicit dependsOn and through inputs). */
  readonly dependsOn: readonly string[];
  readonly dependsOnUrns: readonly string[];
  /** Provider reference (`urn::id`) for custom resources with an explicit provider. */
  readonly provider?: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly additionalSecretOutputs: readonly string[];
  readonly aliases: readonly unknown[];
}

// The request object is the gRPC RegisterResourceRequest; only its getters are used.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getProtect?(): boolean;
  getRetainondelete?(): boolean;
  getDeletebeforereplace?(): boolean;
  getIgnorechangesList?(): string[];
  getReplaceonchangesList?(): string[];
  getAdditionalsecretoutputsList?(): string[];
  getAliasesList?(): unknown[];
}

export const nameOfUrn = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  /** Outputs registered by components and the stack (registerOutputs), by URN; secrets are SecretValue. */
  readonly registeredOutputs = new Map<string, Record<string, unknown>>();

  constructor(mocks: Mocks) {
    super(mocks);
  }

  override async registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void> {
    const type = req.getType();
    const name = req.getName();
    const parentUrn = req.getParent() || undefined;
    const deps = [...new Set(req.getDependenciesList())].sort();
    const inputs = (decodeWire(req.getObject()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>;
    this.recorded.push({
      urn: this.urnOf(parentUrn, type, name),
      type,
      name,
      ...(parentUrn ? { parent: nameOfUrn(parentUrn), parentUrn } : {}),
      custom: req.getCustom(),
      inputs,
      dependsOn: deps.map(nameOfUrn),
      dependsOnUrns: deps,
      ...(req.getProvider() ? { provider: req.getProvider() } : {}),
      protect: req.getProtect?.() ?? false,
      retainOnDelete: req.getRetainondelete?.() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace?.() ?? false,
      ignoreChanges: req.getIgnorechangesList?.() ?? [],
      replaceOnChanges: req.getReplaceonchangesList?.() ?? [],
      additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
      aliases: req.getAliasesList?.() ?? [],
    });
    return super.registerResource(req, callback);
  }

  override registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: (err: unknown, res: unknown) => void): void {
    this.registeredOutputs.set(req.getUrn(), decodeWire(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
    super.registerResourceOutputs(req, callback);
  }

  /** The URN the mock monitor gives a resource (same rule as MockMonitor.newUrn). */
  private urnOf(parent: string | undefined, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2]!.split("$").pop()}$${type}` : type;
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
  }
}

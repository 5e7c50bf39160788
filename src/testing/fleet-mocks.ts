// Pulumi mocks that answer like the real providers for everything ClusterFleet creates and asks:
// each resource gets its inputs back plus the outputs its provider computes (IDs, ARNs, endpoints,
// certificates, kubeconfigs), deterministic per resource name; each provider function ClusterFleet
// calls gets a canned answer. Any other provider function fails the run by name, so a test never
// passes by quietly asking a cloud. `clusterfleet preview`, `report` and the project's own tests
// run on these same mocks.
import type * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks.js";
import { computedState, invokeAnswers, type InvokeFn, type StateFn } from "../preview/mock-state.ts";
// Registers every provider's computed outputs and invoke answers.
import "../preview/mocks/index.ts";

export type { InvokeFn, StateFn };

export interface FleetMocksOptions {
  /** Outputs of the previous deployment, returned to a StackReference (the program reads `observed` from it). */
  readonly previousOutputs?: Readonly<Record<string, unknown>>;
  /** Outputs of other stacks by stack name (the last part of `org/project/stack`), for StackReferences to them (sharded runs). */
  readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Answers for provider functions by token, over ClusterFleet's own. */
  readonly invokes?: Readonly<Record<string, InvokeFn>>;
  /** Extra computed outputs by resource type, over ClusterFleet's own (e.g. for your own resources). */
  readonly outputs?: Readonly<Record<string, StateFn>>;
}

/** A provider function was called that no mock answers. */
export class UnmockedCallError extends Error {
  override readonly name = "UnmockedCallError";
  readonly token: string;
  constructor(token: string) {
    super(`unmocked provider function ${token}: ClusterFleet renders the plan and should not need to ask the cloud; answer it with fleetMocks({ invokes: { "${token}": (inputs) => ({ ... }) } })`);
    this.token = token;
  }
}

/**
 * Mocks for `pulumi.runtime.setMocks(fleetMocks(), project, stack, preview)`: every output a
 * ClusterFleet component reads is there, so a fleet renders completely under them.
 */
export function fleetMocks(opts: FleetMocksOptions = {}): pulumi.runtime.Mocks {
  return {
    newResource(args: MockResourceArgs): { id: string; state: Record<string, unknown> } {
      if (args.type === "pulumi:pulumi:StackReference") {
        const stack = String(args.inputs["name"]).split("/").pop()!;
        const outputs = opts.stackOutputs?.[stack] ?? opts.previousOutputs ?? {};
        return { id: args.name, state: { name: args.inputs["name"], outputs, secretOutputNames: [] } };
      }
      const computed = opts.outputs?.[args.type] ?? computedState[args.type];
      return { id: `${args.name}-id`, state: { ...args.inputs, ...(computed?.(args.name, args.inputs) ?? {}) } };
    },
    call(args: MockCallArgs): Record<string, unknown> {
      const answer = opts.invokes?.[args.token] ?? invokeAnswers[args.token];
      if (!answer) throw new UnmockedCallError(args.token);
      return answer(args.inputs);
    },
  };
}

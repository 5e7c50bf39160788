// What the mocked providers return: for a resource, its inputs plus the outputs a real provider
// would compute (ids, ARNs, endpoints); for a provider function (invoke), a canned answer.
// Provider folders register entries for exactly the types and functions their components use.
// A resource type with no entry gets its inputs back, as in Pulumi's own mock examples; an
// invoke with no entry fails the run, so no component quietly depends on asking the cloud.
export type StateFn = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
export type InvokeFn = (inputs: Record<string, unknown>) => Record<string, unknown>;

export const computedState: Record<string, StateFn> = {};
export const invokeAnswers: Record<string, InvokeFn> = {};

export function registerComputedState(entries: Record<string, StateFn>): void {
  Object.assign(computedState, entries);
}

export function registerInvokeAnswers(entries: Record<string, InvokeFn>): void {
  Object.assign(invokeAnswers, entries);
}

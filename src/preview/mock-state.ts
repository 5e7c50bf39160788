// What the mocked providers return for a resource: its inputs plus the outputs a real provider
// would compute (ids, ARNs, endpoints). Provider components add entries as they need them; a
// resource type with no entry gets its inputs back, as Pulumi's own mock examples do.
export type StateFn = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

export const computedState: Record<string, StateFn> = {};

export function registerComputedState(entries: Record<string, StateFn>): void {
  Object.assign(computedState, entries);
}

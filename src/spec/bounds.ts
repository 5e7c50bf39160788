// Limits on the shape of what the planner is handed, checked before anything else reads it
// (zod, messages, "did you mean"), by one iterative walk: no recursion, so no depth overflows it,
// and it stops at the first few violations. A fleet spec is a few hundred kilobytes at most; these
// limits are far above any real fleet and far below what makes the planner slow or throw.
import { formatPath, issue, type FleetIssue, type PathSegment } from "./issue.ts";

export const SPEC_LIMITS = {
  /** Nesting of objects and lists. The spec itself is ~8 deep; Helm value overrides add their own. */
  maxDepth: 64,
  /** Values in the whole spec (every object, list, string, number, boolean). */
  maxValues: 200_000,
  /** Characters in one string (names, CIDRs, PEM certificates in Helm values). */
  maxStringLength: 65_536,
  /** Bound problems reported before the walk stops. */
  maxProblems: 10,
} as const;

/** Problems naming the path of each value that breaks a limit; none when the input is within them. */
export function checkBounds(input: unknown, limits = SPEC_LIMITS): FleetIssue[] {
  const problems: FleetIssue[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: input, path: [] }];
  let values = 0;
  while (stack.length && problems.length < limits.maxProblems) {
    const { value, path } = stack.pop()!;
    values++;
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength) {
        problems.push(issue(formatPath(path), "spec/too-long", `a string of ${value.length.toLocaleString("en")} characters; at most ${limits.maxStringLength.toLocaleString("en")} are accepted`));
      }
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= limits.maxDepth) {
      problems.push(issue(formatPath(path), "spec/too-deep", `nested more than ${limits.maxDepth} levels deep; at most ${limits.maxDepth} are accepted`));
      continue;
    }
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (values + stack.length + size > limits.maxValues) {
      // Said once, at the list or object that crosses the limit, before its entries are copied.
      problems.push(issue(formatPath(path), "spec/too-large", `the spec holds more than ${limits.maxValues.toLocaleString("en")} values (this ${Array.isArray(value) ? "list" : "object"} alone has ${size.toLocaleString("en")}); a fleet spec is far smaller: is a generated or pasted document in it?`));
      break;
    }
    const entries: [PathSegment, unknown][] = Array.isArray(value) ? Array.from(value, (v, i) => [i, v]) : Object.entries(value); // Array.from: holes too
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return problems;
}

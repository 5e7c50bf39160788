// Problems are plain data (path, code, message, input); formatting is separate.
// Every message names the bad value and says what would be accepted.

export interface FleetIssue {
  /** Where in the spec, e.g. `clusters[2].region`. Empty for the document itself. */
  readonly path: string;
  /** Stable, greppable code, e.g. `region/unknown`. */
  readonly code: string;
  /** One sentence: what is wrong, the value given, what is allowed. */
  readonly message: string;
  /** The offending value as given, where there is one. */
  readonly input?: unknown;
}

export type PathSegment = string | number | symbol;

/** `["clusters", 2, "region"]` → `clusters[2].region`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const key = String(seg);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** A value echoed back in a message: short, quoted, never a wall of JSON. */
export function show(value: unknown, max = 60): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "a, b, c" (or the first `max` of them and a count of the rest). */
export function listAllowed(values: readonly unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => (typeof v === "string" ? v : show(v)));
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

export function issue(path: string, code: string, message: string, input?: unknown): FleetIssue {
  return input === undefined ? { path, code, message } : { path, code, message, input };
}

/** One line per issue, as the CLI prints them. */
export function formatIssue(i: FleetIssue): string {
  return i.path ? `${i.path}: ${i.message} [${i.code}]` : `${i.message} [${i.code}]`;
}

export function formatIssues(issues: readonly FleetIssue[]): string {
  return issues.map((i) => `  - ${formatIssue(i)}`).join("\n");
}

/** The error thrown at the edges (program, components) when a spec is refused. */
export class FleetSpecError extends Error {
  readonly issues: readonly FleetIssue[];
  constructor(issues: readonly FleetIssue[], what = "fleet spec") {
    super(`The ${what} has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${formatIssues(issues)}`);
    this.name = "FleetSpecError";
    this.issues = issues;
  }
}

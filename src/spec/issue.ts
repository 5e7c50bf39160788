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
  const text = preview(value, max + 1);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * JSON-like text of `value`, written only until `budget` characters and 8 levels: a 1 MB string or
 * a list nested 5,000 deep costs no more than a short one (JSON.stringify of either threw or took
 * seconds, and the message only shows the first 60 characters anyway).
 */
function preview(value: unknown, budget: number): string {
  let out = "";
  const write = (text: string): boolean => {
    out += text;
    return out.length < budget;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") return write(JSON.stringify(v.length > budget ? v.slice(0, budget) : v));
    if (v === null || typeof v !== "object") return write(String(v));
    if (depth >= 8) return write("…");
    if (Array.isArray(v)) {
      if (!write("[")) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !write(",")) || !walk(v[i] === undefined ? null : v[i], depth + 1)) return false;
      return write("]");
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === "function") return walk((v as { toJSON: () => unknown }).toJSON(), depth);
    if (!write("{")) return false;
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if ((!first && !write(",")) || !write(`${JSON.stringify(k.length > budget ? k.slice(0, budget) : k)}:`) || !walk(x, depth + 1)) return false;
      first = false;
    }
    return write("}");
  };
  walk(value, 0);
  return out;
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

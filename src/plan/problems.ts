// Collects every problem found while planning, so all of them are reported together.
import { issue, type FleetIssue } from "../spec/issue.ts";

/** Errors (and, apart, warnings) kept per plan; past it one last entry says more were found. */
export const MAX_PLAN_PROBLEMS = 200;

export class Problems {
  readonly errors: FleetIssue[] = [];
  readonly warnings: FleetIssue[] = [];

  error(path: string, code: string, message: string, input?: unknown): void {
    Problems.add(this.errors, issue(path, code, message, input));
  }

  warn(path: string, code: string, message: string, input?: unknown): void {
    Problems.add(this.warnings, issue(path, code, message, input));
  }

  /** A fleet of 1,000 broken clusters gives 1,000s of problems: the first ones tell what to fix. */
  private static add(list: FleetIssue[], i: FleetIssue): void {
    if (list.length < MAX_PLAN_PROBLEMS) list.push(i);
    else if (list.length === MAX_PLAN_PROBLEMS) {
      list.push(issue(i.path, "plan/too-many-problems", `and more from here on; only the first ${MAX_PLAN_PROBLEMS} are reported: fix these and run again`));
    }
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

// Collects every problem found while planning, so all of them are reported together.
import { issue, type FleetIssue } from "../spec/issue.ts";

export class Problems {
  readonly errors: FleetIssue[] = [];
  readonly warnings: FleetIssue[] = [];

  error(path: string, code: string, message: string, input?: unknown): void {
    this.errors.push(issue(path, code, message, input));
  }

  warn(path: string, code: string, message: string, input?: unknown): void {
    this.warnings.push(issue(path, code, message, input));
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

// Errors the CLI reports as a message and an exit code, never a stack trace.
import { formatIssues, type FleetIssue } from "../spec/issue.ts";

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70 } as const;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.invalid) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export class InvalidSpecError extends CliError {
  readonly issues: readonly FleetIssue[];
  constructor(source: string, issues: readonly FleetIssue[]) {
    super(`${source}: ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${formatIssues(issues)}`, EXIT.invalid);
    this.issues = issues;
  }
}

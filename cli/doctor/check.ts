/**
 * One line of the doctor's table. `required` checks decide the exit code; advisory ones
 * (`warn`, `skipped`) only inform.
 */
export type Status = 'ok' | 'missing' | 'wrong version' | 'invalid' | 'unreachable' | 'warn' | 'skipped';

export interface Check {
  /** What is checked: a tool, a variable, a file. */
  readonly name: string;
  /** Which environments need it: "all" or a comma-separated list. */
  readonly neededBy: string;
  readonly status: Status;
  /** What was found; never a secret value, only presence and length. */
  readonly found: string;
  /** How to get it, when the status is not ok. */
  readonly fix?: string;
}

/** Statuses that make the run fail. */
export const FAILING: ReadonlySet<Status> = new Set<Status>(['missing', 'wrong version', 'invalid', 'unreachable']);

export function failed(check: Check): boolean {
  return FAILING.has(check.status);
}

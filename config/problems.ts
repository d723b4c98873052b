/** One thing wrong with the input: where it is, what was there, and which rule it breaks. */
export interface Problem {
  /** File the value comes from, relative to the working directory. */
  readonly file: string;
  /** 1-based line of the value in that file, when known. */
  readonly line?: number;
  /** Dotted field path, e.g. clusters.oke-dev.network.podCidr. */
  readonly path: string;
  /** The offending value (undefined when the field is missing). */
  readonly value?: unknown;
  /** Short rule id, stable across releases, e.g. cidr-overlap. */
  readonly rule: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Thrown for bad input: carries every problem found, never a partial list. */
export class ConfigError extends Error {
  /** `warnings`: findings of warning rules found on the way (reported, not the reason for the error). */
  constructor(
    readonly problems: readonly Problem[],
    readonly warnings: readonly Problem[] = [],
  ) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the environment files`);
    this.name = 'ConfigError';
  }
}

function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.path || '(file)'}: ${problem.message} [rule ${problem.rule}, value ${showValue(problem.value)}]`;
}

export function formatProblems(problems: readonly Problem[]): string {
  const sorted = [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path),
  );
  return sorted.map(formatProblem).join('\n');
}

/** Path segments to the dotted form used in messages (array indexes in brackets). */
export function joinPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

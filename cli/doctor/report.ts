import { failed, type Check } from './check';

const HEADERS = ['STATUS', 'CHECK', 'FOR', 'FOUND', 'FIX'] as const;

/** The checks as an aligned table, one line each; the fix column is last and not padded. */
export function formatTable(checks: readonly Check[]): string {
  const rows = checks.map((c) => [c.status, c.name, c.neededBy, c.found, c.status === 'ok' ? '' : (c.fix ?? '')]);
  const all = [[...HEADERS] as string[], ...rows];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

export function summary(checks: readonly Check[]): string {
  const failing = checks.filter(failed);
  const warnings = checks.filter((c) => c.status === 'warn').length;
  const note = warnings === 0 ? '' : warnings === 1 ? ' (the warning does not fail the run)' : ` (${warnings} warnings do not fail the run)`;
  if (failing.length === 0) return `everything the selected environments need is here${note}`;
  return `${failing.length} of ${checks.length} checks failed: ${failing.map((c) => c.name).join(', ')}${note}`;
}

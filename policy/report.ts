/** How findings are printed: `npm run check` and `npm run check:manifests` share this format. */
import { isFailure, summarize } from './index';
import type { Finding } from './types';

/** One finding: `  [rule] severity: message` and `      resource: <resource>`. */
export function formatFinding(f: Finding): string {
  return `  [${f.rule}] ${f.severity}: ${f.message}\n      resource: ${f.resource}`;
}

/** Columns padded to one width; from `rightAlignedFrom` (default the third, the counts) right-aligned, the others left-aligned. */
export function table(rows: string[][], rightAlignedFrom = 2): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i >= rightAlignedFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** The summary table (rule, severity, count, waived) of the rules `include` keeps (default: every rule). */
export function summaryTable(findings: readonly Finding[], include: (rule: string) => boolean = () => true): string {
  const rows = summarize(findings).filter((r) => include(r.rule)).map((r) => [r.rule, r.severity, String(r.count), String(r.waived)]);
  return table([['rule', 'severity', 'count', 'waived'], ...rows]);
}

/** The last line's verdict: `passed: 0 error(s), 2 warning(s), 5 waived` (or `FAILED: ...`). */
export function verdict(findings: readonly Finding[]): string {
  const errors = findings.filter(isFailure).length;
  const warnings = findings.filter((f) => f.severity === 'warning' && !f.waived).length;
  const waived = findings.filter((f) => f.waived).length;
  return `${errors > 0 ? 'FAILED' : 'passed'}: ${errors} error(s), ${warnings} warning(s), ${waived} waived`;
}

/** Sections `errors (n):`, `warnings (n):` and `waived (n):` (grouped by reason), each followed by an empty line; none when empty. */
export function findingSections(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const errors = findings.filter(isFailure);
  const warnings = findings.filter((f) => f.severity === 'warning' && !f.waived);
  const waived = findings.filter((f) => f.waived);
  if (errors.length > 0) out.push(`errors (${errors.length}):`, ...errors.map(formatFinding), '');
  if (warnings.length > 0) out.push(`warnings (${warnings.length}):`, ...warnings.map(formatFinding), '');
  if (waived.length > 0) {
    // Grouped by waiver reason, one line per finding: the reason is long, the resources are not.
    out.push(`waived (${waived.length}):`);
    const byReason = new Map<string, Finding[]>();
    for (const f of waived) byReason.set(f.waived!.reason, [...(byReason.get(f.waived!.reason) ?? []), f]);
    for (const [reason, list] of byReason) {
      out.push(`  waived: ${reason}`);
      for (const f of list) out.push(`    [${f.rule}] ${f.resource}`);
    }
    out.push('');
  }
  return out;
}

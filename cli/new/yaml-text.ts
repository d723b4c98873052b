import { stringify } from 'yaml';

/** A block-style YAML mapping entry with comment lines above it (and an optional trailing comment). */
export interface Entry {
  readonly key: string;
  readonly value: string | number | boolean | readonly Entry[];
  /** Comment lines written above the key, without the leading "# ". */
  readonly comment?: readonly string[];
  /** Comment after the value on the same line. */
  readonly trailing?: string;
}

function scalar(value: string | number | boolean): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** Renders entries as block YAML, `indent` spaces deep, two spaces per level. */
export function renderEntries(entries: readonly Entry[], indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const entry of entries) {
    for (const line of entry.comment ?? []) lines.push(`${pad}#${line ? ` ${line}` : ''}`);
    const key = scalar(entry.key);
    if (Array.isArray(entry.value)) {
      lines.push(`${pad}${key}:${entry.trailing ? ` # ${entry.trailing}` : ''}`);
      lines.push(...renderEntries(entry.value as readonly Entry[], indent + 2));
    } else {
      lines.push(`${pad}${key}: ${scalar(entry.value as string | number | boolean)}${entry.trailing ? ` # ${entry.trailing}` : ''}`);
    }
  }
  return lines;
}

import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parse, parseDocument, Scalar, type Pair, type YAMLMap } from 'yaml';

type Range = [number, number, number];

/** A string as YAML writes it where `style` was: plain when it reads back as the same string, else double-quoted. */
function renderScalar(value: string, style?: Scalar.Type): string {
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  try {
    if (parse(`k: ${value}`)?.k === value && !/[#{}[\],&*!|>'"%@`]/.test(value[0] ?? '') && !value.includes(' #')) return value;
  } catch {
    // falls through to quoting
  }
  return JSON.stringify(value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line holding `offset - 1` (where a new line goes after a node ending there). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** The keys below an existing map, as block lines at `indent` (the last two as a flow map when `flowLeaf`). */
function blockLines(keys: readonly string[], value: string, indent: string, flowLeaf: boolean): string[] {
  const [key, ...rest] = keys;
  if (rest.length === 0) return [`${indent}${key}: ${renderScalar(value)}`];
  if (rest.length === 1 && flowLeaf) return [`${indent}${key}: { ${rest[0]}: ${renderScalar(value)} }`];
  return [`${indent}${key}:`, ...blockLines(rest, value, `${indent}  `, flowLeaf)];
}

/** The keys below an existing flow map, inline. */
function flowText(keys: readonly string[], value: string): string {
  const [key, ...rest] = keys;
  return rest.length === 0 ? `${key}: ${renderScalar(value)}` : `${key}: { ${flowText(rest, value)} }`;
}

export interface SetOptions {
  /** A new `key: { leaf: value }` is written as a flow map (components, tenant services). @default false */
  readonly flowLeaf?: boolean;
  /** Top-level key a new top-level key is written before (`clusters`). @default the end of the file */
  readonly before?: string;
}

/**
 * Sets the string at `path` in YAML `text`, changing nothing else: an existing scalar is replaced
 * in place (its quoting kept), a missing one is written as new lines in the nearest existing map
 * (at its items' indentation), or inline in a flow map. Comments and formatting elsewhere stay
 * byte for byte. The result is parsed again and must equal the old data with that one value set,
 * or this throws.
 */
export function setIn(text: string, path: readonly string[], value: string, options: SetOptions = {}): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]!.message}`);
  let result: string;
  const existing = doc.getIn(path, true);
  if (existing !== undefined) {
    if (!isScalar(existing) || !existing.range) throw new Error(`${path.join('.')} is not a scalar`);
    const range = existing.range as Range;
    result = text.slice(0, range[0]) + renderScalar(value, existing.type) + text.slice(range[1]);
  } else {
    let depth = path.length - 1;
    while (depth > 0 && doc.getIn(path.slice(0, depth), true) === undefined) depth--;
    const parent = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (!isMap(parent) || !parent.range) throw new Error(`${path.slice(0, depth).join('.') || 'the file'} is not a mapping`);
    const map = parent as YAMLMap;
    const keys = path.slice(depth);
    const range = map.range as Range;
    if (map.flow) {
      // `{ a: 1 }` -> `{ a: 1, b: 2 }`; `{}` -> `{ b: 2 }`.
      const close = text.lastIndexOf('}', range[1]);
      let at = close;
      while (at > range[0] && /\s/.test(text[at - 1]!)) at--;
      const inner = flowText(keys, value);
      result = map.items.length === 0 ? `${text.slice(0, range[0])}{ ${inner} }${text.slice(close + 1)}` : `${text.slice(0, at)}, ${inner}${text.slice(at)}`;
    } else {
      const first = map.items[0]?.key as { range?: Range } | undefined;
      const indent = first?.range ? ' '.repeat(first.range[0] - lineStart(text, first.range[0])) : '';
      const lines = `${blockLines(keys, value, indent, options.flowLeaf ?? false).join('\n')}\n`;
      // A new scalar goes first in its map (`loki:\n  version: x\n  enabled: true`, where Renovate's
      // managers look for it); a new map goes last, or before `options.before` at the top level.
      const before = depth === 0 && options.before !== undefined ? map.items.find((p: Pair) => isScalar(p.key) && p.key.value === options.before) : undefined;
      const beforeKey = (keys.length === 1 && depth > 0 ? map.items[0] : before)?.key as { range?: Range } | undefined;
      const at = beforeKey?.range ? lineStart(text, beforeKey.range[0]) : afterLine(text, range[1]);
      const prefix = text.slice(0, at);
      result = `${prefix}${prefix === '' || prefix.endsWith('\n') ? '' : '\n'}${lines}${text.slice(at)}`;
    }
  }
  const expected = parseDocument(text);
  expected.setIn(path, value);
  if (!isDeepStrictEqual(parse(result), expected.toJS())) throw new Error(`editing ${path.join('.')} would change more than that value; edit the file by hand`);
  return result;
}

import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { renderEntries, type Entry } from './yaml-text';

/** The plain data an entry stands for, to check the edited file parses to exactly what was meant. */
export function entryData(entries: readonly Entry[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((e) => [e.key, Array.isArray(e.value) ? entryData(e.value as readonly Entry[]) : e.value]));
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Adds `entry` under the top-level `clusters:` map of an environment file. The file's own bytes
 * are kept as they are (comments, flow maps, quoting): the entry is inserted as text after the
 * last cluster, at the indentation the other clusters use. The result is parsed again and must
 * equal the old data plus the entry, or this throws.
 */
export function addCluster(text: string, entry: Entry): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the file is not valid YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('the file is not a YAML mapping');
  const pair = (doc.contents as YAMLMap).items.find((p: Pair) => isScalar(p.key) && p.key.value === 'clusters') as Pair | undefined;
  if (!pair || !isScalar(pair.key) || !pair.key.range) throw new Error('the file has no clusters: key');

  let result: string;
  const value = pair.value;
  if (isMap(value) && !value.flow && value.items.length > 0 && value.range) {
    const first = value.items[0]!.key as { range?: [number, number, number] };
    const indent = first.range ? first.range[0] - lineStart(text, first.range[0]) : 2;
    let at = value.range[1];
    if (at > 0 && text[at - 1] !== '\n') {
      const newline = text.indexOf('\n', at);
      at = newline === -1 ? text.length : newline + 1;
    }
    const prefix = text.slice(0, at) + (at > 0 && !text.slice(0, at).endsWith('\n') ? '\n' : '');
    result = `${prefix}${renderEntries([entry], indent).join('\n')}\n${text.slice(at)}`;
  } else if (value === null || value === undefined || (isScalar(value) && value.value === null) || (isMap(value) && value.items.length === 0)) {
    // `clusters:` or `clusters: {}`: the entry becomes the map's first item, two spaces in.
    const keyEnd = pair.key.range[1];
    const lineEnd = text.indexOf('\n', keyEnd);
    const end = lineEnd === -1 ? text.length : lineEnd;
    const rest = text.slice(keyEnd, end).replace(/^\s*:\s*(\{\s*\}|null|~)?/, '');
    result = `${text.slice(0, keyEnd)}:${rest.trimEnd() ? ` ${rest.trim()}` : ''}\n${renderEntries([entry], 2).join('\n')}\n${text.slice(lineEnd === -1 ? end : end + 1)}`;
  } else {
    // A flow map with clusters in it: let the YAML library rewrite the file (comments survive).
    if (isMap(value)) value.flow = false;
    doc.setIn(['clusters', entry.key], doc.createNode(entryData([entry])[entry.key]));
    result = doc.toString({ lineWidth: 0 });
  }

  const before = doc.toJS() as Record<string, unknown>;
  const after = parseDocument(result);
  const expected = { ...before, clusters: { ...((before.clusters as Record<string, unknown> | null) ?? {}), ...entryData([entry]) } };
  if (after.errors.length > 0 || !isDeepStrictEqual(after.toJS(), expected)) {
    throw new Error('inserting the cluster did not give the expected YAML; add it by hand');
  }
  return result;
}

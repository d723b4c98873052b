import type { ValueChange } from './types';

/** How lists are compared where position carries no meaning. */
export interface ValueDiffOptions {
  /**
   * True for lists that are sets (Terraform set-valued attributes and blocks): compared as
   * multisets, so reordering is no change. `keys` is the attribute path without list positions.
   */
  readonly isSet?: (keys: readonly string[]) => boolean;
  /**
   * Match list entries that all carry a unique `name` by that name (Kubernetes containers, env,
   * ports, volumes: strategic merge patches merge them by name, so their order is noise).
   */
  readonly matchByName?: boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `a.b`, `a["app.kubernetes.io/name"]`: keys that are not identifiers are quoted. */
export function joinKey(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function namedEntries(list: readonly unknown[]): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const entry of list) {
    if (!isPlainObject(entry) || typeof entry.name !== 'string' || byName.has(entry.name)) return undefined;
    byName.set(entry.name, entry);
  }
  return byName;
}

class Walker {
  readonly changes: ValueChange[] = [];
  constructor(private readonly options: ValueDiffOptions) {}

  walk(before: unknown, after: unknown, path: string, keys: readonly string[]): void {
    if (before === undefined && after === undefined) return;
    if (before === undefined) return void this.changes.push({ path, after });
    if (after === undefined) return void this.changes.push({ path, before });
    if (isPlainObject(before) && isPlainObject(after)) {
      const all = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      for (const key of all) this.walk(before[key], after[key], joinKey(path, key), [...keys, key]);
      return;
    }
    if (Array.isArray(before) && Array.isArray(after)) return this.walkList(before, after, path, keys);
    if (canonicalJson(before) !== canonicalJson(after)) this.changes.push({ path, before, after });
  }

  private walkList(before: unknown[], after: unknown[], path: string, keys: readonly string[]): void {
    if (keys.length > 0 && this.options.isSet?.(keys)) return this.walkSet(before, after, path);
    if (this.options.matchByName) {
      const a = namedEntries(before);
      const b = namedEntries(after);
      if (a && b && (a.size > 0 || b.size > 0)) {
        for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
          this.walk(a.get(name), b.get(name), `${path}[name=${name}]`, keys);
        }
        return;
      }
    }
    for (let i = 0; i < Math.max(before.length, after.length); i++) this.walk(before[i], after[i], `${path}[${i}]`, keys);
  }

  /** Set elements have no identity but their value: one change per element removed or added. */
  private walkSet(before: unknown[], after: unknown[], path: string): void {
    const count = new Map<string, number>();
    for (const element of after) count.set(canonicalJson(element), (count.get(canonicalJson(element)) ?? 0) + 1);
    const removed: [string, unknown][] = [];
    for (const element of before) {
      const key = canonicalJson(element);
      const left = count.get(key) ?? 0;
      if (left > 0) count.set(key, left - 1);
      else removed.push([key, element]);
    }
    const added: [string, unknown][] = [];
    const seen = new Map<string, number>();
    for (const element of after) {
      const key = canonicalJson(element);
      const used = seen.get(key) ?? 0;
      seen.set(key, used + 1);
      // The first `count` occurrences of each value are the ones not matched by `before`.
      if (used < (count.get(key) ?? 0)) added.push([key, element]);
    }
    const byKey = (x: [string, unknown], y: [string, unknown]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
    for (const [, element] of removed.sort(byKey)) this.changes.push({ path: `${path}[]`, before: element });
    for (const [, element] of added.sort(byKey)) this.changes.push({ path: `${path}[]`, after: element });
  }
}

/** Every changed leaf between two JSON values, in a stable order. */
export function diffValues(before: unknown, after: unknown, options: ValueDiffOptions = {}): ValueChange[] {
  const walker = new Walker(options);
  walker.walk(before, after, '', []);
  return walker.changes;
}

/** The attribute keys of a change path, without list positions: `rule[0].cidr` -> [rule, cidr]. */
export function pathKeys(path: string): string[] {
  const keys: string[] = [];
  const pattern = /\[("(?:[^"\\]|\\.)*")\]|\[[^\]]*\]|([^.[\]]+)/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) keys.push(JSON.parse(match[1]) as string);
    else if (match[2] !== undefined) keys.push(match[2]);
  }
  return keys;
}

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
  /**
   * Match list entries by identity, for configuration files whose lists are keyed (kustomization
   * `resources` and `patches`, `.sops.yaml` `creation_rules`, lists of stacks): entries that all
   * carry a unique identity ({@link IDENTITY_KEYS}, or a kustomize patch's `target`) are matched by
   * it (`creation_rules[path_regex=...]`), lists of unique strings by the string (`resources[]`), so
   * an insertion reads as one entry added rather than as a rewrite of every later index. A changed
   * order of the entries both sides share is one change at the list's path (`(order)`): for
   * creation_rules the first match wins, so order is meaning.
   */
  readonly matchByIdentity?: boolean;
}

/** Keys that identify an entry of a configuration list, in order of preference. */
export const IDENTITY_KEYS = ['name', 'path_regex', 'path', 'id'] as const;

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

/** The identity of each entry (`key=value`), or undefined when the entries have no common unique identity. */
function identities(list: readonly unknown[]): string[] | undefined {
  if (list.length === 0) return [];
  if (list.every((e) => typeof e === 'string')) return new Set(list).size === list.length ? (list as string[]) : undefined;
  if (!list.every(isPlainObject)) return undefined;
  const entries = list as Record<string, unknown>[];
  const unique = (ids: (string | undefined)[]) => (ids.every((id) => id !== undefined) && new Set(ids).size === ids.length ? (ids as string[]) : undefined);
  for (const key of IDENTITY_KEYS) {
    const ids = unique(entries.map((e) => (typeof e[key] === 'string' || typeof e[key] === 'number' ? `${key}=${String(e[key])}` : undefined)));
    if (ids) return ids;
  }
  // Inline kustomize patches: by target (kind/name), when no two share one.
  return unique(entries.map((e) => (isPlainObject(e.target) ? `target=${[e.target.kind, e.target.namespace, e.target.name].filter((x) => typeof x === 'string').join('/')}` : undefined)));
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
    if (this.options.matchByIdentity) {
      const a = identities(before);
      const b = identities(after);
      // Strings and keyed entries cannot be matched with each other: by index then.
      if (a && b && (a.length === 0 || b.length === 0 || typeof before[0] === typeof after[0])) return this.walkIdentified(before, after, a, b, path, keys);
    }
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

  private walkIdentified(before: unknown[], after: unknown[], a: string[], b: string[], path: string, keys: readonly string[]): void {
    const strings = [...before, ...after].every((e) => typeof e === 'string');
    const inB = new Set(b);
    const inA = new Set(a);
    const sharedBefore = a.filter((id) => inB.has(id));
    const sharedAfter = b.filter((id) => inA.has(id));
    if (sharedBefore.join('\0') !== sharedAfter.join('\0')) {
      this.changes.push({ path: `${path} (order)`, before: sharedBefore, after: sharedAfter });
    }
    if (strings) {
      a.forEach((id) => inB.has(id) || this.changes.push({ path: `${path}[]`, before: id }));
      b.forEach((id) => inA.has(id) || this.changes.push({ path: `${path}[]`, after: id }));
      return;
    }
    const byId = (list: unknown[], ids: string[]) => new Map(ids.map((id, i) => [id, list[i]]));
    const x = byId(before, a);
    const y = byId(after, b);
    // Base order first, then what the head adds, in its order.
    for (const id of [...a, ...b.filter((id) => !inA.has(id))]) this.walk(x.get(id), y.get(id), `${path}[${id}]`, keys);
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

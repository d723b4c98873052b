/**
 * Which environment file set a HelmRelease value: every leaf under `components.<c>.values` in
 * environments/defaults.yaml (`cluster.`), an environment's `clusterDefaults.` and its
 * `clusters.<name>.`, with file, line and path. When a release fails to render or renders invalid
 * objects, {@link blameConfigValues} re-renders it without each config value in turn and names the
 * ones whose removal makes the failure go away.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { JsonObject } from './types';

/** One value an environment file sets inside a component's `values:`. */
export interface ConfigValue {
  /** Environment file, relative to the repository root. */
  readonly file: string;
  readonly line?: number;
  /** Dotted path in the file: `clusters.hcloud-staging.components.kube-prometheus-stack.values.grafana.replicas`. */
  readonly path: string;
  readonly component: string;
  /** Path inside the component's values. */
  readonly valuePath: readonly string[];
  readonly value: unknown;
  /** The clusters it reaches: `*` (every cluster), an environment's `env:<name>`, or a cluster name. */
  readonly scope: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf (a non-map value, or an empty map) of nested maps, with its path. */
export function leaves(value: unknown, path: string[], out: { path: string[]; value: unknown }[]): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else {
    out.push({ path, value });
  }
}

function collect(doc: Document.Parsed, lines: LineCounter, file: string, prefix: string[], scope: string, out: ConfigValue[]): void {
  const components = doc.getIn([...prefix, 'components']) as unknown;
  const data = (components && typeof (components as { toJSON?: unknown }).toJSON === 'function' ? (components as { toJSON(): unknown }).toJSON() : undefined) as unknown;
  if (!isObject(data)) return;
  for (const [component, entry] of Object.entries(data)) {
    if (!isObject(entry) || !isObject(entry.values)) continue;
    const found: { path: string[]; value: unknown }[] = [];
    leaves(entry.values, [], found);
    for (const leaf of found) {
      const full = [...prefix, 'components', component, 'values', ...leaf.path];
      const node = doc.getIn(full, true) as { range?: [number, number, number] } | undefined;
      out.push({
        file,
        ...(node?.range ? { line: lines.linePos(node.range[0]).line } : {}),
        path: full.join('.'),
        component,
        valuePath: leaf.path,
        value: leaf.value,
        scope,
      });
    }
  }
}

/** Every component value the environment files set. */
export function configValues(environmentsDir: string, relativeTo: string): ConfigValue[] {
  const out: ConfigValue[] = [];
  for (const name of readdirSync(environmentsDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const full = join(environmentsDir, name);
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(full, 'utf8'), { lineCounter: lines });
    if (doc.errors.length > 0) continue;
    const file = relative(relativeTo, full);
    if (name === 'defaults.yaml') {
      collect(doc, lines, file, ['cluster'], '*', out);
      continue;
    }
    const envName = String(doc.get('name') ?? name.replace(/\.yaml$/, ''));
    collect(doc, lines, file, ['clusterDefaults'], `env:${envName}`, out);
    const clusters = doc.get('clusters') as { items?: { key: unknown }[] } | undefined;
    for (const item of clusters?.items ?? []) {
      const key = String((item.key as { value?: unknown })?.value ?? item.key);
      collect(doc, lines, file, ['clusters', key], key, out);
    }
  }
  return out;
}

/** The value at `path` inside nested maps, or undefined. */
export function getIn(values: unknown, path: readonly string[]): unknown {
  let current = values;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `values` without the key at `path` (unchanged when it is not there). */
export function withoutPath(values: JsonObject, path: readonly string[]): JsonObject {
  if (path.length === 0) return values;
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in values)) return values;
  const copy = { ...values };
  if (rest.length === 0) delete copy[head];
  else if (isObject(copy[head])) copy[head] = withoutPath(copy[head], rest);
  return copy;
}

/** Whether config value `v` reaches `cluster` (of `environment`) and release `release`. */
export function reaches(v: ConfigValue, cluster: string, environment: string, release: string): boolean {
  const scoped = v.scope === '*' || v.scope === `env:${environment}` || v.scope === cluster;
  const component = release === v.component || release.startsWith(`${v.component}-`) || (v.component === 'istio' && release === 'istiod');
  return scoped && component;
}

/**
 * The config values behind a failure: those reaching this release whose value is in its merged
 * values and without which `stillFails` says the failure is gone. Tries at most `limit` values.
 */
export async function blameConfigValues(
  candidates: readonly ConfigValue[],
  values: JsonObject,
  stillFails: (values: JsonObject) => Promise<boolean>,
  limit = 24,
): Promise<ConfigValue[]> {
  const present = candidates.filter((c) => JSON.stringify(getIn(values, c.valuePath)) === JSON.stringify(c.value)).slice(0, limit);
  const blamed: ConfigValue[] = [];
  for (const c of present) {
    if (!(await stillFails(withoutPath(values, c.valuePath)))) blamed.push(c);
  }
  return blamed;
}

export function describeConfigValue(v: ConfigValue): string {
  return `${v.file}${v.line ? `:${v.line}` : ''} ${v.path} = ${JSON.stringify(v.value)}`;
}

/**
 * Reads a packaged chart (`.tgz`) without helm: its files, its default values (subcharts' defaults
 * nested under their name or alias, as Helm coalesces them) and the values paths its templates
 * read. Used by the unread-values judge; cached per archive.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadAll } from 'js-yaml';
import type { JsonObject } from './types';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A YAML file's first document, `{}` when the file is empty or only comments. */
function loadYaml(text: string | undefined): JsonObject {
  if (!text || text.trim() === '') return {};
  try {
    const value = loadAll(text)[0];
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

/** Regular files of a tar archive (ustar, pax and GNU long names), by path. */
export function untar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(cString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = cString(header, 345, 155);
    let name = cString(header, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      if (path) longName = path;
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === '0' || type === '\0') files.set(longName ?? name, Buffer.from(body));
    longName = undefined;
  }
  return files;
}

export interface ChartArchive {
  /** Chart root folder name inside the archive. */
  readonly root: string;
  readonly files: ReadonlyMap<string, string>;
  /** values.yaml of the chart with its subcharts' defaults under their names, as Helm coalesces them. */
  readonly defaults: JsonObject;
  /**
   * Values paths the templates read, as prefixes: `['grafana', 'ini']` means everything under
   * grafana.ini counts as read. An empty path means the chart hands its whole values on.
   */
  readonly reads: readonly (readonly string[])[];
}

const cache = new Map<string, ChartArchive>();

/**
 * The values paths a template's actions (`{{ ... }}`, comments left out) read. `.Values.a.b`,
 * `index .Values "a" "b"`, `hasKey .Values "a"` and `dig "a" "b" x .Values` read those keys;
 * `(dict "Values" .Values ...)` hands values to a helper whose own `.Values.x` reads count; any other
 * bare `.Values` (deepCopy, toYaml, passed as an argument) reads everything (the empty path).
 */
export function valueReferences(template: string): string[][] {
  const out: string[][] = [];
  const actions = [...template.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)].map((m) => m[1]!).filter((a) => !/^\s*\/\*/.test(a));
  for (const action of actions) {
    let rest = action;
    const take = (re: RegExp, paths: (m: RegExpMatchArray) => string[]) => {
      for (const m of rest.matchAll(re)) out.push(paths(m));
      rest = rest.replace(re, ' ');
    };
    const keys = (quoted: string | undefined) => [...(quoted ?? '').matchAll(/"([^"]*)"/g)].map((k) => k[1]!);
    const dotted = (path: string | undefined) => (path ?? '').split('.').filter(Boolean);
    take(/index\s+\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)((?:\s+"[^"]*")+)/g, (m) => [...dotted(m[1]), ...keys(m[2])]);
    take(/hasKey\s+\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s+"([^"]*)"/g, (m) => [...dotted(m[1]), m[2]!]);
    take(/dig((?:\s+"[^"]*")+)\s+\S+\s+\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)/g, (m) => [...dotted(m[2]), ...keys(m[1])]);
    rest = rest.replace(/"Values"\s+\$?\.Values(?![.A-Za-z_])/g, ' ');
    take(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)/g, (m) => dotted(m[1]));
  }
  return out;
}

/** `<root>/charts/<sub>/charts/<subsub>/templates/x.yaml` -> prefix [alias(sub), subsub], rest [templates, x.yaml]. */
function subchartPath(root: string, path: string, aliases: ReadonlyMap<string, string>): { prefix: string[]; rest: string[] } | undefined {
  const parts = path.split('/');
  if (parts[0] !== root) return undefined;
  const prefix: string[] = [];
  let i = 1;
  while (parts[i] === 'charts' && parts.length > i + 2) {
    const name = parts[i + 1]!;
    prefix.push(prefix.length === 0 ? (aliases.get(name) ?? name) : name);
    i += 2;
  }
  return { prefix, rest: parts.slice(i) };
}

/** Opens (and caches) a chart archive. */
export function openChart(archive: string): ChartArchive {
  const known = cache.get(archive);
  if (known) return known;
  const raw = untar(gunzipSync(readFileSync(archive)));
  const files = new Map<string, string>();
  for (const [path, body] of raw) files.set(path, body.toString('utf8'));
  const root = [...files.keys()][0]?.split('/')[0] ?? '';
  const chartYaml = loadYaml(files.get(`${root}/Chart.yaml`));
  const aliases = new Map<string, string>();
  for (const dep of Array.isArray(chartYaml.dependencies) ? chartYaml.dependencies.filter(isObject) : []) {
    if (typeof dep.alias === 'string') aliases.set(String(dep.name), dep.alias);
  }
  let defaults = loadYaml(files.get(`${root}/values.yaml`));
  const reads: string[][] = [];
  for (const [path, text] of files) {
    const where = subchartPath(root, path, aliases);
    if (!where) continue;
    const { prefix, rest } = where;
    // NOTES.txt is printed by helm install, never applied.
    if (rest[0] === 'templates' && /\.(ya?ml|tpl|txt|json)$/.test(path) && !path.endsWith('NOTES.txt')) {
      // A subchart's `.Values.global.x` is the parent's `global.x`.
      for (const ref of valueReferences(text)) reads.push(ref[0] === 'global' ? ref : [...prefix, ...ref]);
    }
    if (rest.length === 1 && rest[0] === 'values.yaml' && prefix.length > 0) {
      let sub = loadYaml(text);
      for (const key of [...prefix].reverse()) sub = { [key]: sub };
      defaults = coalesce(defaults, sub);
    }
  }
  const chart: ChartArchive = { root, files, defaults, reads };
  cache.set(archive, chart);
  return chart;
}

/** Parent values win over subchart defaults (Helm's coalescing). */
function coalesce(parent: JsonObject, sub: JsonObject): JsonObject {
  const out: JsonObject = { ...sub };
  for (const [k, v] of Object.entries(parent)) out[k] = isObject(v) && isObject(out[k]) ? coalesce(v, out[k] as JsonObject) : v;
  return out;
}

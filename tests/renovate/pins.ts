import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isPair, isScalar, parseDocument, visit } from 'yaml';

/** One pinned version in the repository: where it is and what it says. */
export interface Pin {
  /** Path relative to the repository root, with forward slashes. */
  readonly file: string;
  /** What kind of pin, for messages. */
  readonly kind: string;
  /** The version text Renovate must capture as currentValue (or currentDigest). */
  readonly version: string;
  /** Offset of `version` in the file. */
  readonly offset: number;
  /** 1-based line, for messages. */
  readonly line: number;
}

/** The subset of a Renovate regex custom manager the tests read. */
export interface CustomManager {
  readonly customType: string;
  readonly description?: string;
  readonly managerFilePatterns?: readonly string[];
  readonly fileMatch?: readonly string[];
  readonly matchStrings: readonly string[];
  readonly depNameTemplate?: string;
  readonly packageNameTemplate?: string;
  readonly datasourceTemplate?: string;
  readonly registryUrlTemplate?: string;
  readonly versioningTemplate?: string;
}

/** A dependency a manager extracts, with its templates filled in from the match's groups. */
export interface Extracted {
  readonly manager: CustomManager;
  readonly depName?: string;
  readonly datasource?: string;
  readonly registryUrl?: string;
  readonly currentValue?: string;
  readonly currentDigest?: string;
  /** Offsets in the file of currentValue and currentDigest. */
  readonly spans: readonly [number, number][];
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const VERSION_KEYS = new Set(['version', 'k3sVersion', 'kubernetesVersion']);

/** `version:`, `k3sVersion:`, `kubernetesVersion:` and `image:` values of one YAML file. */
export function yamlPins(file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  const doc = parseDocument(text);
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value) || !pair.value.range) return;
      const key = String(pair.key.value);
      const value = String(pair.value.value);
      // Offset of the value's text (inside quotes when quoted).
      const start = pair.value.range[0] + (pair.value.type === 'QUOTE_DOUBLE' || pair.value.type === 'QUOTE_SINGLE' ? 1 : 0);
      if (VERSION_KEYS.has(key)) {
        pins.push({ file, kind: key, version: value, offset: start, line: lineAt(text, start) });
      } else if (key === 'image') {
        // registry/name:tag[@sha256:digest]: the tag is the pin (the digest when there is no tag).
        const match = /^(?:[^/]+\/)+[^:@/]+(?::([A-Za-z0-9._-]+))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(value);
        if (!match) return;
        const version = match[1] ?? match[2]!;
        const offset = start + value.indexOf(version, value.lastIndexOf('/'));
        pins.push({ file, kind: 'image', version, offset, line: lineAt(text, offset) });
      }
    },
  });
  return pins;
}

/** `owner/name@constraint` entries of cdktf.json's terraformProviders. */
export function cdktfPins(file: string, text: string): Pin[] {
  const config = JSON.parse(text) as { terraformProviders?: string[] };
  return (config.terraformProviders ?? []).flatMap((entry) => {
    const at = entry.indexOf('@');
    if (at < 0) return [];
    const version = entry.slice(at + 1);
    const offset = text.indexOf(`"${entry}"`) + 1 + at + 1;
    return [{ file, kind: 'terraform provider', version, offset, line: lineAt(text, offset) }];
  });
}

/** Versions inside the CRD URLs cdk8s.yaml imports (a path segment such as v1.7.4). */
export function urlPins(file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const match of text.matchAll(/https:\/\/\S+/g)) {
    const url = match[0];
    const segment = /\/(v?\d+\.\d+\.\d+[^/\s]*)\//.exec(url);
    if (!segment) continue;
    const offset = match.index! + segment.index + 1;
    pins.push({ file, kind: 'URL', version: segment[1]!, offset, line: lineAt(text, offset) });
  }
  return pins;
}

/** `version: '1.2.3'` literals in TypeScript source (chart pins written in code). */
export function sourcePins(file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  for (const match of text.matchAll(/\bversion:\s*(['"`])(v?\d+\.\d+\.\d+[^'"`]*)\1/g)) {
    const offset = match.index! + match[0].indexOf(match[2]!);
    pins.push({ file, kind: 'source literal', version: match[2]!, offset, line: lineAt(text, offset) });
  }
  return pins;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...tsFiles(path));
    else if (entry.endsWith('.ts')) files.push(path);
  }
  return files;
}

/** Every pinned version the repository holds outside package.json (which Renovate's npm manager reads). */
export function repositoryPins(root: string): { pins: Pin[]; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  const pins: Pin[] = [];
  const read = (file: string) => {
    const text = readFileSync(join(root, file), 'utf8');
    texts.set(file, text);
    return text;
  };
  for (const name of readdirSync(join(root, 'environments')).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = `environments/${name}`;
    pins.push(...yamlPins(file, read(file)));
  }
  pins.push(...cdktfPins('cdktf.json', read('cdktf.json')));
  pins.push(...urlPins('cdk8s.yaml', read('cdk8s.yaml')));
  for (const dir of ['charts', 'constructs']) {
    for (const path of tsFiles(join(root, dir))) {
      const file = relative(root, path).split('\\').join('/');
      pins.push(...sourcePins(file, read(file)));
    }
  }
  return { pins, texts };
}

/** Does a managerFilePatterns / fileMatch entry select `file`? Only the /regex/ form is used here. */
export function selects(manager: CustomManager, file: string): boolean {
  const patterns = manager.managerFilePatterns ?? manager.fileMatch ?? [];
  return patterns.some((pattern) => {
    const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
    if (!regex) throw new Error(`managerFilePatterns entry ${pattern} is not a /regex/; use the regex form so tests can apply it`);
    return new RegExp(regex[1]!, regex[2]).test(file);
  });
}

/** Fills `{{name}}` / `{{{name}}}` from the match's groups (the part of Handlebars the managers use). */
export function fill(template: string | undefined, groups: Record<string, string | undefined>): string | undefined {
  if (template === undefined) return undefined;
  return template.replace(/\{\{\{?\s*([A-Za-z0-9_]+)\s*\}?\}\}/g, (_, name: string) => groups[name] ?? '');
}

/**
 * Applies a manager to a file the way Renovate does: each matchString as a global regex over the
 * whole content (Renovate's RE2 takes the same `(?<name>...)` groups JS does).
 */
export function extract(manager: CustomManager, text: string): Extracted[] {
  const results: Extracted[] = [];
  for (const source of manager.matchStrings) {
    const regex = new RegExp(source, 'gd');
    for (const match of text.matchAll(regex)) {
      const groups = { ...(match.groups ?? {}) } as Record<string, string | undefined>;
      const indices = (match as RegExpMatchArray & { indices?: { groups?: Record<string, [number, number] | undefined> } }).indices?.groups ?? {};
      const spans = (['currentValue', 'currentDigest'] as const).map((g) => indices[g]).filter((s): s is [number, number] => s !== undefined);
      results.push({
        manager,
        depName: fill(manager.depNameTemplate, groups) ?? groups.depName,
        datasource: fill(manager.datasourceTemplate, groups) ?? groups.datasource,
        registryUrl: fill(manager.registryUrlTemplate, groups) ?? groups.registryUrl,
        currentValue: groups.currentValue,
        currentDigest: groups.currentDigest,
        spans,
      });
    }
  }
  return results;
}

/** The extractions that capture exactly this pin. */
export function covering(pin: Pin, managers: readonly CustomManager[], text: string): Extracted[] {
  return managers
    .filter((m) => selects(m, pin.file))
    .flatMap((m) => extract(m, text))
    .filter((e) => e.spans.some(([start, end]) => start === pin.offset && end === pin.offset + pin.version.length));
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
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
  readonly depTypeTemplate?: string;
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

/** An exact version as a whole string: 1.2.3, v1.2.3, 1.2.3-rc.1, v1.34.1+k3s1. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/** A container image reference with at least one `/`: registry/path/name[:tag][@sha256:digest]. */
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9.-]*(?::\d+)?(?:\/[a-z0-9._-]+)+(?::([A-Za-z0-9_][A-Za-z0-9._-]*))?(?:@(sha256:[a-f0-9]{64}))?$/;

/**
 * Pins in TypeScript or JavaScript source: every string literal (quotes or a template without
 * substitutions) whose whole text is an exact version (a chart, k3s or tool version constant) or an
 * image reference with a tag or digest. Comments and versions inside longer strings (messages,
 * examples) are not pins. The TypeScript parser finds the literals, so quotes in comments cannot
 * confuse it.
 */
export function codePins(file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const value = node.text;
      const start = node.getStart(source) + 1;
      // Escapes would shift offsets; a pin never contains one.
      if (text.slice(start, start + value.length) === value) {
        const image = EXACT_VERSION.test(value) ? undefined : IMAGE_REFERENCE.exec(value);
        if (EXACT_VERSION.test(value)) {
          pins.push({ file, kind: 'version literal', version: value, offset: start, line: lineAt(text, start) });
        } else if (image && (image[1] !== undefined || image[2] !== undefined)) {
          const version = image[1] ?? image[2]!;
          const offset = start + value.indexOf(image[1] !== undefined ? `:${version}` : version, value.lastIndexOf('/')) + (image[1] !== undefined ? 1 : 0);
          pins.push({ file, kind: 'image', version, offset, line: lineAt(text, offset) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return pins;
}

/** Exact tool versions in GitHub workflows (`terraform_version: 1.11.4`); `uses:` refs are Renovate's built-in github-actions manager's. */
export function workflowPins(file: string, text: string): Pin[] {
  const pins: Pin[] = [];
  visit(parseDocument(text), {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value) || !pair.value.range) return;
      const value = String(pair.value.value);
      if (!/(^|[_-])version$/i.test(String(pair.key.value)) || !EXACT_VERSION.test(value)) return;
      const start = pair.value.range[0] + (pair.value.type === 'QUOTE_DOUBLE' || pair.value.type === 'QUOTE_SINGLE' ? 1 : 0);
      pins.push({ file, kind: 'tool version', version: value, offset: start, line: lineAt(text, start) });
    },
  });
  return pins;
}

/** A step's `uses:` in a workflow: the action, the ref after `@`, and the release named in a trailing comment. */
export interface ActionRef {
  readonly file: string;
  readonly line: number;
  /** owner/repo, or owner/repo/path for an action in a subfolder. */
  readonly action: string;
  readonly ref: string;
  /** The version of `uses: owner/repo@<sha> # v1.2.3`, when there is such a comment. */
  readonly comment?: string;
}

/**
 * The `uses:` references of a workflow. Renovate's github-actions manager reads the same lines: a ref
 * that is a full commit SHA is the digest, and the version in the comment after it is the release it
 * looks updates up from; an update rewrites both.
 */
export function actionRefs(file: string, text: string): ActionRef[] {
  const refs: ActionRef[] = [];
  text.split('\n').forEach((content, index) => {
    const match = /^\s*(?:-\s+)?uses\s*:\s*['"]?([^@\s'"]+)@([^\s'"#]+)['"]?(?:\s+#\s*(\S+))?\s*$/.exec(content);
    if (match && !match[1]!.startsWith('docker://') && !match[1]!.startsWith('./')) {
      refs.push({ file, line: index + 1, action: match[1]!, ref: match[2]!, comment: match[3] });
    }
  });
  return refs;
}

/**
 * Where code lives that may pin a version: everything but tests, the generated bindings (.gen/,
 * imports/) and the synthesized output. providers/*.schema.json is not scanned: its
 * `followed_versions` say which release a hand-written schema subset follows, and only the person
 * who updates the subset may change them.
 */
export const CODE_PATHS = ['main.ts', 'gitops-main.ts', 'bench', 'charts', 'cli', 'config', 'constructs', 'policy', 'providers', 'scripts', 'stacks'] as const;

function sourceFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return /\.(ts|mts|mjs|js)$/.test(path) ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => sourceFiles(join(path, entry)));
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
  for (const path of CODE_PATHS.flatMap((p) => sourceFiles(join(root, p)))) {
    const file = relative(root, path).split('\\').join('/');
    pins.push(...codePins(file, read(file)));
  }
  const workflows = join(root, '.github', 'workflows');
  for (const name of existsSync(workflows) ? readdirSync(workflows).sort() : []) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = `.github/workflows/${name}`;
    pins.push(...workflowPins(file, read(file)));
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

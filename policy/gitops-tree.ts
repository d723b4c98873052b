/**
 * Checks a Flux gitops tree the way CI should before anything reaches a cluster:
 *
 * 1. every YAML file parses (multi-document) and every object is valid against the strict schema of its kind
 *    (policy/object-schemas.ts: Kubernetes 1.34 built-ins and the CRDs it is given, by default the tree's own and Flux's);
 * 2. every Flux `Kustomization` (`kustomize.toolkit.fluxcd.io`) points at a folder of this tree that has a
 *    kustomization.yaml, and `kubectl kustomize --load-restrictor=LoadRestrictionsNone` (the option
 *    kustomize-controller uses) builds it; the built objects are checked too, and Flux Kustomizations
 *    found in the output are followed;
 * 3. no plaintext Secret: each `kind: Secret` carries SOPS metadata, has only `ENC[...]` values and lives in
 *    a `*.sops.yaml` file;
 * 4. no deprecated or removed Flux API versions;
 * 5. every HelmRelease installs an exact chart version (or an OCI artifact pinned by exact tag or digest).
 *
 * kustomization.yaml files (kustomize config, not cluster objects), files they use as patches or generator
 * inputs, and the SOPS creation rules file `.sops.yaml` are not schema-validated as objects.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { KUSTOMIZE_CONFIG_GROUP, parsePath, splitApiVersion } from './api-names';
import { fluxCrds } from './flux-crds';
import { createObjectSchemaValidator, isCrd, type ObjectSchemaValidator } from './object-schemas';

/** Rule ids, in the order the summary lists them. */
export const RULES = [
  'yaml',
  'not-a-resource',
  'schema',
  'no-schema',
  'kustomize-path',
  'kustomize-build',
  'plaintext-secret',
  'secret-file-name',
  'deprecated-api',
  'unpinned-chart',
] as const;
export type Rule = (typeof RULES)[number];

/** One finding. `file` is relative to the gitops dir (`<dir> (kustomize build)` for built output). */
export interface Problem {
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** `apiVersion kind namespace/name`, or `document N` when the document is not an object. */
  readonly object: string;
  readonly rule: Rule;
  readonly message: string;
}

/** A folder some Flux Kustomization points at. */
export interface KustomizePath {
  /** `spec.path` as written (first reference). */
  readonly specPath: string;
  /** Folder relative to the gitops dir (`.` for its root); null when the path is outside the tree. */
  readonly dir: string | null;
  /** `file: object` of every Flux Kustomization that points here. */
  readonly referencedBy: string[];
  /** `kubectl kustomize` succeeded. */
  built: boolean;
  /** Objects in the build output. */
  objects: number;
}

export interface TreeReport {
  readonly gitopsDir: string;
  /** YAML files read (including kustomization.yaml files). */
  readonly files: number;
  /** Objects found in the files (build output not counted; see {@link KustomizePath.objects}). */
  readonly objects: number;
  readonly kustomizePaths: KustomizePath[];
  /**
   * `file: object` of Flux Kustomizations that apply another repository (a tenant's applications,
   * through its own GitRepository): their paths are in that repository, so they are not built here.
   */
  readonly externalKustomizations: string[];
  /** Sorted by file, line, rule, message. */
  readonly problems: Problem[];
  /** False when schema validation was switched off (`schemas: null`). */
  readonly schemaValidation: boolean;
  readonly durationMs: number;
}

export interface TreeCheckOptions {
  /** Repository path that the gitops dir corresponds to in Flux `spec.path` values. Default `./gitops`. */
  readonly repoPathPrefix?: string;
  /**
   * Schema validation (policy/object-schemas.ts): a validator, or a function that makes one from every
   * object of the tree's files (called once they are read, so it can use the CRDs and HelmReleases among
   * them); `null` switches schema validation off. Default: a validator knowing the CustomResourceDefinitions
   * among the tree's objects and Flux's own (policy/flux-crds/).
   */
  readonly schemas?: ObjectSchemaValidator | ((treeObjects: readonly JsonObject[]) => ObjectSchemaValidator) | null;
  /** Kinds that may lack a schema. Default: none. */
  readonly allowMissingSchema?: (apiVersion: string, kind: string) => boolean;
  /**
   * The GitRepository that holds this tree (Flux's bootstrap source); a Kustomization with another
   * sourceRef applies a different repository. Default `flux-system/flux-system`.
   */
  readonly platformSource?: { readonly namespace: string; readonly name: string };
  /** kubectl binary. Default `kubectl`. */
  readonly kubectl?: string;
  /** Parallel `kubectl kustomize` runs. Default 2. */
  readonly concurrency?: number;
  /** Per-build timeout. Default 120 s. */
  readonly buildTimeoutMs?: number;
}

/** File names kustomize accepts for its config. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
/** The SOPS creation rules file: configuration, not a manifest. */
const SOPS_CONFIG_FILE = '.sops.yaml';
/** Required suffix of files holding a Secret. */
export const SECRET_FILE_SUFFIX = '.sops.yaml';

const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
const FLUX_HELM_GROUP = 'helm.toolkit.fluxcd.io';
const FLUX_SOURCE_GROUP = 'source.toolkit.fluxcd.io';

/** Flux API versions that are deprecated and removed from current Flux; value: the version to use instead. */
const REMOVED_FLUX_APIS: ReadonlyMap<string, (kind: string) => string> = new Map<string, (kind: string) => string>([
  ['helm.toolkit.fluxcd.io/v2beta1', () => 'helm.toolkit.fluxcd.io/v2'],
  ['helm.toolkit.fluxcd.io/v2beta2', () => 'helm.toolkit.fluxcd.io/v2'],
  ['source.toolkit.fluxcd.io/v1beta1', () => 'source.toolkit.fluxcd.io/v1'],
  ['source.toolkit.fluxcd.io/v1beta2', () => 'source.toolkit.fluxcd.io/v1'],
  ['kustomize.toolkit.fluxcd.io/v1beta1', () => 'kustomize.toolkit.fluxcd.io/v1'],
  ['kustomize.toolkit.fluxcd.io/v1beta2', () => 'kustomize.toolkit.fluxcd.io/v1'],
  ['notification.toolkit.fluxcd.io/v1beta1', (k) => (k === 'Receiver' ? 'notification.toolkit.fluxcd.io/v1' : 'notification.toolkit.fluxcd.io/v1beta3')],
  ['notification.toolkit.fluxcd.io/v1beta2', (k) => (k === 'Receiver' ? 'notification.toolkit.fluxcd.io/v1' : 'notification.toolkit.fluxcd.io/v1beta3')],
]);

/** Exact SemVer 2.0 version, optional leading `v` (Helm accepts it; cert-manager's charts use it). */
const EXACT_SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/** OCI digest as Flux's OCIRepository `spec.ref.digest` takes it. */
const OCI_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A SOPS-encrypted value. */
const SOPS_ENCRYPTED = /^ENC\[[A-Z0-9_]+,data:.*\]$/s;

type JsonObject = Record<string, unknown>;
type Segments = readonly (string | number)[];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `helm.toolkit.fluxcd.io/v2 HelmRelease flux-system/podinfo` */
export function objectId(obj: JsonObject): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ns = str(meta.namespace);
  const name = str(meta.name) ?? '(no name)';
  return `${str(obj.apiVersion) ?? '?'} ${str(obj.kind) ?? '?'} ${ns ? `${ns}/` : ''}${name}`;
}

/** Where an object came from: a file of the tree (with line lookup), a patch file, or a build output. */
interface Origin {
  readonly file: string;
  readonly source: 'file' | 'patch' | 'build';
  readonly line: (segments: Segments) => number | undefined;
}

interface ParsedFile {
  readonly docs: { value: unknown; index: number; line: (segments: Segments) => number | undefined }[];
  readonly errors: { index: number; line?: number; message: string }[];
}

/** Parses a multi-document YAML text; each document gets a line lookup for paths into it. */
function parseYamlDocuments(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs: ParsedFile['docs'] = [];
  const errors: ParsedFile['errors'] = [];
  parseAllDocuments(text, { lineCounter, prettyErrors: false }).forEach((doc: Document, i: number) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push({ index: i + 1, line: lineCounter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] as string });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return;
    const line = (segments: Segments): number | undefined => nodeLine(doc, segments, lineCounter);
    docs.push({ value, index: i + 1, line });
  });
  return { docs, errors };
}

/**
 * 1-based line of the deepest node along `segments`: for a mapping entry the line of its key (so
 * `sops:` points at the key, not the block below it), for a sequence item the item's line.
 */
function nodeLine(doc: Document, segments: Segments, lineCounter: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** Every `.yaml`/`.yml` file (and `Kustomization`) below `root`, sorted; `.git` is skipped. */
function listYamlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(full);
      } else if (entry.isFile() && (/\.ya?ml$/.test(entry.name) || entry.name === 'Kustomization')) {
        out.push(full);
      }
    }
  };
  walk(root);
  return out;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Files a kustomization.yaml uses as patches, generator inputs, replacements or transformer configs
 * (not resources): partial objects or plain data, so they are not validated as objects on their own.
 */
function kustomizeInputFiles(kustomization: unknown, dir: string): string[] {
  if (!isObject(kustomization)) return [];
  const paths: string[] = [];
  const add = (value: unknown, keyed = false): void => {
    // Generator sources may be written `key=path`.
    if (typeof value === 'string' && !value.includes('\n')) paths.push(resolve(dir, keyed ? value.replace(/^[^=]*=/, '') : value));
  };
  const each = (value: unknown, f: (item: unknown) => void): void => {
    if (Array.isArray(value)) value.forEach(f);
  };
  each(kustomization.patches, (p) => isObject(p) && add(p.path));
  each(kustomization.patchesJson6902, (p) => isObject(p) && add(p.path));
  each(kustomization.patchesStrategicMerge, add);
  each(kustomization.replacements, (p) => isObject(p) && add(p.path));
  each(kustomization.configurations, add);
  each(kustomization.crds, add);
  for (const key of ['transformers', 'generators', 'validators']) each(kustomization[key], add);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    each(kustomization[key], (g) => {
      if (!isObject(g)) return;
      each(g.files, (f) => add(f, true));
      each(g.envs, add);
      add(g.env);
    });
  }
  each(kustomization.helmCharts, (c) => isObject(c) && add(c.valuesFile));
  if (isObject(kustomization.openapi)) add(kustomization.openapi.path);
  return paths;
}

/** Problems of a `kind: Secret` with respect to SOPS: metadata present and complete, every value encrypted. */
export function secretSopsProblems(obj: JsonObject): { message: string; segments: Segments }[] {
  const sops = obj.sops;
  if (!isObject(sops)) {
    return [{ message: 'plaintext Secret: no SOPS metadata ("sops" key); encrypt it with sops before committing (or use a SealedSecret / external secret store)', segments: [] }];
  }
  const problems: { message: string; segments: Segments }[] = [];
  if (typeof sops.mac !== 'string' || sops.mac === '') problems.push({ message: 'SOPS metadata has no "mac"', segments: ['sops'] });
  if (!['age', 'pgp'].some((k) => Array.isArray(sops[k]) && (sops[k] as unknown[]).length > 0)) {
    problems.push({ message: 'SOPS metadata names no recipient ("sops.age" or "sops.pgp" entry)', segments: ['sops'] });
  }
  const suffix = str(sops.unencrypted_suffix) ?? '_unencrypted';
  for (const field of ['data', 'stringData'] as const) {
    const values = obj[field];
    if (!isObject(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      if (key.endsWith(suffix)) continue;
      if (typeof value !== 'string' || !SOPS_ENCRYPTED.test(value)) {
        problems.push({ message: `.${field}.${key} is not encrypted (expected an ENC[...] value)`, segments: [field, key] });
      }
    }
  }
  return problems;
}

/** The replacement when `apiVersion` is a deprecated/removed Flux API, else undefined. */
export function deprecatedFluxApi(apiVersion: string, kind: string): string | undefined {
  return REMOVED_FLUX_APIS.get(apiVersion)?.(kind);
}

/** True for an exact chart/artifact version such as `1.2.3`, `v1.21.1` or `2.0.0-rc.1`. */
export function isExactSemver(version: unknown): boolean {
  return typeof version === 'string' && EXACT_SEMVER.test(version);
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

interface BuildResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly error: string;
}

/** kubectl's klog lines (`E1122 19:41:46.302615 16658 run.go:72] "command failed" err="..."`) reduced to the message. */
function cleanKubectlError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const err = /\berr="((?:[^"\\]|\\.)*)"/.exec(l);
      if (err) {
        try {
          return JSON.parse(`"${err[1]}"`) as string;
        } catch {
          return err[1] as string;
        }
      }
      return l.replace(/^[EWIF]\d{4} [\d:.]+\s+\d+ \S+\] /, '').replace(/^Error: /, '');
    });
  const text = [...new Set(lines)].join('; ');
  return text.length > 800 ? `${text.slice(0, 797)}...` : text;
}

/** `kubectl kustomize --load-restrictor=LoadRestrictionsNone <dir>`. */
function kustomizeBuild(kubectl: string, dir: string, timeoutMs: number): Promise<BuildResult> {
  return new Promise((resolvePromise) => {
    execFile(
      kubectl,
      ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir],
      { maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise({ ok: true, stdout, error: '' });
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? `${kubectl} not found on PATH`
            : error.killed
              ? `timed out after ${timeoutMs} ms`
              : cleanKubectlError(stderr) || error.message;
        resolvePromise({ ok: false, stdout: '', error: reason });
      },
    );
  });
}

/** Normalized repo path (`./gitops/` -> `gitops`, `.`/empty -> ``). */
function normalizeRepoPath(path: string): string {
  const normalized = posix.normalize(`./${path}`).replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

/** Accumulates problems and paths while the tree is walked. */
class TreeChecker {
  readonly problems: Problem[] = [];
  readonly paths = new Map<string, KustomizePath>();
  readonly external: string[] = [];
  readonly pending: KustomizePath[] = [];
  private readonly seen = new Set<string>();
  private readonly helmReleases: { obj: JsonObject; origin: Origin }[] = [];
  private readonly sources: JsonObject[] = [];
  private readonly prefix: string;

  constructor(
    private readonly root: string,
    private readonly options: TreeCheckOptions,
    private readonly validator: ObjectSchemaValidator | null,
  ) {
    this.prefix = normalizeRepoPath(options.repoPathPrefix ?? './gitops');
  }

  /** Records a problem; problems from build output that repeat one already reported (same object, rule, message) are dropped. */
  report(origin: Origin, obj: JsonObject | string, rule: Rule, message: string, segments: Segments = []): void {
    const object = typeof obj === 'string' ? obj : objectId(obj);
    const meta = typeof obj !== 'string' && isObject(obj.metadata) ? obj.metadata : {};
    const key = typeof obj === 'string' ? `${origin.file}\0${object}` : `${str(obj.apiVersion)} ${str(obj.kind)} ${str(meta.name)}`;
    const dedupe = `${rule}\0${key}\0${message}`;
    if (origin.source === 'build' && this.seen.has(dedupe)) return;
    this.seen.add(dedupe);
    const line = origin.line(segments);
    this.problems.push({ file: origin.file, ...(line !== undefined ? { line } : {}), object, rule, message });
  }

  /** All checks on one parsed document. */
  checkObject(value: unknown, index: number, origin: Origin): void {
    if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      const what = isObject(value) ? 'has no string "apiVersion" and "kind"' : 'is not a mapping';
      this.report(origin, `document ${index}`, 'not-a-resource', `document ${index} ${what}; every document must be a Kubernetes object`);
      return;
    }
    const obj = value;
    const apiVersion = obj.apiVersion as string;
    const kind = obj.kind as string;
    const { group } = splitApiVersion(apiVersion);
    if (group === KUSTOMIZE_CONFIG_GROUP) {
      this.report(origin, obj, 'not-a-resource', `${apiVersion} ${kind} is kustomize configuration; it belongs in a file named kustomization.yaml, not among the manifests`);
      return;
    }
    const replacement = deprecatedFluxApi(apiVersion, kind);
    if (replacement) this.report(origin, obj, 'deprecated-api', `${apiVersion} is deprecated and removed from current Flux releases; use ${replacement}`, ['apiVersion']);
    if (origin.source !== 'patch') this.checkSchema(obj, origin, replacement !== undefined);
    if (group === '' && kind === 'Secret') {
      for (const p of secretSopsProblems(obj)) this.report(origin, obj, 'plaintext-secret', p.message, p.segments);
      if (origin.source !== 'build' && !origin.file.endsWith(SECRET_FILE_SUFFIX)) {
        this.report(origin, obj, 'secret-file-name', `a Secret must live in a file named *${SECRET_FILE_SUFFIX} (so the SOPS creation rules and reviewers recognise it); found in ${basename(origin.file)}`);
      }
    }
    if (origin.source === 'patch') return;
    if (group === FLUX_HELM_GROUP && kind === 'HelmRelease') this.helmReleases.push({ obj, origin });
    if (group === FLUX_SOURCE_GROUP && (kind === 'OCIRepository' || kind === 'HelmChart')) this.sources.push(obj);
    if (group === FLUX_KUSTOMIZE_GROUP && kind === 'Kustomization') this.registerFluxKustomization(obj, origin);
  }

  /** Schema validation, mapped to `schema` / `no-schema` problems. */
  private checkSchema(obj: JsonObject, origin: Origin, deprecated: boolean): void {
    if (!this.validator) return;
    const apiVersion = obj.apiVersion as string;
    const kind = obj.kind as string;
    const result = this.validator.validate(obj);
    if (result.status === 'no-schema') {
      // A removed Flux API is already reported as such; the missing schema is a consequence.
      if (!deprecated && !this.options.allowMissingSchema?.(apiVersion, kind)) {
        this.report(origin, obj, 'no-schema', `${result.errors.map((e) => e.message).join('; ')}; add its CustomResourceDefinition to the tree, or pin the chart that installs it, or waive the finding with the reason`);
      }
      return;
    }
    for (const e of result.errors) this.report(origin, obj, 'schema', e.path === '.' ? e.message : `${e.path}: ${e.message}`, parsePath(e.path));
  }

  /** Maps a Flux Kustomization's `spec.path` into the tree, checks the folder and queues it for a build. */
  private registerFluxKustomization(obj: JsonObject, origin: Origin): void {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const source = isObject(spec.sourceRef) ? spec.sourceRef : {};
    const platform = this.options.platformSource ?? { namespace: 'flux-system', name: 'flux-system' };
    const metadata = isObject(obj.metadata) ? obj.metadata : {};
    const sourceNamespace = str(source.namespace) ?? str(metadata.namespace) ?? platform.namespace;
    if (str(source.kind) === 'GitRepository' && (str(source.name) !== platform.name || sourceNamespace !== platform.namespace)) {
      // Listed once, by the file that holds it (builds repeat the object).
      const id = `: ${objectId(obj)}`;
      if (origin.source !== 'build' && !this.external.some((r) => r.endsWith(id))) this.external.push(`${origin.file}${id}`);
      return;
    }
    const specPath = str(spec.path) ?? '';
    const repoPath = normalizeRepoPath(specPath);
    const ref = `${origin.file}: ${objectId(obj)}`;
    const inTree = this.prefix === '' || repoPath === this.prefix || repoPath.startsWith(`${this.prefix}/`);
    const dir = !inTree ? null : this.prefix === '' ? repoPath || '.' : repoPath.slice(this.prefix.length + 1) || '.';
    const key = dir ?? `outside:${repoPath}`;
    const existing = this.paths.get(key);
    if (existing) {
      // The same Kustomization seen again in a build output is not a new reference.
      const id = `: ${objectId(obj)}`;
      if (origin.source !== 'build' || !existing.referencedBy.some((r) => r.endsWith(id))) existing.referencedBy.push(ref);
      return;
    }
    const entry: KustomizePath = { specPath, dir, referencedBy: [ref], built: false, objects: 0 };
    this.paths.set(key, entry);
    if (dir === null) {
      const shown = specPath === '' ? 'no spec.path (the source root)' : `spec.path "${specPath}"`;
      this.report(origin, obj, 'kustomize-path', `${shown} is outside the gitops tree (paths must start with ./${this.prefix}/)`, ['spec', 'path']);
      return;
    }
    const abs = join(this.root, dir);
    const shownDir = `${posix.join(this.prefix, dir)}/`;
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      this.report(origin, obj, 'kustomize-path', `spec.path "${specPath}" points at ${shownDir}, which does not exist in the gitops tree`, ['spec', 'path']);
      return;
    }
    if (!KUSTOMIZATION_FILES.some((f) => existsSync(join(abs, f)))) {
      this.report(
        origin,
        obj,
        'kustomize-path',
        `spec.path "${specPath}" points at ${shownDir}, which has no kustomization.yaml (Flux would generate one from every YAML file below it; this repository requires an explicit one so the build can be checked)`,
        ['spec', 'path'],
      );
      return;
    }
    this.pending.push(entry);
  }

  /** After every file and build is read: each HelmRelease pins an exact chart version. */
  checkHelmReleases(): void {
    for (const { obj, origin } of this.helmReleases) {
      const message = this.unpinnedReason(obj);
      if (message) this.report(origin, obj, 'unpinned-chart', message.text, message.segments);
    }
  }

  /** Why a HelmRelease's chart is not pinned, or undefined when it is. */
  private unpinnedReason(hr: JsonObject): { text: string; segments: Segments } | undefined {
    const spec = isObject(hr.spec) ? hr.spec : {};
    const hrNamespace = isObject(hr.metadata) ? str(hr.metadata.namespace) : undefined;
    if (isObject(spec.chartRef)) {
      const kind = str(spec.chartRef.kind);
      const name = str(spec.chartRef.name);
      const namespace = str(spec.chartRef.namespace) ?? hrNamespace;
      const source = this.findSource(kind, name, namespace);
      const target = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
      if (!source) return { text: `spec.chartRef points at ${target}, which is not in the gitops tree, so its version cannot be checked`, segments: ['spec', 'chartRef'] };
      const sourceSpec = isObject(source.spec) ? source.spec : {};
      if (kind === 'HelmChart') {
        return isExactSemver(sourceSpec.version)
          ? undefined
          : { text: `spec.chartRef points at ${target}, whose spec.version ${JSON.stringify(sourceSpec.version ?? null)} is not an exact version`, segments: ['spec', 'chartRef'] };
      }
      const ref = isObject(sourceSpec.ref) ? sourceSpec.ref : {};
      if (typeof ref.digest === 'string') {
        return OCI_DIGEST.test(ref.digest) ? undefined : { text: `spec.chartRef points at ${target}, whose spec.ref.digest "${ref.digest}" is not a sha256 digest`, segments: ['spec', 'chartRef'] };
      }
      if (ref.semver !== undefined) {
        return { text: `spec.chartRef points at ${target}, which selects a semver range (spec.ref.semver ${JSON.stringify(ref.semver)}); pin spec.ref.tag to an exact version or spec.ref.digest`, segments: ['spec', 'chartRef'] };
      }
      if (isExactSemver(ref.tag)) return undefined;
      const tag = ref.tag === undefined ? 'no spec.ref.tag (defaults to "latest")' : `spec.ref.tag ${JSON.stringify(ref.tag)}, which is not an exact version`;
      return { text: `spec.chartRef points at ${target} with ${tag}; pin an exact version or a digest`, segments: ['spec', 'chartRef'] };
    }
    const chartSpec = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
    if (!chartSpec) return { text: 'neither spec.chart.spec nor spec.chartRef is set', segments: ['spec'] };
    if (chartSpec.version === undefined) {
      return { text: 'spec.chart.spec.version is missing, so Flux installs whatever chart version is newest; pin an exact version', segments: ['spec', 'chart', 'spec'] };
    }
    if (!isExactSemver(chartSpec.version)) {
      return { text: `spec.chart.spec.version ${JSON.stringify(chartSpec.version)} is not an exact version (a range or wildcard); pin an exact version such as 1.2.3`, segments: ['spec', 'chart', 'spec', 'version'] };
    }
    return undefined;
  }

  /** The OCIRepository/HelmChart a chartRef names; namespace-less objects (namespace set by kustomize) match by name. */
  private findSource(kind: string | undefined, name: string | undefined, namespace: string | undefined): JsonObject | undefined {
    const candidates = this.sources.filter((s) => s.kind === kind && isObject(s.metadata) && s.metadata.name === name);
    const nsOf = (s: JsonObject): string | undefined => (isObject(s.metadata) ? str(s.metadata.namespace) : undefined);
    return candidates.find((s) => nsOf(s) === namespace) ?? candidates.find((s) => nsOf(s) === undefined || namespace === undefined);
  }
}

/**
 * Checks the gitops tree rooted at `gitopsDir`. Never throws for problems in the tree; throws only when
 * `gitopsDir` is not a directory.
 */
export async function checkGitopsTree(gitopsDir: string, options: TreeCheckOptions = {}): Promise<TreeReport> {
  const started = performance.now();
  const root = resolve(gitopsDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`gitops dir ${root} does not exist or is not a directory`);
  const files = listYamlFiles(root);

  // Pass 1: parse everything; kustomization.yaml files tell which files are patches/inputs rather than resources.
  const parsed = new Map<string, ParsedFile>();
  const inputs = new Set<string>();
  for (const file of files) {
    const result = parseYamlDocuments(readFileSync(file, 'utf8'));
    parsed.set(file, result);
    if ((KUSTOMIZATION_FILES as readonly string[]).includes(basename(file))) {
      for (const doc of result.docs) for (const input of kustomizeInputFiles(doc.value, dirname(file))) inputs.add(input);
    }
  }

  const treeObjects = [...parsed.values()].flatMap((r) => r.docs.map((d) => d.value)).filter(isObject);
  const schemas = options.schemas === undefined ? defaultValidator : options.schemas;
  const validator = typeof schemas === 'function' ? schemas(treeObjects) : schemas;
  const checker = new TreeChecker(root, options, validator);

  // Pass 2: check every object of every manifest file.
  let objects = 0;
  for (const file of files) {
    const rel = toPosix(relative(root, file));
    const result = parsed.get(file) as ParsedFile;
    for (const e of result.errors) checker.report({ file: rel, source: 'file', line: () => e.line }, `document ${e.index}`, 'yaml', `invalid YAML: ${e.message}`);
    const name = basename(file);
    if ((KUSTOMIZATION_FILES as readonly string[]).includes(name) || name === SOPS_CONFIG_FILE) continue;
    const source = inputs.has(file) ? 'patch' : 'file';
    for (const doc of result.docs) {
      objects++;
      checker.checkObject(doc.value, doc.index, { file: rel, source, line: doc.line });
    }
  }

  // Pass 3: build every Flux Kustomization path (two at a time), check the output, follow new paths.
  const concurrency = options.concurrency ?? 2;
  const kubectl = options.kubectl ?? 'kubectl';
  const timeout = options.buildTimeoutMs ?? 120_000;
  while (checker.pending.length > 0) {
    const batch = checker.pending.splice(0);
    const builds = await mapLimit(batch, concurrency, (p) => kustomizeBuild(kubectl, join(root, p.dir as string), timeout));
    batch.forEach((path, i) => {
      const build = builds[i] as BuildResult;
      const origin: Origin = { file: `${path.dir} (kustomize build)`, source: 'build', line: () => undefined };
      if (!build.ok) {
        checker.report(origin, `kustomization ${path.dir}`, 'kustomize-build', `kubectl kustomize ${path.dir} failed: ${build.error} (referenced by ${path.referencedBy.join(', ')})`);
        return;
      }
      const output = parseYamlDocuments(build.stdout);
      for (const e of output.errors) checker.report(origin, `document ${e.index}`, 'kustomize-build', `unparseable build output: ${e.message}`);
      path.built = output.errors.length === 0;
      path.objects = output.docs.length;
      for (const doc of output.docs) checker.checkObject(doc.value, doc.index, origin);
    });
  }
  checker.checkHelmReleases();

  const problems = [...checker.problems].sort(
    (a, b) =>
      cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.object, b.object) || cmp(a.rule, b.rule) || cmp(a.message, b.message),
  );
  const kustomizePaths = [...checker.paths.values()].sort((a, b) => cmp(a.dir ?? '', b.dir ?? '') || cmp(a.specPath, b.specPath));
  return { gitopsDir: root, files: files.length, objects, kustomizePaths, externalKustomizations: [...checker.external].sort(), problems, schemaValidation: validator !== null, durationMs: Math.round(performance.now() - started) };
}

/** The default schema validator: Kubernetes 1.34, the CRDs among the tree's own objects and Flux's. */
function defaultValidator(treeObjects: readonly JsonObject[]): ObjectSchemaValidator {
  return createObjectSchemaValidator({ crds: [...treeObjects.filter(isCrd), ...fluxCrds()] });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

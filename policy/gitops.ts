/**
 * The gitops tree as objects: every YAML document of every file (one parse), and for each cluster
 * the objects Flux would apply to it, found the way Flux finds them (a small, offline kustomize):
 *
 * - start at the cluster's sync path (`gitopsPath`, `./gitops/clusters/<name>`);
 * - a folder with a kustomization.yaml contributes its `resources` and `components` (files and
 *   folders, recursively), the Secrets/ConfigMaps of its `secretGenerator`/`configMapGenerator`,
 *   then its `patches` (strategic merge or JSON 6902, inline or from a file, by `target` or by the
 *   patch's own kind/name), `patchesStrategicMerge`, `patchesJson6902` and `namespace`;
 * - a folder without one contributes every YAML file below it (what Flux generates);
 * - every Flux `Kustomization` (kustomize.toolkit.fluxcd.io) among the objects adds the build of
 *   its `spec.path` (`./gitops/...`), with its `spec.targetNamespace` and `spec.patches` applied.
 *
 * Remote resources (URLs) are not fetched; Flux post-build substitution is not performed.
 */
import { posix } from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { isObject, str, type JsonObject, type PolicyPlatform, type RawFinding } from './types';

/** One YAML document of the tree. */
export interface Doc {
  /** Path relative to gitops/. */
  readonly rel: string;
  /** Path as messages show it (`gitops/<rel>`). */
  readonly file: string;
  /** 1-based document index in the file. */
  readonly index: number;
  readonly line?: number;
  readonly value: unknown;
}

/** A Kubernetes object with where it came from; `obj` may be a patched copy. */
export interface K8sObject {
  readonly obj: JsonObject;
  readonly origin: Doc;
}

export interface GitopsModel {
  readonly gitopsDir: string;
  /** Path relative to gitops/ -> file text. */
  readonly files: ReadonlyMap<string, string>;
  /** Every parsed document of every YAML file (kustomization.yaml and .sops.yaml included). */
  readonly docs: readonly Doc[];
  /** Documents by file. */
  readonly byFile: ReadonlyMap<string, readonly Doc[]>;
  /** Objects Flux applies to each cluster (only clusters whose sync folder exists in the tree). */
  readonly clusters: ReadonlyMap<string, readonly K8sObject[]>;
  /** Objects of files no cluster reaches (still checked by the per-object rules). */
  readonly unreached: readonly K8sObject[];
  /** Files some kustomization.yaml uses as patches or generator inputs (partial objects, not resources). */
  readonly patchFiles: ReadonlySet<string>;
  /** Parse failures. */
  readonly findings: readonly RawFinding[];
}

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
export const SOPS_CONFIG = '.sops.yaml';

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'ClusterIssuer', 'StorageClass',
  'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'PersistentVolume', 'GatewayClass',
  'IngressClass', 'RuntimeClass', 'APIService', 'ClusterPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'IPAddressPool', 'CSIDriver', 'Node',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function isYamlFile(rel: string): boolean {
  const name = posix.basename(rel);
  return /\.ya?ml$/.test(name) || name === 'Kustomization';
}

export function meta(obj: JsonObject): { name?: string; namespace?: string; labels: Record<string, unknown>; annotations: Record<string, unknown> } {
  const m = isObject(obj.metadata) ? obj.metadata : {};
  return {
    name: str(m.name),
    namespace: str(m.namespace),
    labels: isObject(m.labels) ? m.labels : {},
    annotations: isObject(m.annotations) ? m.annotations : {},
  };
}

/** `<file>:<Kind>/<namespace>/<name>` (cluster-scoped: `<file>:<Kind>/<name>`), the waiver id. */
export function objectResource(o: K8sObject): string {
  const { name, namespace } = meta(o.obj);
  const kind = str(o.obj.kind) ?? '?';
  return `${o.origin.file}:${kind}/${namespace && !isClusterScoped(kind) ? `${namespace}/` : ''}${name ?? '(no name)'}`;
}

/** `gitops/x.yaml: helm.toolkit.fluxcd.io/v2 HelmRelease flux-system/podinfo`, for messages. */
export function describeObject(o: K8sObject): string {
  const { name, namespace } = meta(o.obj);
  const kind = str(o.obj.kind) ?? '?';
  const where = o.origin.line ? `${o.origin.file}:${o.origin.line}` : o.origin.file;
  return `${where}: ${str(o.obj.apiVersion) ?? '?'} ${kind} ${namespace && !isClusterScoped(kind) ? `${namespace}/` : ''}${name ?? '(no name)'}`;
}

export function isK8sObject(value: unknown): value is JsonObject {
  return isObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

function parseFile(rel: string, file: string, text: string, findings: RawFinding[]): Doc[] {
  const lines = new LineCounter();
  const docs: Doc[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  } catch (error) {
    findings.push({ rule: 'gitops-unparsable', resource: file, file, message: `${file} cannot be parsed as YAML (${(error as Error).message}); fix the generator that wrote it` });
    return docs;
  }
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      const line = lines.linePos(doc.errors[0]!.pos[0]).line;
      findings.push({ rule: 'gitops-unparsable', resource: file, file, line, message: `${file}:${line}: document ${i + 1} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); the policies cannot check it — fix the generator that wrote it` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      findings.push({ rule: 'gitops-unparsable', resource: file, file, message: `${file}: document ${i + 1} cannot be read (${(error as Error).message})` });
      return;
    }
    if (value === null || value === undefined) return;
    const range = (doc.contents as { range?: [number, number, number] } | null)?.range;
    docs.push({ rel, file, index: i + 1, line: range ? lines.linePos(range[0]).line : undefined, value });
  });
  return docs;
}

/** Folder of a repository path like `./gitops/infra` inside the tree (`infra`), or undefined when outside. */
function treePath(specPath: string, prefix: string): string | undefined {
  const normalized = posix.normalize(`./${specPath}`).replace(/^\.\/?/, '').replace(/\/+$/, '');
  if (prefix === '') return normalized;
  if (normalized === prefix) return '';
  return normalized.startsWith(`${prefix}/`) ? normalized.slice(prefix.length + 1) : undefined;
}

export function buildModel(gitops: ReadonlyMap<string, string>, platform: PolicyPlatform, gitopsDir = 'gitops'): GitopsModel {
  const findings: RawFinding[] = [];
  const docs: Doc[] = [];
  const byFile = new Map<string, Doc[]>();
  for (const rel of [...gitops.keys()].sort()) {
    if (!isYamlFile(rel)) continue;
    const parsed = parseFile(rel, `${gitopsDir}/${rel}`, gitops.get(rel)!, findings);
    byFile.set(rel, parsed);
    docs.push(...parsed);
  }
  const resolver = new Resolver(gitops, byFile, gitopsDir);
  const clusters = new Map<string, K8sObject[]>();
  for (const cluster of platform.clusters) {
    const start = treePath(cluster.gitopsPath ?? `./${gitopsDir}/clusters/${cluster.name}`, gitopsDir);
    if (start === undefined || !resolver.isDir(start)) continue;
    clusters.set(cluster.name, resolver.cluster(start));
  }
  const reached = new Set<Doc>();
  for (const objects of clusters.values()) for (const o of objects) reached.add(o.origin);
  const unreached: K8sObject[] = [];
  for (const [rel, list] of byFile) {
    const name = posix.basename(rel);
    if (KUSTOMIZATION_FILES.includes(name) || name === SOPS_CONFIG || resolver.patchFiles.has(rel)) continue;
    for (const doc of list) if (!reached.has(doc) && isK8sObject(doc.value)) unreached.push({ obj: doc.value, origin: doc });
  }
  return { gitopsDir, files: gitops, docs, byFile, clusters, unreached, patchFiles: resolver.patchFiles, findings };
}

class Resolver {
  /** Files used as patches or generator inputs by some kustomization.yaml. */
  readonly patchFiles = new Set<string>();
  private readonly dirs = new Set<string>();

  constructor(
    private readonly files: ReadonlyMap<string, string>,
    private readonly byFile: ReadonlyMap<string, readonly Doc[]>,
    private readonly prefix: string,
  ) {
    for (const rel of files.keys()) {
      let dir = posix.dirname(rel);
      while (dir !== '.' && !this.dirs.has(dir)) {
        this.dirs.add(dir);
        dir = posix.dirname(dir);
      }
    }
    this.dirs.add('');
    // Patch and generator inputs are known up front, so they are never counted as resources.
    for (const [rel, list] of byFile) {
      if (!KUSTOMIZATION_FILES.includes(posix.basename(rel))) continue;
      const k = list[0]?.value;
      if (isObject(k)) for (const input of this.inputFiles(k, posix.dirname(rel))) this.patchFiles.add(input);
    }
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  /** Objects applied to a cluster whose sync folder is `start`. */
  cluster(start: string): K8sObject[] {
    const out: K8sObject[] = [];
    const queue: { dir: string; targetNamespace?: string; patches: unknown[] }[] = [{ dir: start, patches: [] }];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      const key = `${next.dir}\0${next.targetNamespace ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const objects = this.build(next.dir, new Set());
      for (const patch of next.patches) this.applyPatchEntry(objects, patch, next.dir);
      if (next.targetNamespace) setNamespace(objects, next.targetNamespace);
      for (const o of objects) {
        out.push(o);
        if (groupOf(str(o.obj.apiVersion) ?? '') === 'kustomize.toolkit.fluxcd.io' && o.obj.kind === 'Kustomization') {
          const spec = isObject(o.obj.spec) ? o.obj.spec : {};
          const dir = treePath(str(spec.path) ?? '', this.prefix);
          if (dir !== undefined && this.isDir(dir)) {
            queue.push({ dir, targetNamespace: str(spec.targetNamespace), patches: Array.isArray(spec.patches) ? spec.patches : [] });
          }
        }
      }
    }
    return out;
  }

  private kustomizationOf(dir: string): JsonObject | undefined {
    for (const name of KUSTOMIZATION_FILES) {
      const rel = dir === '' ? name : `${dir}/${name}`;
      const docs = this.byFile.get(rel);
      if (docs && isObject(docs[0]?.value)) return docs[0]!.value as JsonObject;
    }
    return undefined;
  }

  private objectsOfFile(rel: string): K8sObject[] {
    return (this.byFile.get(rel) ?? []).filter((d) => isK8sObject(d.value)).map((d) => ({ obj: structuredClone(d.value as JsonObject), origin: d }));
  }

  /** kustomize build of one folder (fresh copies, so patches never touch the parsed documents). */
  private build(dir: string, stack: Set<string>): K8sObject[] {
    if (stack.has(dir)) return [];
    stack.add(dir);
    const k = this.kustomizationOf(dir);
    const out: K8sObject[] = [];
    if (!k) {
      for (const rel of [...this.files.keys()].sort()) {
        if (dir !== '' && !rel.startsWith(`${dir}/`)) continue;
        const name = posix.basename(rel);
        if (!isYamlFile(rel) || name === SOPS_CONFIG || KUSTOMIZATION_FILES.includes(name)) continue;
        out.push(...this.objectsOfFile(rel));
      }
      stack.delete(dir);
      return out;
    }
    for (const entry of [...list(k.resources), ...list(k.components), ...list(k.bases)]) {
      if (typeof entry !== 'string' || /^[a-z]+:\/\//.test(entry) || entry.startsWith('github.com/')) continue;
      const path = posix.normalize(posix.join(dir, entry)).replace(/\/+$/, '');
      if (this.files.has(path)) out.push(...this.objectsOfFile(path));
      else if (this.isDir(path === '.' ? '' : path)) out.push(...this.build(path === '.' ? '' : path, stack));
    }
    for (const generator of list(k.secretGenerator)) {
      if (isObject(generator) && typeof generator.name === 'string') {
        out.push({ obj: { apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name, ...(str(generator.namespace) ? { namespace: generator.namespace } : {}) }, generated: true }, origin: this.originOf(dir) });
      }
    }
    for (const generator of list(k.configMapGenerator)) {
      if (!isObject(generator) || typeof generator.name !== 'string') continue;
      const data: Record<string, string> = {};
      for (const file of list(generator.files)) {
        if (typeof file !== 'string') continue;
        const eq = file.indexOf('=');
        const key = eq >= 0 ? file.slice(0, eq) : posix.basename(file);
        const path = posix.normalize(posix.join(dir, eq >= 0 ? file.slice(eq + 1) : file));
        const text = this.files.get(path);
        if (text !== undefined) data[key] = text;
      }
      for (const literal of list(generator.literals)) {
        if (typeof literal === 'string' && literal.includes('=')) data[literal.slice(0, literal.indexOf('='))] = literal.slice(literal.indexOf('=') + 1);
      }
      out.push({ obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name, ...(str(generator.namespace) ? { namespace: generator.namespace } : {}) }, data }, origin: this.originOf(dir) });
    }
    for (const patch of list(k.patches)) this.applyPatchEntry(out, patch, dir);
    for (const patch of list(k.patchesStrategicMerge)) this.applyPatchEntry(out, typeof patch === 'string' && !patch.includes('\n') ? { path: patch } : { patch }, dir);
    for (const patch of list(k.patchesJson6902)) this.applyPatchEntry(out, patch, dir);
    if (typeof k.namespace === 'string') setNamespace(out, k.namespace);
    stack.delete(dir);
    return out;
  }

  private originOf(dir: string): Doc {
    for (const name of KUSTOMIZATION_FILES) {
      const rel = dir === '' ? name : `${dir}/${name}`;
      const doc = this.byFile.get(rel)?.[0];
      if (doc) return doc;
    }
    return { rel: dir, file: `${this.prefix}/${dir}`, index: 1, value: undefined };
  }

  /** Files a kustomization uses as patches or generator inputs. */
  private inputFiles(k: JsonObject, dir: string): string[] {
    const paths: string[] = [];
    const add = (value: unknown) => {
      if (typeof value === 'string' && !value.includes('\n')) paths.push(posix.normalize(posix.join(dir, value.replace(/^[^=]*=/, ''))));
    };
    for (const p of [...list(k.patches), ...list(k.patchesJson6902)]) if (isObject(p)) add(p.path);
    for (const p of list(k.patchesStrategicMerge)) add(p);
    for (const g of [...list(k.configMapGenerator), ...list(k.secretGenerator)]) {
      if (!isObject(g)) continue;
      for (const f of list(g.files)) add(f);
      for (const f of list(g.envs)) add(f);
    }
    return paths;
  }

  /** One `patches` entry: `{path | patch, target?}` (a file may hold several strategic-merge patches). */
  private applyPatchEntry(objects: K8sObject[], entry: unknown, dir: string): void {
    if (!isObject(entry)) return;
    const target = isObject(entry.target) ? entry.target : undefined;
    if (typeof entry.patch === 'string') {
      let body: unknown;
      try {
        body = parseDocument(entry.patch).toJS({ maxAliasCount: 100 });
      } catch {
        return;
      }
      applyPatchBody(objects, body, target);
    } else if (typeof entry.path === 'string') {
      const docs = this.byFile.get(posix.normalize(posix.join(dir, entry.path))) ?? [];
      if (docs.length === 1) applyPatchBody(objects, docs[0]!.value, target);
      else for (const doc of docs) if (isObject(doc.value)) applyPatchBody(objects, doc.value, target);
    }
  }
}

/** A JSON 6902 list (needs a target) or a strategic-merge object (by target, or by its own kind/name). */
function applyPatchBody(objects: K8sObject[], body: unknown, target: JsonObject | undefined): void {
  if (Array.isArray(body)) {
    for (const o of objects) if (target && matchesTarget(o.obj, target)) applyJson6902(o.obj, body);
    return;
  }
  if (!isObject(body)) return;
  const own = meta(body);
  for (const o of objects) {
    const matches = target
      ? matchesTarget(o.obj, target)
      : o.obj.kind === body.kind && meta(o.obj).name === own.name && (own.namespace === undefined || meta(o.obj).namespace === own.namespace);
    if (!matches) continue;
    const merged = strategicMerge(o.obj, body) as JsonObject;
    for (const key of Object.keys(o.obj)) delete o.obj[key];
    Object.assign(o.obj, merged);
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function setNamespace(objects: K8sObject[], namespace: string): void {
  for (const o of objects) {
    if (isClusterScoped(str(o.obj.kind) ?? '')) continue;
    const m = isObject(o.obj.metadata) ? o.obj.metadata : (o.obj.metadata = {});
    (m as JsonObject).namespace = namespace;
  }
}

function matchesTarget(obj: JsonObject, target: JsonObject): boolean {
  const m = meta(obj);
  const apiVersion = str(obj.apiVersion) ?? '';
  const test = (pattern: unknown, value: string | undefined) => typeof pattern !== 'string' || new RegExp(`^(?:${pattern})$`).test(value ?? '');
  try {
    if (!test(target.kind, str(obj.kind))) return false;
    if (!test(target.name, m.name)) return false;
    if (typeof target.namespace === 'string' && !test(target.namespace, m.namespace)) return false;
    if (typeof target.group === 'string' && !test(target.group, groupOf(apiVersion))) return false;
    if (typeof target.version === 'string' && !test(target.version, apiVersion.split('/').pop())) return false;
  } catch {
    return false;
  }
  if (typeof target.labelSelector === 'string') {
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=').map((s) => s.trim());
      if (key && (value === undefined ? !(key in m.labels) : m.labels[key] !== value)) return false;
    }
  }
  if (typeof target.annotationSelector === 'string') {
    for (const term of target.annotationSelector.split(',')) {
      const [key, value] = term.split('=').map((s) => s.trim());
      if (key && (value === undefined ? !(key in m.annotations) : m.annotations[key] !== value)) return false;
    }
  }
  return true;
}

/** Strategic merge, simplified: maps merge; lists of named maps merge by name; other lists are replaced; null deletes. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isObject(base) && isObject(patch)) {
    const out: JsonObject = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (key === '$patch') continue;
      if (value === null) delete out[key];
      else out[key] = strategicMerge(base[key], value);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && patch.every((p) => isObject(p) && typeof p.name === 'string') && base.every((b) => isObject(b) && typeof b.name === 'string')) {
    const out = base.map((b) => structuredClone(b) as JsonObject);
    for (const p of patch as JsonObject[]) {
      const i = out.findIndex((b) => b.name === p.name);
      if (i >= 0) out[i] = strategicMerge(out[i], p) as JsonObject;
      else out.push(structuredClone(p));
    }
    return out;
  }
  return structuredClone(patch);
}

/** JSON 6902 add/replace/remove (RFC 6901 pointers, `-` appends). Unsupported ops are ignored. */
export function applyJson6902(obj: JsonObject, ops: unknown[]): void {
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== 'string') continue;
    const segments = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop();
    if (last === undefined) continue;
    let parent: unknown = obj;
    for (const segment of segments) {
      if (Array.isArray(parent)) parent = parent[Number(segment)];
      else if (isObject(parent)) {
        if (op.op === 'add' && parent[segment] === undefined) parent[segment] = {};
        parent = parent[segment];
      } else parent = undefined;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(index, 0, structuredClone(op.value));
      else if (op.op === 'replace') parent[index] = structuredClone(op.value);
      else if (op.op === 'remove') parent.splice(index, 1);
    } else if (isObject(parent)) {
      if (op.op === 'add' || op.op === 'replace') parent[last] = structuredClone(op.value);
      else if (op.op === 'remove') delete parent[last];
    }
  }
}

/** Every object once: each cluster's objects, then the unreached ones, with the cluster they belong to. */
export function* allObjects(model: GitopsModel): Generator<K8sObject & { cluster?: string }> {
  for (const [cluster, objects] of model.clusters) for (const o of objects) yield { ...o, cluster };
  for (const o of model.unreached) yield o;
}

/** Each document that is an object, once, as written (no patches): for per-object rules. */
export function* rawObjects(model: GitopsModel): Generator<K8sObject> {
  for (const doc of model.docs) {
    const name = posix.basename(doc.rel);
    if (KUSTOMIZATION_FILES.includes(name) || name === SOPS_CONFIG || model.patchFiles.has(doc.rel)) continue;
    if (isK8sObject(doc.value)) yield { obj: doc.value, origin: doc };
  }
}

/**
 * The HelmReleases each cluster will run, read from a gitops tree's files alone (no kustomize, no
 * helm): each cluster's kustomizations are followed from `clusters/<cluster>` (resources, then
 * patches in order) and through the Flux Kustomizations they hold, and each HelmRelease's values
 * are merged as helm-controller merges them (valuesFrom in order, then spec.values:
 * render/helm-template.ts). So a values patch of the environment or cluster tier is seen as what it
 * does to the release, and a component a cluster turns on as a release that appears there.
 *
 * A subset of kustomize, enough for the trees synth writes: `resources` (files and folders),
 * `patches` by path or inline with a target, `patchesStrategicMerge`. Patches merge like a JSON
 * merge patch (maps key by key, lists replaced, null removes a key), which is what kustomize does to
 * custom resources such as HelmRelease; objects of other kinds are read only for valuesFrom.
 */
import { posix } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { releaseValues } from '../../render/helm-template';
import type { JsonObject } from '../../render/types';
import { isPlainObject } from './values';

/** One HelmRelease as a cluster gets it. */
export interface EffectiveRelease {
  /** `<namespace>/<name>`. */
  readonly release: string;
  readonly name: string;
  /** Chart name (the OCI repository's last path segment for a chartRef). */
  readonly chart: string;
  /** Chart version, tag or semver range; `?` when the tree does not say. */
  readonly version: string;
  /** The values handed to Helm: every tier merged, valuesFrom then spec.values. */
  readonly values: JsonObject;
  /** valuesFrom references that cannot be read from the tree (SOPS-encrypted, not in it). */
  readonly unreadable: readonly string[];
}

/** Per cluster (sorted), its HelmReleases by `<namespace>/<name>`. */
export type EffectiveReleases = ReadonlyMap<string, ReadonlyMap<string, EffectiveRelease>>;

/** What one cluster applies, as far as the diff's summary needs it. */
export interface ClusterContents {
  /** Its HelmReleases by `<namespace>/<name>`. */
  readonly releases: ReadonlyMap<string, EffectiveRelease>;
  /**
   * The shared component folders it applies that hold no HelmRelease
   * (`infrastructure/controllers/system-upgrade`): a component made of plain manifests has no
   * release to be seen by.
   */
  readonly manifestFolders: ReadonlySet<string>;
}

/** A shared component's folder: `infrastructure/<layer>/<component>` or `apps/<layer>/<component>`. */
const COMPONENT_FOLDER = /^(infrastructure|apps)\/[^/]+\/[^/]+$/;

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Only files that may hold what this reads are parsed (most of the tree is other objects). */
const RELEVANT = /HelmRelease|ConfigMap|OCIRepository|HelmChart|kustomize\.toolkit\.fluxcd\.io/;

function merge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

function meta(object: JsonObject): { name?: string; namespace?: string } {
  const m = isPlainObject(object.metadata) ? object.metadata : {};
  return { ...(typeof m.name === 'string' ? { name: m.name } : {}), ...(typeof m.namespace === 'string' ? { namespace: m.namespace } : {}) };
}

/** kustomize's match of a patch to an object: kind and name, namespace when the patch names one. */
function samePatchTarget(object: JsonObject, patch: JsonObject): boolean {
  const a = meta(object);
  const b = meta(patch);
  return object.kind === patch.kind && a.name === b.name && (b.namespace === undefined || a.namespace === b.namespace);
}

function matchesTarget(object: JsonObject, target: Record<string, unknown>): boolean {
  const m = meta(object);
  const test = (pattern: unknown, value: string | undefined) => {
    if (typeof pattern !== 'string') return true;
    try {
      return new RegExp(`^(?:${pattern})$`).test(value ?? '');
    } catch {
      // Not a regular expression kustomize could use either: compared as a name.
      return pattern === value;
    }
  };
  return test(target.kind, String(object.kind)) && test(target.name, m.name) && test(target.namespace, m.namespace);
}

function chartOf(release: JsonObject, objects: readonly JsonObject[]): { chart: string; version: string } {
  const spec = isPlainObject(release.spec) ? release.spec : {};
  const chartSpec = isPlainObject(spec.chart) && isPlainObject(spec.chart.spec) ? spec.chart.spec : undefined;
  if (chartSpec) return { chart: String(chartSpec.chart ?? meta(release).name), version: chartSpec.version === undefined ? '?' : String(chartSpec.version) };
  const ref = isPlainObject(spec.chartRef) ? spec.chartRef : undefined;
  if (ref) {
    const namespace = typeof ref.namespace === 'string' ? ref.namespace : meta(release).namespace;
    const source = objects.find((o) => o.kind === ref.kind && meta(o).name === ref.name && meta(o).namespace === namespace);
    const sourceSpec = source && isPlainObject(source.spec) ? source.spec : {};
    if (ref.kind === 'OCIRepository') {
      const url = typeof sourceSpec.url === 'string' ? sourceSpec.url.replace(/\/+$/, '').split('/').pop()! : String(ref.name);
      const tag = isPlainObject(sourceSpec.ref) ? (sourceSpec.ref.tag ?? sourceSpec.ref.semver ?? sourceSpec.ref.digest) : undefined;
      return { chart: url, version: tag === undefined ? '?' : String(tag) };
    }
    return { chart: String(sourceSpec.chart ?? ref.name), version: sourceSpec.version === undefined ? '?' : String(sourceSpec.version) };
  }
  return { chart: String(meta(release).name), version: '?' };
}

/** A Flux Kustomization whose source is this repository (a tenant's own repository is not in the tree), as render/flux-build.ts decides. */
function fromThisRepository(kustomization: JsonObject): boolean {
  const spec = isPlainObject(kustomization.spec) ? kustomization.spec : {};
  const ref = isPlainObject(spec.sourceRef) ? spec.sourceRef : undefined;
  if (!ref) return true;
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : (meta(kustomization).namespace ?? 'default');
  return ref.kind === 'GitRepository' && ref.name === 'flux-system' && namespace === 'flux-system';
}

/** Reads the HelmReleases of every cluster of a gitops tree (`files`: relative path to text). */
export function effectiveReleases(files: ReadonlyMap<string, string>): EffectiveReleases {
  return new Map([...clusterContents(files)].map(([cluster, contents]) => [cluster, contents.releases]));
}

/** Per cluster of a gitops tree (sorted): its HelmReleases, values merged, and the shared component folders it applies. */
export function clusterContents(files: ReadonlyMap<string, string>): Map<string, ClusterContents> {
  const documents = new Map<string, JsonObject[]>();
  const docsOf = (file: string): JsonObject[] => {
    let docs = documents.get(file);
    if (docs) return docs;
    const text = files.get(file);
    docs = [];
    if (text !== undefined && /\.ya?ml$/.test(file) && RELEVANT.test(text)) {
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) continue;
        const value = doc.toJS() as unknown;
        if (isPlainObject(value) && typeof value.kind === 'string') docs.push(value);
      }
    }
    documents.set(file, docs);
    return docs;
  };
  const kustomizations = new Map<string, Record<string, unknown> | undefined>();
  const kustomizationOf = (dir: string) => {
    if (kustomizations.has(dir)) return kustomizations.get(dir);
    let found: Record<string, unknown> | undefined;
    for (const name of KUSTOMIZATION_FILES) {
      const text = files.get(dir === '' ? name : `${dir}/${name}`);
      if (text === undefined) continue;
      try {
        const value = parse(text) as unknown;
        found = isPlainObject(value) ? value : {};
      } catch {
        found = {};
      }
      break;
    }
    kustomizations.set(dir, found);
    return found;
  };
  const all = [...files.keys()];
  const built = new Map<string, JsonObject[]>();
  /** The folders each built folder lists as resources. */
  const children = new Map<string, string[]>();

  const build = (dir: string, stack: ReadonlySet<string>): JsonObject[] => {
    const cached = built.get(dir);
    if (cached) return cached;
    if (stack.has(dir)) return [];
    const inner = new Set([...stack, dir]);
    const config = kustomizationOf(dir);
    let objects: JsonObject[];
    if (!config) {
      // Flux applies every manifest below a folder without a kustomization file.
      objects = all.filter((f) => f.startsWith(`${dir}/`)).flatMap(docsOf);
    } else {
      objects = [];
      for (const entry of Array.isArray(config.resources) ? config.resources : []) {
        if (typeof entry !== 'string' || /^[a-z]+:\/\//.test(entry)) continue;
        const target = posix.normalize(posix.join(dir, entry));
        if (!files.has(target)) children.set(dir, [...(children.get(dir) ?? []), target]);
        objects.push(...(files.has(target) ? docsOf(target) : build(target, inner)));
      }
      const patches: { patch: JsonObject; target?: Record<string, unknown> }[] = [];
      for (const entry of Array.isArray(config.patches) ? config.patches : []) {
        if (!isPlainObject(entry)) continue;
        const target = isPlainObject(entry.target) ? entry.target : undefined;
        if (typeof entry.path === 'string') {
          for (const patch of docsOf(posix.normalize(posix.join(dir, entry.path)))) patches.push({ patch, ...(target ? { target } : {}) });
        } else if (typeof entry.patch === 'string') {
          // JSON 6902 patches (a list of operations) change nothing read here; skipped.
          const value = (() => {
            try {
              return parse(entry.patch) as unknown;
            } catch {
              return undefined;
            }
          })();
          if (isPlainObject(value)) patches.push({ patch: value, ...(target ? { target } : {}) });
        }
      }
      for (const entry of Array.isArray(config.patchesStrategicMerge) ? config.patchesStrategicMerge : []) {
        if (typeof entry === 'string') for (const patch of docsOf(posix.normalize(posix.join(dir, entry)))) patches.push({ patch });
      }
      for (const { patch, target } of patches) {
        objects = objects.map((object) => {
          const hit = target ? matchesTarget(object, target) : samePatchTarget(object, patch);
          if (!hit) return object;
          const { metadata: _m, apiVersion: _a, kind: _k, ...body } = patch;
          return merge(object, body) as JsonObject;
        });
      }
    }
    built.set(dir, objects);
    return objects;
  };

  const clusters = [...new Set(all.map((f) => /^clusters\/([^/]+)\//.exec(f)?.[1]).filter((c): c is string => c !== undefined))].sort();
  const result = new Map<string, ClusterContents>();
  for (const cluster of clusters) {
    const objects: JsonObject[] = [];
    const seen = new Set<string>();
    const queue = [`clusters/${cluster}`];
    while (queue.length > 0) {
      const dir = queue.shift()!;
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const object of build(dir, new Set())) {
        objects.push(object);
        if (object.kind !== 'Kustomization' || typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
        const spec = isPlainObject(object.spec) ? object.spec : {};
        if (typeof spec.path !== 'string' || !fromThisRepository(object)) continue;
        const clean = posix.normalize(spec.path.replace(/^\.?\/+/, '')).replace(/\/+$/, '');
        queue.push(clean.startsWith('gitops/') ? clean.slice('gitops/'.length) : clean);
      }
    }
    const releases = new Map<string, EffectiveRelease>();
    for (const object of objects) {
      if (object.kind !== 'HelmRelease' || typeof object.apiVersion !== 'string' || !object.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) continue;
      const { name, namespace = 'default' } = meta(object);
      if (!name) continue;
      const { values, problems } = releaseValues(object, objects);
      releases.set(`${namespace}/${name}`, { release: `${namespace}/${name}`, name, ...chartOf(object, objects), values, unreadable: problems });
    }
    const folders = new Set<string>();
    const reach = [...seen];
    for (let dir = reach.pop(); dir !== undefined; dir = reach.pop()) {
      if (folders.has(dir)) continue;
      folders.add(dir);
      reach.push(...(children.get(dir) ?? []));
    }
    result.set(cluster, {
      releases: new Map([...releases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      manifestFolders: new Set([...folders].filter((f) => COMPONENT_FOLDER.test(f) && !(built.get(f) ?? []).some((o) => o.kind === 'HelmRelease')).sort()),
    });
  }
  return result;
}

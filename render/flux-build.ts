/**
 * Builds what each Flux Kustomization of a cluster applies, as kustomize-controller does: the root
 * path (`clusters/<cluster>`, applied by the `flux-system` Kustomization) with
 * `kubectl kustomize --load-restrictor=LoadRestrictionsNone`, then every Kustomization found in the
 * output whose source is this repository, followed recursively; each build is post-processed with
 * `postBuild` substitution (`${var}` from `substitute` and `substituteFrom`) before it is parsed.
 * Kustomizations whose source is another repository (a tenant's own) are recorded, not built.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { loadAll } from 'js-yaml';
import type { FluxKustomizationStep, JsonObject, RenderedObject } from './types';

/** A Kustomization built from another repository: what it would apply is not in this tree. */
export interface ExternalKustomization {
  readonly name: string;
  readonly namespace: string;
  readonly source: string;
}

export interface FluxBuild {
  readonly kustomizations: FluxKustomizationStep[];
  readonly external: ExternalKustomization[];
  /** Build failures (`kubectl kustomize` errors), each naming the Kustomization and path. */
  readonly errors: string[];
}

const FLUX_KS_GROUP = 'kustomize.toolkit.fluxcd.io/';
const SUBSTITUTE_DISABLED = 'kustomize.toolkit.fluxcd.io/substitute';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function meta(object: JsonObject): JsonObject {
  return isObject(object.metadata) ? object.metadata : {};
}

/** `kubectl kustomize` of one folder; rejects with kubectl's message. */
export function kustomizeBuild(kubectl: string, dir: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(kubectl, ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error((stderr || error.message).trim().split('\n').slice(-3).join(' ')));
      else resolvePromise(stdout);
    });
  });
}

/**
 * Flux's postBuild substitution on one document's text: `${var}`, `${var:=default}`,
 * `${var:-default}`; `$${var}` stays a literal `${var}`; `$var` without braces is left alone (as the
 * kustomize-controller docs say). Unset variables become empty strings (non-strict mode).
 */
export function substituteVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::?([=-])([^}]*))?\}/g, (whole, escaped: string, name: string, _op: string | undefined, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const value = vars.get(name);
    if (value !== undefined && value !== '') return value;
    return fallback ?? '';
  });
}

function parseDocuments(text: string, file: string): JsonObject[] {
  try {
    return loadAll(text).filter(isObject);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Splits kustomize output into documents, substitutes each (unless disabled) and parses it. */
export function substituteAndParse(built: string, vars: ReadonlyMap<string, string> | undefined, file: string): JsonObject[] {
  const docs = built.split(/^---\s*$/m).filter((d) => d.trim() !== '');
  const objects: JsonObject[] = [];
  for (const doc of docs) {
    const disabled = new RegExp(`${SUBSTITUTE_DISABLED.replace(/[./]/g, '\\$&')}:\\s*["']?disabled`).test(doc);
    objects.push(...parseDocuments(vars && !disabled ? substituteVariables(doc, vars) : doc, file));
  }
  return objects;
}

function dependsOnOf(spec: JsonObject, namespace: string): { name: string; namespace: string }[] {
  const list = Array.isArray(spec.dependsOn) ? spec.dependsOn : [];
  return list.filter(isObject).map((d) => ({ name: String(d.name), namespace: typeof d.namespace === 'string' ? d.namespace : namespace }));
}

/** The variables a Kustomization's postBuild provides, given the ConfigMaps/Secrets it may read. */
function postBuildVariables(spec: JsonObject, configMaps: ReadonlyMap<string, Record<string, string>>, namespace: string): Map<string, string> | undefined {
  const postBuild = isObject(spec.postBuild) ? spec.postBuild : undefined;
  if (!postBuild) return undefined;
  const vars = new Map<string, string>();
  for (const from of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom.filter(isObject) : []) {
    const data = configMaps.get(`${String(from.kind)} ${namespace}/${String(from.name)}`);
    if (data) for (const [k, v] of Object.entries(data)) vars.set(k, v);
  }
  if (isObject(postBuild.substitute)) for (const [k, v] of Object.entries(postBuild.substitute)) vars.set(k, String(v));
  return vars;
}

export interface FluxBuildOptions {
  readonly kubectl: string;
  /** Repository root: Kustomization paths (`./gitops/clusters/x`) are relative to it. */
  readonly root: string;
  /** The cluster's folder relative to `root` (`gitops/clusters/<cluster>`). */
  readonly clusterPath: string;
  /**
   * Objects that exist at bootstrap and that substituteFrom may read, by `Kind namespace/name`
   * (the cluster-settings ConfigMap with example values).
   */
  readonly bootstrapData: ReadonlyMap<string, Record<string, string>>;
  /** Builds a folder; default `kubectl kustomize`. Injected for caching. */
  readonly build?: (dir: string) => Promise<string>;
}

/** Builds every Flux Kustomization of one cluster that this repository serves. */
export async function buildFluxKustomizations(options: FluxBuildOptions): Promise<FluxBuild> {
  const build = options.build ?? ((dir: string) => kustomizeBuild(options.kubectl, dir));
  const kustomizations: FluxKustomizationStep[] = [];
  const external: ExternalKustomization[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();

  // The flux-system Kustomization that `flux bootstrap` creates points at the cluster folder.
  const gotkSync = join(options.root, options.clusterPath, 'flux-system', 'gotk-sync.yaml');
  let rootKs: JsonObject = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'flux-system', namespace: 'flux-system' },
    spec: { path: `./${options.clusterPath}`, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  };
  if (existsSync(gotkSync)) {
    const found = parseDocuments(readFileSync(gotkSync, 'utf8'), gotkSync).find((o) => String(o.apiVersion).startsWith(FLUX_KS_GROUP) && o.kind === 'Kustomization');
    if (found) rootKs = found;
  }

  let queue: JsonObject[] = [rootKs];
  while (queue.length > 0) {
    const next: JsonObject[] = [];
    const results = await Promise.all(
      queue.map(async (ks) => {
        const m = meta(ks);
        const name = String(m.name);
        const namespace = typeof m.namespace === 'string' ? m.namespace : 'flux-system';
        const spec = isObject(ks.spec) ? ks.spec : {};
        const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
        const path = typeof spec.path === 'string' ? spec.path : './';
        const step = {
          name,
          namespace,
          dependsOn: dependsOnOf(spec, namespace),
          wait: spec.wait === true,
          healthChecks: (Array.isArray(spec.healthChecks) ? spec.healthChecks.filter(isObject) : []).map((h) => ({
            kind: String(h.kind),
            name: String(h.name),
            ...(typeof h.namespace === 'string' ? { namespace: h.namespace } : {}),
          })),
          path,
        };
        const sourceNs = typeof sourceRef.namespace === 'string' ? sourceRef.namespace : namespace;
        if (sourceRef.kind !== 'GitRepository' || sourceRef.name !== 'flux-system' || sourceNs !== 'flux-system') {
          return { external: { name, namespace, source: `${String(sourceRef.kind)} ${sourceNs}/${String(sourceRef.name)}` } };
        }
        const dir = join(options.root, posix.normalize(path));
        try {
          const text = await build(dir);
          const vars = postBuildVariables(spec, options.bootstrapData, namespace);
          const objects = substituteAndParse(text, vars, posix.normalize(path));
          return { step: { ...step, objects } };
        } catch (error) {
          return { error: `Kustomization ${namespace}/${name}: kubectl kustomize ${posix.normalize(path)} failed: ${(error as Error).message}` };
        }
      }),
    );
    for (const r of results) {
      if ('external' in r && r.external) external.push(r.external);
      if ('error' in r && r.error) errors.push(r.error);
      if (!('step' in r) || !r.step) continue;
      const ksName = r.step.name;
      const objects: RenderedObject[] = r.step.objects.map((object) => ({ object, origin: { file: `${r.step.path.replace(/^\.\//, '')} (kustomize build)`, kustomization: ksName } }));
      kustomizations.push({ ...r.step, objects });
      for (const o of r.step.objects) {
        if (!String(o.apiVersion).startsWith(FLUX_KS_GROUP) || o.kind !== 'Kustomization') continue;
        const key = `${String(meta(o).namespace ?? 'flux-system')}/${String(meta(o).name)}`;
        if (seen.has(key) || key === 'flux-system/flux-system') continue;
        seen.add(key);
        next.push(o);
      }
    }
    queue = next;
  }
  kustomizations.sort((a, b) => a.name.localeCompare(b.name));
  return { kustomizations, external, errors };
}

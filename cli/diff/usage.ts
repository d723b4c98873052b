import { posix } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { isPlainObject } from './values';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function kustomizationOf(files: ReadonlyMap<string, string>, dir: string): Record<string, unknown> | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const text = files.get(dir === '' ? name : `${dir}/${name}`);
    if (text === undefined) continue;
    try {
      const value = parse(text) as unknown;
      return isPlainObject(value) ? value : {};
    } catch {
      return {};
    }
  }
  return undefined;
}

/** Flux `spec.path` of the Kustomizations in a file, as folders of the gitops tree. */
function fluxPaths(text: string): string[] {
  const paths: string[] = [];
  // Most files hold no Flux Kustomization: skip parsing them.
  if (!text.includes('kustomize.toolkit.fluxcd.io')) return paths;
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) continue;
    const value = doc.toJS() as unknown;
    if (!isPlainObject(value) || value.kind !== 'Kustomization' || typeof value.apiVersion !== 'string') continue;
    if (!value.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') || !isPlainObject(value.spec) || typeof value.spec.path !== 'string') continue;
    const clean = posix.normalize(value.spec.path.replace(/^\.?\/+/, '')).replace(/\/+$/, '');
    paths.push(clean.startsWith('gitops/') ? clean.slice('gitops/'.length) : clean);
  }
  return paths;
}

/**
 * For each cluster, the files of the gitops tree it applies: its `clusters/<cluster>` folder, the
 * folders its Flux Kustomizations point at, and whatever their kustomization.yaml files list as
 * resources, components or patches (shared infrastructure/ and apps/ folders included). Read from
 * the files alone, so the diff can say which clusters a change to a shared tree reaches.
 */
export function filesByCluster(files: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const clusters = [...new Set([...files.keys()].map((f) => /^clusters\/([^/]+)\//.exec(f)?.[1]).filter((c): c is string => c !== undefined))].sort();
  const result = new Map<string, Set<string>>();
  // Clusters share most of the shared trees: parse each kustomization and manifest once.
  const kustomizations = new Map<string, Record<string, unknown> | undefined>();
  const kustomization = (dir: string) => {
    if (!kustomizations.has(dir)) kustomizations.set(dir, kustomizationOf(files, dir));
    return kustomizations.get(dir);
  };
  const paths = new Map<string, string[]>();
  const pathsOf = (file: string) => {
    if (!paths.has(file)) paths.set(file, /\.ya?ml$/.test(file) ? fluxPaths(files.get(file)!) : []);
    return paths.get(file)!;
  };
  const all = [...files.keys()];
  for (const cluster of clusters) {
    const used = new Set<string>();
    const seen = new Set<string>();
    const visitFile = (file: string) => {
      if (used.has(file) || !files.has(file)) return;
      used.add(file);
      for (const path of pathsOf(file)) visitDir(path);
    };
    const visitDir = (dir: string) => {
      if (seen.has(dir)) return;
      seen.add(dir);
      const config = kustomization(dir);
      if (!config) {
        // Flux applies every manifest below a folder without a kustomization file.
        for (const file of all) if (file.startsWith(`${dir}/`)) visitFile(file);
        return;
      }
      for (const name of KUSTOMIZATION_FILES) visitFile(dir === '' ? name : `${dir}/${name}`);
      const entries: unknown[] = [
        ...(Array.isArray(config.resources) ? config.resources : []),
        ...(Array.isArray(config.components) ? config.components : []),
        ...(Array.isArray(config.patches) ? config.patches.map((p: unknown) => (isPlainObject(p) ? p.path : undefined)) : []),
        ...(Array.isArray(config.patchesStrategicMerge) ? config.patchesStrategicMerge : []),
      ];
      for (const entry of entries) {
        if (typeof entry !== 'string' || /^[a-z]+:\/\//.test(entry)) continue;
        const target = posix.normalize(posix.join(dir, entry));
        if (files.has(target)) visitFile(target);
        else visitDir(target);
      }
    };
    visitDir(`clusters/${cluster}`);
    result.set(cluster, used);
  }
  return result;
}

/** The clusters that apply `file`, sorted. */
export function clustersUsing(usage: ReadonlyMap<string, ReadonlySet<string>>, file: string): string[] {
  return [...usage].filter(([, used]) => used.has(file)).map(([cluster]) => cluster).sort();
}

/**
 * Writes a render to a folder for inspection (`npm run render -- --out <dir>`), one file per object:
 * `<cluster>/<kustomization>/<Kind>_<namespace>_<name>.yaml` for plain manifests and
 * `<cluster>/helm/<namespace>_<release>/<Kind>_<namespace>_<name>.yaml` for chart output.
 * Keys are sorted, so the same render writes the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterRender, JsonObject, RenderedObject } from './types';

function fileName(object: JsonObject): string {
  const meta = (object.metadata ?? {}) as JsonObject;
  const safe = (s: unknown) => String(s ?? '').replace(/[^A-Za-z0-9._-]/g, '-');
  return `${safe(object.kind)}_${safe(meta.namespace ?? '_')}_${safe(meta.name)}.yaml`;
}

function write(dir: string, objects: readonly RenderedObject[]): number {
  mkdirSync(dir, { recursive: true });
  const used = new Map<string, number>();
  for (const { object } of objects) {
    let name = fileName(object);
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    if (n > 0) name = name.replace(/\.yaml$/, `_${n + 1}.yaml`);
    writeFileSync(join(dir, name), stringify(object, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return objects.length;
}

/** Replaces `outDir` with the rendered objects of `clusters`; returns how many files it wrote. */
export function writeRender(outDir: string, clusters: readonly ClusterRender[]): number {
  rmSync(outDir, { recursive: true, force: true });
  let files = 0;
  for (const cluster of clusters) {
    for (const ks of cluster.kustomizations) files += write(join(outDir, cluster.cluster, ks.name), ks.objects);
    for (const release of cluster.releases) files += write(join(outDir, cluster.cluster, 'helm', `${release.namespace}_${release.name}`), release.objects);
  }
  return files;
}

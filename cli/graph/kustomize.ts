import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** File names kustomize reads its configuration from. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Built {
  readonly docs: unknown[];
  /** False when the folder was read file by file instead of built (no kustomization file, or no kubectl). */
  readonly exact: boolean;
}

function parseDocs(text: string): unknown[] {
  return parseAllDocuments(text)
    .filter((d) => d.errors.length === 0)
    .map((d) => d.toJS() as unknown)
    .filter((v) => v !== null && v !== undefined);
}

/** Every YAML document below `dir` except kustomize's own configuration: what Flux applies from a folder without one. */
function readFolder(dir: string): unknown[] {
  if (!existsSync(dir)) return [];
  const docs: unknown[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) docs.push(...readFolder(path));
    else if (/\.ya?ml$/.test(entry) && !KUSTOMIZATION_FILES.includes(entry)) docs.push(...parseDocs(readFileSync(path, 'utf8')));
  }
  return docs;
}

/**
 * What a Flux Kustomization with `path: <dir>` applies: `kubectl kustomize` with the load
 * restrictor off, as kustomize-controller runs it (resources from the shared trees, patches
 * applied), or the folder's files when it has no kustomization file or kubectl is missing.
 */
export function kustomizeBuilder(gitopsDir: string): (dir: string) => Built {
  let kubectl = true;
  return (dir) => {
    const folder = join(gitopsDir, dir);
    if (kubectl && KUSTOMIZATION_FILES.some((f) => existsSync(join(folder, f)))) {
      const result = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', folder], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (result.error) kubectl = false;
      else if (result.status === 0) return { docs: parseDocs(result.stdout), exact: true };
    }
    return { docs: readFolder(folder), exact: false };
  };
}

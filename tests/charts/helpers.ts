import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { GitopsFiles } from '../../charts/index';

/** A parsed Kubernetes object. */
export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any } & Record<string, any>;

/** Every document of a YAML text. */
export function parseDocs(text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d !== null && d !== undefined);
}

/** Every object in every YAML file of the map, with its file. */
export function objectsIn(files: GitopsFiles): { path: string; obj: Obj }[] {
  const out: { path: string; obj: Obj }[] = [];
  for (const [path, content] of files) {
    if (!/\.ya?ml$/.test(path)) continue;
    for (const obj of parseDocs(content)) out.push({ path, obj });
  }
  return out;
}

/** Writes the map into a fresh temporary folder and returns it. */
export function writeTree(files: GitopsFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-test-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `kubectl kustomize` of one folder of a written tree, parsed. Throws with kubectl's message. */
export function kustomize(root: string, dir: string): Obj[] {
  const out = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', join(root, dir)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseDocs(out);
}

/** A Flux Kustomization's spec.path as a folder of the tree (`./gitops/x` -> `x`). */
export function treePath(specPath: string, root = './gitops'): string {
  if (!specPath.startsWith(`${root}/`)) throw new Error(`${specPath} is outside ${root}`);
  return specPath.slice(root.length + 1);
}

export const key = (o: { name: string; namespace?: string }) => `${o.namespace ?? ''}/${o.name}`;

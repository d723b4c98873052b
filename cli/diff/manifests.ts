import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ObjectId } from './types';
import { isPlainObject } from './values';

/** Every file below `dir` (relative, `/`-separated, sorted) with its text. */
export function readGitops(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative)).sort()) {
      const path = relative === '' ? entry : `${relative}/${entry}`;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** Files directly in gitops/. */
export const ROOT_SECTION = '(root)';

/** `clusters/<cluster>` per cluster; the shared trees (infrastructure/, apps/, ...) by top-level folder. */
export function sectionOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'clusters' && parts.length > 2) return `clusters/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : ROOT_SECTION;
}

export interface KubernetesObject {
  readonly id: ObjectId;
  readonly file: string;
  readonly value: Record<string, unknown>;
}

/** What one file holds: Kubernetes objects, and whatever else (compared as the file's content). */
export interface ParsedFile {
  readonly objects: KubernetesObject[];
  /** undefined when the file holds only Kubernetes objects. */
  readonly rest?: { readonly structured: boolean; readonly value: unknown };
}

function objectId(doc: unknown): ObjectId | undefined {
  if (!isPlainObject(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return undefined;
  const metadata = doc.metadata;
  if (!isPlainObject(metadata) || typeof metadata.name !== 'string') return undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return { apiVersion: doc.apiVersion, kind: doc.kind, ...(namespace ? { namespace } : {}), name: metadata.name };
}

export function parseFile(path: string, text: string): ParsedFile {
  if (/\.ya?ml$/.test(path)) {
    const docs = parseAllDocuments(text);
    if (docs.some((d) => d.errors.length > 0)) return { objects: [], rest: { structured: false, value: text } };
    const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
    const objects: KubernetesObject[] = [];
    const others: unknown[] = [];
    for (const value of values) {
      const id = objectId(value);
      if (id) objects.push({ id, file: path, value: value as Record<string, unknown> });
      else others.push(value);
    }
    if (others.length === 0 && objects.length > 0) return { objects };
    return { objects, rest: { structured: true, value: others.length === 1 ? others[0] : others } };
  }
  if (path.endsWith('.json')) {
    try {
      return { objects: [], rest: { structured: true, value: JSON.parse(text) as unknown } };
    } catch {
      // Not valid JSON: compared as text below.
    }
  }
  return { objects: [], rest: { structured: false, value: text } };
}

export function idKey(id: ObjectId): string {
  return `${id.apiVersion}|${id.kind}|${id.namespace ?? ''}|${id.name}`;
}

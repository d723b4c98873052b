import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildGitops } from '../charts/index';
import { loadPlatform } from '../config/load';
import { findEncryptedSecrets } from './encrypted-secrets';

export interface GitopsDrift {
  /** Files synth would write that the committed tree lacks. */
  readonly missing: string[];
  /** Committed files synth would not write. */
  readonly extra: string[];
  /** Files whose committed content differs from what synth writes. */
  readonly changed: string[];
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path));
    }
  };
  walk(dir);
  return files.sort();
}

/** Compares the committed gitops/ with what synth writes from environments/, in memory. */
export async function gitopsDrift(root: string): Promise<GitopsDrift> {
  const dir = join(root, 'gitops');
  const encryptedSecrets = findEncryptedSecrets(dir);
  const expected = await buildGitops(loadPlatform(join(root, 'environments'), { relativeTo: root }), { encryptedSecrets });
  const actual = new Set(listFiles(dir));
  const drift: GitopsDrift = { missing: [], extra: [], changed: [] };
  for (const [path, content] of [...expected].sort(([a], [b]) => a.localeCompare(b))) {
    if (!actual.has(path)) drift.missing.push(path);
    else if (readFileSync(join(dir, path), 'utf8') !== content) drift.changed.push(path);
  }
  const kept = new Set(encryptedSecrets);
  for (const path of actual) if (!expected.has(path) && !kept.has(path)) drift.extra.push(path);
  return drift;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGitops } from '../charts/index';
import { loadPlatform } from '../config/load';
import { findEncryptedSecrets } from './encrypted-secrets';
import { listFiles } from './files';

export interface GitopsDrift {
  /** Files synth would write that the committed tree lacks. */
  readonly missing: string[];
  /** Committed files synth would not write. */
  readonly extra: string[];
  /** Files whose committed content differs from what synth writes. */
  readonly changed: string[];
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

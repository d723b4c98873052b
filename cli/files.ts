import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GitopsFiles } from '../charts/index';

/** Writes a synthesized file map below `dir`, in sorted path order. */
export function writeFiles(dir: string, files: GitopsFiles): void {
  for (const path of [...files.keys()].sort()) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path)!);
  }
}

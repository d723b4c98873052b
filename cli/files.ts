import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GitopsFiles } from '../charts/index';

/** Writes a synthesized file map below `dir`, in sorted path order. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string | Buffer>): void {
  for (const path of [...files.keys()].sort()) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files.get(path)!);
  }
}

/** Every file below `dir` as a `/`-separated relative path, sorted; none when `dir` is missing. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/** Every file below `dir` with its content, keyed as listFiles names them (the reverse of writeFiles). */
export function readFiles(dir: string): GitopsFiles {
  return new Map(listFiles(dir).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

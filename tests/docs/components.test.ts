import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOGUE } from '../../cli/docs/catalogue';
import { componentRelations } from '../../cli/docs/dependencies';
import { COMPONENT_DOCS_DIR, generateDocs } from '../../cli/docs/generate';
import { PENDING } from '../../cli/docs/render';
import { loadPlatform } from '../../config/load';
import { COMPONENTS } from '../../config/schema';
import { edit, ENVIRONMENTS, ROOT } from '../support/environments';
import { runScript } from '../support/run';

const docsDir = join(ROOT, COMPONENT_DOCS_DIR);
const page = (component: string) => readFileSync(join(docsDir, `${component}.md`), 'utf8');

describe('docs/components', () => {
  it('equals what npm run docs generates (run it and commit docs/components/ when this fails)', () => {
    const generated = generateDocs(ROOT);
    const committed = new Map(
      readdirSync(docsDir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => [`${COMPONENT_DOCS_DIR}/${f}`, readFileSync(join(docsDir, f), 'utf8')]),
    );
    expect([...committed.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [path, content] of generated) expect(committed.get(path), path).toBe(content);
  });

  it('has a page for every component, with the version pinned in defaults.yaml', () => {
    const defaults = parse(readFileSync(join(ENVIRONMENTS, 'defaults.yaml'), 'utf8')) as {
      cluster: { components: Record<string, { version: string; enabled: boolean }> };
    };
    for (const component of COMPONENTS) {
      expect(existsSync(join(docsDir, `${component}.md`)), component).toBe(true);
      const pinned = /\| Pinned version \| `([^`]+)`/.exec(page(component))?.[1];
      expect(pinned, component).toBe(defaults.cluster.components[component]!.version);
      expect(page(component)).toContain(`| Enabled by default | ${defaults.cluster.components[component]!.enabled ? 'yes' : 'no'} |`);
      expect(readFileSync(join(docsDir, 'README.md'), 'utf8')).toContain(`[${component}](${component}.md)`);
    }
  });

  it('describes each component from the catalogue, and marks what the gitops side has not described yet', () => {
    for (const component of COMPONENTS) {
      const doc = CATALOGUE[component];
      const text = page(component);
      expect(text).toContain(`# ${doc.title}\n`);
      expect(text).toContain(doc.repository);
      for (const chart of doc.charts) expect(text).toContain(`\`${chart}\``);
      for (const field of ['baseValues', 'dependsOn', 'networkPolicy', 'waivers'] as const) {
        const marked = text.includes(`Set \`${field}\` for this component`);
        expect(marked, `${component} ${field}`).toBe(doc[field] === undefined);
      }
      if (text.includes(PENDING)) expect(text).toMatch(/> \*\*Pending \(gitops\):\*\* /);
    }
  });

  it('states the dependencies config/rules.ts enforces', () => {
    const relations = componentRelations(loadPlatform(ENVIRONMENTS, { relativeTo: ROOT }).clusters[0]!);
    expect(relations.vault.requires.map((r) => r.oneOf)).toEqual([['cert-manager']]);
    expect(relations['external-dns'].requires.map((r) => r.oneOf)).toEqual([['envoy-gateway', 'ingress-nginx']]);
    expect(relations.alloy.requires.map((r) => r.oneOf)).toEqual([['loki']]);
    expect(relations['cert-manager'].neededBy).toEqual(expect.arrayContaining(['envoy-gateway', 'vault', 'istio', 'opentelemetry-collector']));
    expect(relations.metallb.refusedOn.map((r) => r.provider)).toEqual(['oci-oke']);
    expect(COMPONENTS.filter((c) => relations[c].addsLoadBalancer)).toEqual(['envoy-gateway', 'ingress-nginx']);
    expect(relations['cert-manager'].wave).toBe(0);
    expect(relations.alloy.wave).toBe(relations.loki.wave + 1);
    expect(page('vault')).toContain('- [cert-manager](cert-manager.md): "vault needs cert-manager enabled"');
    expect(page('metallb')).toContain('Not on `oci-oke`:');
  });

  it('links only to pages that exist', () => {
    for (const file of readdirSync(docsDir)) {
      for (const [, target] of readFileSync(join(docsDir, file), 'utf8').matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        expect(existsSync(join(docsDir, target!)), `${file} -> ${target}`).toBe(true);
      }
    }
  });

  it('goes stale the moment defaults.yaml changes a version, and npm run docs -- --check says so', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-'));
    cpSync(ENVIRONMENTS, join(root, 'environments'), { recursive: true });
    cpSync(join(ROOT, 'docs'), join(root, 'docs'), { recursive: true });
    expect(runScript('cli/docs.ts', ['--check'], root)).toMatchObject({ code: 0 });
    edit(join(root, 'environments'), 'defaults.yaml', [[['cluster', 'components', 'loki', 'version'], '18.12.0']]);
    expect(generateDocs(root).get(`${COMPONENT_DOCS_DIR}/loki.md`)).toContain('| Pinned version | `18.12.0`');
    const check = runScript('cli/docs.ts', ['--check'], root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`differs  ${COMPONENT_DOCS_DIR}/loki.md`);
    expect(check.stderr).toContain(`differs  ${COMPONENT_DOCS_DIR}/README.md`);
    const write = runScript('cli/docs.ts', [], root);
    expect(write).toMatchObject({ code: 0, stdout: expect.stringContaining('wrote 2') });
    expect(runScript('cli/docs.ts', ['--check'], root).code).toBe(0);
    expect(dirname(join(root, COMPONENT_DOCS_DIR, 'loki.md'))).toBe(join(root, COMPONENT_DOCS_DIR));
  });
});

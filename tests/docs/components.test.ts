import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOGUE } from '../../cli/docs/catalogue';
import { componentRelations } from '../../cli/docs/dependencies';
import { COMPONENT_DOCS_DIR, generateDocs } from '../../cli/docs/generate';
import { describeGitops, waiversFor } from '../../cli/docs/gitops';
import { loadPlatform } from '../../config/load';
import { COMPONENTS } from '../../config/schema';
import { RELEASES, releasesOf } from '../../config/platform-releases';
import { parseWaivers } from '../../policy/waivers';
import { edit, ENVIRONMENTS, ROOT } from '../support/environments';
import { runScript } from '../support/run';

const docsDir = join(ROOT, COMPONENT_DOCS_DIR);
const page = (component: string) => readFileSync(join(docsDir, `${component}.md`), 'utf8');
const platform = loadPlatform(ENVIRONMENTS, { relativeTo: ROOT });
const defaults = parse(readFileSync(join(ENVIRONMENTS, 'defaults.yaml'), 'utf8')) as {
  cluster: { components: Record<string, { version: string; enabled: boolean }> };
};

/** A scratch project with what `npm run docs` reads, to change and check. */
function scratch(): string {
  const root = mkdtempSync(join(tmpdir(), 'docs-'));
  cpSync(ENVIRONMENTS, join(root, 'environments'), { recursive: true });
  cpSync(join(ROOT, 'docs'), join(root, 'docs'), { recursive: true });
  mkdirSync(join(root, 'policy'));
  cpSync(join(ROOT, 'policy', 'waivers.yaml'), join(root, 'policy', 'waivers.yaml'));
  cpSync(join(ROOT, 'renovate.json'), join(root, 'renovate.json'));
  return root;
}

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
    for (const component of COMPONENTS) {
      expect(existsSync(join(docsDir, `${component}.md`)), `${component} has no page: run npm run docs`).toBe(true);
      const pinned = /\| Pinned version \| `([^`]+)`/.exec(page(component))?.[1];
      expect(pinned, component).toBe(defaults.cluster.components[component]!.version);
      expect(page(component)).toContain(`| Enabled by default | ${defaults.cluster.components[component]!.enabled ? 'yes' : 'no'} |`);
      expect(readFileSync(join(docsDir, 'README.md'), 'utf8')).toContain(`[${component}](${component}.md)`);
    }
  });

  it('describes what each component deploys from the rendered constructs, with nothing left pending', () => {
    const base = platform.clusters[0]!;
    const waivers = parseWaivers(readFileSync(join(ROOT, 'policy', 'waivers.yaml'), 'utf8'));
    for (const component of COMPONENTS) {
      const text = page(component);
      expect(text, component).not.toMatch(/Pending|Set `\w+` for this component/);
      const title = CATALOGUE[component]?.title;
      if (title) expect(text).toContain(`# ${title}\n`);
      const facts = describeGitops(component, defaults.cluster.components[component]!.version, base, new Set(COMPONENTS));
      expect(text).toContain(`| Namespace | \`${facts.namespace.name}\`, Pod Security \`${facts.namespace.podSecurity}\` |`);
      if (facts.namespace.reason) expect(text).toContain(facts.namespace.reason);
      expect(facts.releases.map((r) => r.name)).toEqual(releasesOf(component));
      for (const release of facts.releases) {
        expect(text).toContain(`| \`${release.namespace}/${release.name}\` | \`${release.chart}\``);
        expect(text).toContain(`${release.sourceKind} \`${release.sourceUrl}\``);
        for (const dependency of [...RELEASES[release.name].after, ...release.dependsOnIfEnabled]) {
          expect(text, `${component}: dependsOn ${dependency}`).toContain(`(\`${RELEASES[dependency].namespace}/${dependency}\`)`);
        }
        for (const key of Object.keys(release.baseValues)) expect(text).toContain(`<code>${key}</code>`);
      }
      for (const policy of facts.networkPolicies) expect(text).toContain(`| \`${policy.name}\` |`);
      expect(facts.networkPolicies.map((p) => p.name)).toEqual(expect.arrayContaining(['default-deny', 'allow-dns']));
      for (const waiver of waiversFor(component, facts.namespace.name, waivers.waivers)) expect(text).toContain(waiver.resource);
      for (const secret of facts.secrets) expect(text).toContain(`\`${secret.namespace}/${secret.name}\``);
    }
  });

  it('reads the chart source, the allowances and the waivers from the code, not from prose', () => {
    // cert-manager comes from the OCI artifact its construct names, Vault's API is open to every namespace.
    expect(page('cert-manager')).toContain('OCIRepository `oci://quay.io/jetstack/charts/cert-manager`');
    expect(page('vault')).toMatch(/\| `allow-api` \| ingress \| every namespace \| TCP 8200 \|/);
    expect(page('vault')).toContain('| `vault/vault` | `vault` `');
    // Installed after the configs (its TLS Secret comes from a Certificate there), so Helm waits for it.
    expect(page('vault')).toMatch(/\| 10m \| yes \| `infra-services` \|/);
    expect(page('vault')).toContain('`vault` is installed by the `infra-services` Kustomization, after `infra-configs` is ready: its listener certificate');
    expect(page('keycloak')).toContain('`gitops/infrastructure/services/keycloak/` holds one HelmRelease');
    expect(page('cert-manager')).toMatch(/\| 10m \| yes \| `infra-controllers` \|/);
    expect(page('cert-manager')).toContain('waives `secret-reference-missing` for `gitops/clusters/*/infrastructure/configs/cert-manager/');
    expect(page('cert-manager')).toContain('`cert-manager/cloudflare-api-token`');
    expect(page('kube-prometheus-stack')).toMatch(/enforces `privileged` instead of `restricted`/);
    expect(page('alloy')).toContain('- `alloy` waits for [loki](loki.md) (`loki/loki`)');
    expect(page('istio')).toContain('- `istiod` sets `global.meshID`');
  });

  it('states the dependencies config/rules.ts enforces', () => {
    const relations = componentRelations(platform.clusters[0]!);
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

  it('goes stale when defaults.yaml or a waiver changes, misses a page, and npm run docs -- --check says so', () => {
    const root = scratch(); // up to date, as the first test shows for the repository

    edit(join(root, 'environments'), 'defaults.yaml', [[['cluster', 'components', 'loki', 'version'], '18.12.0']]);
    const waivers = join(root, 'policy', 'waivers.yaml');
    writeFileSync(waivers, readFileSync(waivers, 'utf8').replace('cannot ship with the template', 'are not part of the template'));
    rmSync(join(root, COMPONENT_DOCS_DIR, 'vault.md'));
    writeFileSync(join(root, COMPONENT_DOCS_DIR, 'retired-thing.md'), '# gone\n');
    expect(generateDocs(root).get(`${COMPONENT_DOCS_DIR}/loki.md`)).toContain('| Pinned version | `18.12.0`');

    const check = runScript('cli/docs.ts', ['--check'], root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`differs  ${COMPONENT_DOCS_DIR}/loki.md`);
    expect(check.stderr).toContain(`differs  ${COMPONENT_DOCS_DIR}/README.md`);
    expect(check.stderr).toContain(`differs  ${COMPONENT_DOCS_DIR}/cert-manager.md`);
    expect(check.stderr).toContain(`missing  ${COMPONENT_DOCS_DIR}/vault.md`);
    expect(check.stderr).toContain(`extra    ${COMPONENT_DOCS_DIR}/retired-thing.md`);

    const write = runScript('cli/docs.ts', [], root);
    expect(write).toMatchObject({ code: 0, stdout: expect.stringContaining('wrote 4 and removed 1') });
    expect(runScript('cli/docs.ts', ['--check'], root).code).toBe(0);
    expect(readFileSync(join(root, COMPONENT_DOCS_DIR, 'cert-manager.md'), 'utf8')).toContain('are not part of the template');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../cli/docs/catalogue';
import { describeGitops, renovateLookup } from '../../cli/docs/gitops';
import { groupOf as groupIn, type Dependency, type PackageRule } from '../../cli/docs/renovate';
import { loadPlatform } from '../../config/load';
import { COMPONENTS } from '../../config/schema';
import { BARMAN_CLOUD_CHART_VERSION } from '../../constructs/components/cloudnative-pg';
import { CDKTN } from '../../scripts/cdktn-compare';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { actionRefs, codePins, covering, extract, repositoryPins, selects, yamlPins, type ActionRef, type CustomManager } from './pins';

interface RenovateConfig {
  readonly extends?: readonly string[];
  readonly customManagers: readonly CustomManager[];
  readonly packageRules: readonly PackageRule[];
  readonly enabledManagers?: readonly string[];
  readonly postUpgradeTasks?: { readonly commands: readonly string[] };
}

const text = readFileSync(join(ROOT, 'renovate.json'), 'utf8');
const config = JSON.parse(text) as RenovateConfig;
const { pins, texts } = repositoryPins(ROOT);
const groupOf = (dep: Dependency) => groupIn(config.packageRules, dep);

/**
 * Fields Renovate documents for regex custom managers and for packageRules (as used here). The
 * full schema (renovate-schema.json) is not vendored; this keeps typos out.
 */
const MANAGER_FIELDS = new Set([
  'customType', 'description', 'managerFilePatterns', 'matchStrings', 'matchStringsStrategy', 'depNameTemplate', 'packageNameTemplate',
  'datasourceTemplate', 'registryUrlTemplate', 'versioningTemplate', 'extractVersionTemplate', 'depTypeTemplate', 'currentValueTemplate',
  'autoReplaceStringTemplate',
]);
const RULE_FIELDS = new Set([
  'description', 'groupName', 'matchDepNames', 'matchPackageNames', 'matchDatasources', 'matchDepTypes', 'matchManagers', 'matchFileNames',
  'matchUpdateTypes', 'enabled', 'dependencyDashboardApproval', 'automerge', 'schedule', 'labels', 'prBodyNotes', 'allowedVersions',
]);

/** What Renovate extracts at a pin, by the manager that covers it. */
const at = (file: string, version: string) => {
  const pin = pins.find((p) => p.file === file && p.version === version);
  if (!pin) throw new Error(`no pin ${version} in ${file}`);
  return covering(pin, config.customManagers, texts.get(file)!);
};

/** A full commit SHA, and the full release (vX.Y.Z) it is, as helpers:pinGitHubActionDigestsToSemver tracks it. */
const pinnedByDigest = (ref: ActionRef) => /^[0-9a-f]{40}$/.test(ref.ref) && /^v\d+\.\d+\.\d+$/.test(ref.comment ?? '');

describe('renovate.json', () => {
  it('is valid JSON with regex custom managers Renovate can run, using documented fields only', () => {
    expect(config.customManagers.length).toBeGreaterThan(0);
    for (const manager of config.customManagers) {
      expect(Object.keys(manager).filter((k) => !MANAGER_FIELDS.has(k)), manager.description).toEqual([]);
      expect(manager.customType).toBe('regex');
      expect(manager.managerFilePatterns?.length, manager.description).toBeGreaterThan(0);
      for (const source of manager.matchStrings) {
        // RE2 (what Renovate runs) has no lookaround and no backreferences.
        expect(source, manager.description).not.toMatch(/\(\?<?[=!]|\\k<|\\[1-9]/);
        expect(() => new RegExp(source, 'g')).not.toThrow();
        expect(source, manager.description).toMatch(/\(\?<currentValue>|\(\?<currentDigest>/);
      }
      const hasDep = manager.depNameTemplate !== undefined || manager.matchStrings.every((s) => s.includes('(?<depName>'));
      const hasDatasource = manager.datasourceTemplate !== undefined || manager.matchStrings.every((s) => s.includes('(?<datasource>'));
      expect(hasDep && hasDatasource, manager.description).toBe(true);
    }
    for (const rule of config.packageRules) expect(Object.keys(rule).filter((k) => !RULE_FIELDS.has(k)), rule.description).toEqual([]);
    expect(config.enabledManagers, 'the npm and github-actions managers must stay on for package.json and uses:').toBeUndefined();
  });

  it('groups updates the way operators review them', () => {
    const groups = new Set(config.packageRules.map((r) => r.groupName).filter(Boolean));
    expect([...groups].sort()).toEqual(['cert-manager', 'flux', 'images', 'ingress', 'kubernetes', 'observability', 'providers']);
    expect(groupOf({ depName: 'fluxcd/source-controller', datasource: 'github-releases' })).toBe('flux');
    expect(groupOf({ depName: 'fluxcd/flux2', datasource: 'github-releases' })).toBe('flux');
    expect(groupOf({ depName: 'quay.io/jetstack/charts/cert-manager', datasource: 'docker' })).toBe('cert-manager');
    expect(groupOf({ depName: 'cert-manager/cert-manager', datasource: 'github-releases' })).toBe('cert-manager');
    for (const name of ['kube-prometheus-stack', 'loki', 'tempo', 'alloy', 'opentelemetry-collector'] as const) {
      const { depName, datasource } = renovateLookup(describeGitops(name, '1.0.0', loadPlatform(ENVIRONMENTS).clusters[0]!, new Set(COMPONENTS)));
      expect(groupOf({ depName, datasource }), name).toBe('observability');
    }
    expect(groupOf({ depName: 'prometheus-operator/prometheus-operator', datasource: 'github-releases' })).toBe('observability');
    expect(groupOf({ depName: 'docker.io/envoyproxy/gateway-helm', datasource: 'docker' })).toBe('ingress');
    expect(groupOf({ depName: 'ingress-nginx', datasource: 'helm' })).toBe('ingress');
    expect(groupOf({ depName: 'oracle/oci', datasource: 'terraform-provider' })).toBe('providers');
    expect(groupOf({ depName: 'hashicorp/terraform', datasource: 'github-releases' })).toBe('providers');
    expect(groupOf({ depName: '@cdktf/provider-aws', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: 'cdktf', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: 'cdktn', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: '@cdktn/provider-aws', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: 'k3s-io/k3s', datasource: 'github-releases' })).toBe('kubernetes');
    expect(groupOf({ depName: 'kubernetes', datasource: 'github-releases' })).toBe('kubernetes');
    // Every image pin, in code or in environments/, lands in the images group.
    for (const pin of pins.filter((p) => p.kind === 'image')) {
      const [dep] = covering(pin, config.customManagers, texts.get(pin.file)!);
      expect(groupOf({ depName: dep?.depName, datasource: dep?.datasource, depType: dep?.manager.depTypeTemplate }), `${pin.file}:${pin.line}`).toBe('images');
    }
    // Component charts that happen to be OCI artifacts are not images.
    expect(groupOf({ depName: 'docker.io/envoyproxy/gateway-helm', datasource: 'docker' })).not.toBe('images');
  });

  it('finds pins in every place the repository keeps them, code included', () => {
    const kinds = new Set(pins.map((p) => `${p.file.split('/')[0]}:${p.kind}`));
    for (const kind of [
      'environments:version',
      'environments:k3sVersion',
      'environments:kubernetesVersion',
      'environments:image',
      'cdktf.json:terraform provider',
      'cdk8s.yaml:URL',
      'constructs:image',
      'charts:version literal',
      'constructs:version literal',
      '.github:tool version',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(pins.filter((p) => p.file === 'environments/defaults.yaml' && p.kind === 'version').length).toBeGreaterThanOrEqual(COMPONENTS.length);
    const inCode = (file: string) => pins.filter((p) => p.file === file).map((p) => p.version);
    expect(inCode('constructs/components/velero.ts')).toContain('v1.14.0');
    expect(inCode('charts/readme.ts')).toContain('v2.9.4');
    // The scaffolding's k3s default is read from config/kubernetes-support.yaml (kept by hand), not pinned in code.
    expect(inCode('cli/new/cluster-entry.ts')).toEqual([]);
    // Versions inside messages, comments and examples are not pins.
    expect(inCode('config/schema.ts')).toEqual([]);
  });

  it('every pinned version is matched by a custom manager', () => {
    const escaped = pins.filter((pin) => covering(pin, config.customManagers, texts.get(pin.file)!).length === 0);
    expect(escaped.map((p) => `${p.file}:${p.line}: ${p.kind} ${p.version} escapes every customManager`)).toEqual([]);
  });

  it('no pin is claimed twice (two managers would open competing pull requests)', () => {
    const doubled = pins.filter((pin) => covering(pin, config.customManagers, texts.get(pin.file)!).length > 1);
    expect(doubled.map((p) => `${p.file}:${p.line}: ${p.version}`)).toEqual([]);
  });

  it('looks each component up where its HelmRelease gets the chart (the rendered construct), in the group its docs page names', () => {
    const defaults = texts.get('environments/defaults.yaml')!;
    const base = loadPlatform(ENVIRONMENTS).clusters[0]!;
    for (const component of COMPONENTS) {
      const pin = yamlPins('environments/defaults.yaml', defaults).find(
        (p) => p.kind === 'version' && defaults.slice(0, p.offset).split('\n').at(-1)!.trimStart().startsWith(`${component}:`),
      );
      expect(pin, `${component}: no version pin in environments/defaults.yaml`).toBeDefined();
      const [dep] = covering(pin!, config.customManagers, defaults);
      const lookup = renovateLookup(describeGitops(component, pin!.version, base, new Set(COMPONENTS)), CATALOGUE[component]?.tracks);
      expect({ depName: dep?.depName, datasource: dep?.datasource, registryUrl: dep?.registryUrl }, component).toEqual({ registryUrl: undefined, ...lookup });
      const group = groupOf(lookup);
      const docsPage = readFileSync(join(ROOT, 'docs', 'components', `${component}.md`), 'utf8');
      expect(docsPage, component).toContain(`| Renovate | ${group ? `group \`${group}\`` : 'own pull requests'};`);
    }
  });

  it('extracts the dependency Renovate needs from each kind of pin', () => {
    const deps = config.customManagers.flatMap((m) =>
      [...texts.keys()].filter((file) => selects(m, file)).flatMap((file) => extract(m, texts.get(file)!).map((e) => ({ file, ...e }))),
    );
    const find = (value: string) => deps.find((d) => d.currentValue === value);
    // The Kubernetes pins the environments ship: a k3s release and OKE's version.
    const shipped = loadPlatform(ENVIRONMENTS).clusters;
    const k3s = shipped.find((c) => c.vps)!.vps!.k3sVersion;
    const oke = shipped.find((c) => c.provider === 'oci-oke')!.kubernetesVersion;
    expect(find(k3s)).toMatchObject({ depName: 'k3s-io/k3s', datasource: 'github-releases' });
    expect(deps.find((d) => d.file.startsWith('environments/') && d.depName === 'kubernetes')).toMatchObject({ currentValue: oke, datasource: 'github-releases' });
    // The example apps: dev's podinfo chart (an OCI artifact) and staging's podinfo image, at whatever version they pin.
    const apps = loadPlatform(ENVIRONMENTS).clusters.flatMap((c) => Object.values(c.apps));
    const chart = apps.find((a) => a.chart?.name === 'podinfo')!.chart!;
    const image = apps.find((a) => a.image?.startsWith('ghcr.io/stefanprodan/podinfo:'))!.image!;
    expect(deps.filter((d) => d.file.startsWith('environments/') && d.currentValue === chart.version).map((d) => `${d.datasource} ${d.depName}`)).toContain(
      'docker ghcr.io/stefanprodan/charts/podinfo',
    );
    expect(deps.filter((d) => d.file.startsWith('environments/') && d.currentValue === image.split(':')[1]).map((d) => `${d.datasource} ${d.depName}`)).toContain(
      'docker ghcr.io/stefanprodan/podinfo',
    );
    expect(deps.filter((d) => d.file.startsWith('environments/') && d.currentValue === '17.6')).toEqual([
      expect.objectContaining({ depName: 'docker.io/library/postgres', datasource: 'docker' }),
    ]);
    const ociConstraint = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { terraformProviders: string[] }).terraformProviders
      .find((e) => e.startsWith('oracle/oci@'))!.slice('oracle/oci@'.length);
    expect(find(ociConstraint)).toMatchObject({ depName: 'oracle/oci', datasource: 'terraform-provider' });
    expect(find('v1.7.4')).toMatchObject({ depName: 'fluxcd/source-controller', datasource: 'github-releases' });
    expect(find('v0.16.1')).toMatchObject({ depName: 'metallb/metallb', datasource: 'github-tags' });
    expect(at('constructs/components/velero.ts', 'v1.14.0')).toEqual([expect.objectContaining({ depName: 'velero/velero-plugin-for-aws', datasource: 'docker' })]);
    expect(at('constructs/components/database.ts', '17.6')).toEqual([expect.objectContaining({ depName: 'ghcr.io/cloudnative-pg/postgresql', datasource: 'docker' })]);
    // CloudNativePG's barman-cloud plugin: a companion chart pinned in code, from the operator's chart repository.
    expect(at('constructs/components/cloudnative-pg.ts', BARMAN_CLOUD_CHART_VERSION)).toEqual([
      expect.objectContaining({ depName: 'plugin-barman-cloud', datasource: 'helm', registryUrl: 'https://cloudnative-pg.github.io/charts' }),
    ]);
    // The cdktn comparison's scratch packages (scripts/cdktn-compare.ts CDKTN), read from the script.
    const scratch = pins.filter((p) => p.file === 'scripts/cdktn-compare.ts')
      .flatMap((pin) => covering(pin, config.customManagers, texts.get(pin.file)!).map((d) => [d.depName, pin.version, d.datasource]));
    expect(scratch.sort()).toEqual(Object.entries(CDKTN).map(([name, version]) => [name, version, 'npm']).sort());
    expect(at('charts/readme.ts', 'v2.9.4')).toEqual([expect.objectContaining({ depName: 'fluxcd/flux2', datasource: 'github-releases' })]);
    expect(at('.github/workflows/pull-request.yml', '1.15.9')).toEqual([expect.objectContaining({ depName: 'hashicorp/terraform', datasource: 'github-releases' })]);
  });

  it('would catch a pin that escapes in environments/: a new component, a block-style override, an https chart, a digest', () => {
    const file = 'environments/qa.yaml';
    const sample = [
      'clusters:',
      '  qa-a:',
      '    components:',
      '      brand-new-thing: { enabled: true, version: 9.9.9 }',
      '      cert-manager:',
      '        enabled: true',
      '        version: v1.22.0',
      '      loki: { version: "18.12.0", enabled: true }',
      '    apps:',
      '      web:',
      '        chart: { repository: https://charts.example.com, name: web, version: 1.2.3 }',
      '      db:',
      '        image: ghcr.io/example/db@sha256:' + 'a'.repeat(64),
      '',
    ].join('\n');
    const uncovered = yamlPins(file, sample)
      .filter((pin) => covering(pin, config.customManagers, sample).length === 0)
      .map((p) => p.version);
    expect(uncovered).toEqual(['9.9.9']);
  });

  it('would catch a pin that escapes in code: a new version constant or a chart version literal, but not an image or a k3s release', () => {
    const file = 'constructs/components/example.ts';
    const sample = [
      "/** Default image, e.g. 'ghcr.io/example/ignored:0.0.1' in a comment is no pin. */",
      "const IMAGE = 'ghcr.io/example/thing:1.2.3';",
      "const DIGEST = 'quay.io/example/pinned@sha256:" + 'b'.repeat(64) + "';",
      "const K3S = 'v1.35.0+k3s1';",
      "export const EXAMPLE_VERSION = '4.5.6';",
      "const release = { chart: 'example', version: '7.8.9' };",
      "const message = `needs at least 1.2.3, got ${IMAGE}`;",
      '',
    ].join('\n');
    const found = codePins(file, sample);
    expect(found.map((p) => `${p.kind} ${p.version}`)).toEqual([
      'image 1.2.3',
      `image sha256:${'b'.repeat(64)}`,
      'version literal v1.35.0+k3s1',
      'version literal 4.5.6',
      'version literal 7.8.9',
    ]);
    const uncovered = found.filter((pin) => covering(pin, config.customManagers, sample).length === 0).map((p) => p.version);
    expect(uncovered).toEqual(['4.5.6', '7.8.9']);
    // The same sample outside the scanned code paths is not the scanner's business, and tests are not code paths.
    expect(config.customManagers.some((m) => selects(m, 'tests/renovate/example.ts'))).toBe(false);
  });

  it('leaves the major of @types/node alone: it describes the Node major engines.node names (tests/toolchain), and moves with it', () => {
    expect(config.extends).toContain('helpers:disableTypesNodeMajor');
  });

  it('keeps every GitHub Action pinned by commit SHA, with the release Renovate updates it from in a comment', () => {
    // pinDigests for actions, and lookups restricted to full vX.Y.Z releases: an update moves the SHA
    // and rewrites the comment to the new release, instead of dropping to a floating major tag.
    expect(config.extends).toContain('helpers:pinGitHubActionDigestsToSemver');
    const workflows = join(ROOT, '.github', 'workflows');
    const refs = readdirSync(workflows)
      .filter((name) => /\.ya?ml$/.test(name))
      .flatMap((name) => actionRefs(`.github/workflows/${name}`, readFileSync(join(workflows, name), 'utf8')));
    expect(refs.map((r) => r.action)).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'hashicorp/setup-terraform']));
    expect(refs.filter((r) => !pinnedByDigest(r)).map((r) => `${r.file}:${r.line}: ${r.action}@${r.ref} ${r.comment ?? ''}`)).toEqual([]);
    // One release per action: two SHAs of one action would be two competing update branches.
    const releases = new Map<string, Set<string>>();
    for (const r of refs) releases.set(r.action, (releases.get(r.action) ?? new Set()).add(`${r.ref} ${r.comment}`));
    expect([...releases].filter(([, seen]) => seen.size > 1).map(([action]) => action)).toEqual([]);
  });

  it('would catch an action pinned by tag, by branch, by short SHA or without its release', () => {
    const sha = 'b'.repeat(40);
    const sample = [
      'jobs:',
      '  a:',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/cache@main',
      `      - uses: actions/setup-node@${sha}`,
      `      - uses: actions/setup-go@${sha} # v6`,
      '      - uses: actions/upload-artifact@bbbca2d # v7.0.0',
      `      - name: script`,
      `        uses: actions/github-script@${sha} # v8.0.0`,
      '      - uses: ./.github/actions/local',
      '',
    ].join('\n');
    const refs = actionRefs('.github/workflows/sample.yml', sample);
    expect(refs.filter((r) => !pinnedByDigest(r)).map((r) => r.action)).toEqual([
      'actions/checkout',
      'actions/cache',
      'actions/setup-node',
      'actions/setup-go',
      'actions/upload-artifact',
    ]);
    expect(refs.find((r) => r.action === 'actions/github-script')).toMatchObject({ ref: sha, comment: 'v8.0.0', line: 10 });
  });

  it('holds no CloudNativePG update back: backups use the barman-cloud plugin, not the in-tree barmanObjectStore that operator 1.31 removes', () => {
    const database = readFileSync(join(ROOT, 'constructs', 'components', 'database.ts'), 'utf8');
    expect(database).not.toMatch(/barmanObjectStore:|method: 'barmanObjectStore'/);
    const rules: readonly (PackageRule & { readonly dependencyDashboardApproval?: boolean })[] = config.packageRules.filter((r) =>
      r.matchDepNames?.some((d) => d === 'cloudnative-pg' || d === 'plugin-barman-cloud'),
    );
    expect(rules.filter((r) => r.dependencyDashboardApproval || r.enabled === false).map((r) => r.description)).toEqual([]);
    expect(groupOf({ depName: 'cloudnative-pg', datasource: 'helm' })).toBeUndefined();
  });

  it('regenerates gitops/ and docs/ after an update where post-upgrade commands are allowed', () => {
    expect(config.postUpgradeTasks?.commands).toEqual(expect.arrayContaining(['npm run synth', 'npm run docs']));
  });
});

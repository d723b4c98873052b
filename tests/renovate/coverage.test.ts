import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, renovateLookup } from '../../cli/docs/catalogue';
import { COMPONENTS } from '../../config/schema';
import { ROOT } from '../support/environments';
import { covering, extract, repositoryPins, selects, yamlPins, type CustomManager } from './pins';

interface PackageRule {
  readonly groupName?: string;
  readonly matchDepNames?: readonly string[];
  readonly matchPackageNames?: readonly string[];
  readonly matchDatasources?: readonly string[];
}

interface RenovateConfig {
  readonly customManagers: readonly CustomManager[];
  readonly packageRules: readonly PackageRule[];
  readonly enabledManagers?: readonly string[];
  readonly postUpgradeTasks?: { readonly commands: readonly string[] };
}

const text = readFileSync(join(ROOT, 'renovate.json'), 'utf8');
const config = JSON.parse(text) as RenovateConfig;
const { pins, texts } = repositoryPins(ROOT);

/** Renovate's matchPackageNames entries: exact names or /regex/. */
function nameMatches(patterns: readonly string[] | undefined, name: string): boolean {
  return (patterns ?? []).some((p) => {
    const regex = /^\/(.*)\/([a-z]*)$/.exec(p);
    return regex ? new RegExp(regex[1]!, regex[2]).test(name) : p === name;
  });
}

function groupOf(dep: { depName?: string; datasource?: string }): string | undefined {
  let group: string | undefined;
  for (const rule of config.packageRules) {
    if (!rule.groupName) continue;
    const byDep = rule.matchDepNames?.includes(dep.depName ?? '') ?? false;
    const byPackage = nameMatches(rule.matchPackageNames, dep.depName ?? '');
    const byDatasource = rule.matchDatasources?.includes(dep.datasource ?? '') ?? false;
    if (byDep || byPackage || byDatasource) group = rule.groupName; // later rules win, as in Renovate
  }
  return group;
}

describe('renovate.json', () => {
  it('is valid JSON with regex custom managers Renovate can run', () => {
    expect(config.customManagers.length).toBeGreaterThan(0);
    for (const manager of config.customManagers) {
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
    expect(config.enabledManagers, 'the npm manager must stay on for package.json').toBeUndefined();
  });

  it('has the expected groups', () => {
    const groups = new Set(config.packageRules.map((r) => r.groupName).filter(Boolean));
    expect([...groups].sort()).toEqual(['cert-manager', 'flux', 'ingress', 'kubernetes', 'observability', 'providers']);
    expect(groupOf({ depName: 'fluxcd/source-controller', datasource: 'github-releases' })).toBe('flux');
    expect(groupOf({ depName: 'cert-manager', datasource: 'helm' })).toBe('cert-manager');
    expect(groupOf({ depName: 'cert-manager/cert-manager', datasource: 'github-releases' })).toBe('cert-manager');
    for (const name of ['kube-prometheus-stack', 'loki', 'tempo', 'alloy', 'opentelemetry-collector', 'prometheus-operator/prometheus-operator']) {
      expect(groupOf({ depName: name }), name).toBe('observability');
    }
    expect(groupOf({ depName: 'docker.io/envoyproxy/gateway-helm', datasource: 'docker' })).toBe('ingress');
    expect(groupOf({ depName: 'ingress-nginx', datasource: 'helm' })).toBe('ingress');
    expect(groupOf({ depName: 'oracle/oci', datasource: 'terraform-provider' })).toBe('providers');
    expect(groupOf({ depName: '@cdktf/provider-aws', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: 'cdktf', datasource: 'npm' })).toBe('providers');
    expect(groupOf({ depName: 'k3s-io/k3s', datasource: 'github-releases' })).toBe('kubernetes');
    expect(groupOf({ depName: 'kubernetes', datasource: 'github-releases' })).toBe('kubernetes');
  });

  it('finds pins in every place the repository keeps them', () => {
    const kinds = new Set(pins.map((p) => `${p.file.split('/')[0]}:${p.kind}`));
    for (const kind of ['environments:version', 'environments:k3sVersion', 'environments:kubernetesVersion', 'environments:image', 'cdktf.json:terraform provider', 'cdk8s.yaml:URL']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(pins.filter((p) => p.file === 'environments/defaults.yaml' && p.kind === 'version')).toHaveLength(COMPONENTS.length);
  });

  it('every pinned version is matched by a custom manager', () => {
    const escaped = pins.filter((pin) => covering(pin, config.customManagers, texts.get(pin.file)!).length === 0);
    expect(escaped.map((p) => `${p.file}:${p.line}: ${p.kind} ${p.version} escapes every customManager`)).toEqual([]);
  });

  it('no pin is claimed twice (two managers would open competing pull requests)', () => {
    const doubled = pins.filter((pin) => covering(pin, config.customManagers, texts.get(pin.file)!).length > 1);
    expect(doubled.map((p) => `${p.file}:${p.line}: ${p.version}`)).toEqual([]);
  });

  it('each component is looked up in the chart repository its docs page names', () => {
    const defaults = texts.get('environments/defaults.yaml')!;
    for (const component of COMPONENTS) {
      const pin = yamlPins('environments/defaults.yaml', defaults).find(
        (p) => p.kind === 'version' && defaults.slice(0, p.offset).split('\n').at(-1)!.trimStart().startsWith(`${component}:`),
      );
      expect(pin, component).toBeDefined();
      const [dep] = covering(pin!, config.customManagers, defaults);
      expect({ depName: dep!.depName, datasource: dep!.datasource, registryUrl: dep!.registryUrl }, component).toEqual({
        registryUrl: undefined,
        ...renovateLookup(CATALOGUE[component]),
      });
      if (CATALOGUE[component].group) expect(groupOf(dep!), component).toBe(CATALOGUE[component].group);
    }
  });

  it('extracts the dependency Renovate needs from each kind of pin', () => {
    const deps = config.customManagers.flatMap((m) =>
      [...texts.keys()].filter((file) => selects(m, file)).flatMap((file) => extract(m, texts.get(file)!).map((e) => ({ file, ...e }))),
    );
    const find = (value: string) => deps.find((d) => d.currentValue === value);
    expect(find('v1.34.1+k3s1')).toMatchObject({ depName: 'k3s-io/k3s', datasource: 'github-releases' });
    expect(find('1.34.1')).toMatchObject({ depName: 'kubernetes', datasource: 'github-releases' });
    expect(find('6.9.2')).toBeDefined();
    expect(deps.filter((d) => d.currentValue === '6.9.2').map((d) => `${d.datasource} ${d.depName}`).sort()).toEqual([
      'docker ghcr.io/stefanprodan/charts/podinfo',
      'docker ghcr.io/stefanprodan/podinfo',
    ]);
    expect(find('17.6')).toMatchObject({ depName: 'docker.io/library/postgres', datasource: 'docker' });
    expect(find('~> 7.32')).toMatchObject({ depName: 'oracle/oci', datasource: 'terraform-provider' });
    expect(find('v1.7.4')).toMatchObject({ depName: 'fluxcd/source-controller', datasource: 'github-releases' });
    expect(find('v0.16.1')).toMatchObject({ depName: 'metallb/metallb', datasource: 'github-tags' });
  });

  it('would catch a pin that escapes: a new component, a block-style override, an https chart, a digest', () => {
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

  it('regenerates gitops/ and docs/ after an update where post-upgrade commands are allowed', () => {
    expect(config.postUpgradeTasks?.commands).toEqual(expect.arrayContaining(['npm run synth', 'npm run docs']));
  });
});

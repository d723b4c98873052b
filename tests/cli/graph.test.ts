import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterGraph, fluxKey } from '../../cli/graph/cluster-graph';
import { kustomizeBuilder } from '../../cli/graph/kustomize';
import { stackGraph } from '../../cli/graph/stacks-graph';
import { writeCdktfOut, writeGitopsTree } from '../diff/fixtures';
import { ROOT } from '../support/environments';
import { readTree, runScript } from '../support/run';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

const s3 = (key: string) => ({ backend: { s3: { bucket: 'b', key } } });
const remote = (key: string) => ({ backend: 's3', config: { bucket: 'b', key } });
const kustomization = (name: string, path: string, dependsOn?: string[]) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'flux-system' },
  spec: { path, prune: true, ...(dependsOn ? { dependsOn: dependsOn.map((n) => ({ name: n })) } : {}) },
});
const release = (name: string, namespace: string, version: string, dependsOn?: { name: string; namespace: string }[]) => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name, namespace },
  spec: { chart: { spec: { chart: name, version } }, ...(dependsOn ? { dependsOn } : {}) },
});

/** Stacks wired by cdktf cross-stack references (manifest) and by a hand-written remote state (dns). */
function fixtureTrees(): { cdktfOut: string; gitops: string } {
  const dir = mkdtempSync(join(tmpdir(), 'graph-'));
  writeCdktfOut(
    join(dir, 'cdktf.out'),
    {
      state: { terraform: { backend: { local: { path: 'state.tfstate' } } } },
      'demo-network': { terraform: s3('dev/demo-network.tfstate') },
      'demo-cluster': { data: { terraform_remote_state: { net: remote('dev/demo-network.tfstate') } }, terraform: s3('dev/demo-cluster.tfstate') },
      'demo-dns': { data: { terraform_remote_state: { cluster: remote('dev/demo-cluster.tfstate') } }, terraform: s3('dev/demo-dns.tfstate') },
      'live-network': { terraform: s3('prod/live-network.tfstate') },
    },
    { 'demo-cluster': ['demo-network'] },
  );
  writeGitopsTree(join(dir, 'gitops'), {
    'clusters/demo/flux-system/gotk-sync.yaml': [kustomization('flux-system', './gitops/clusters/demo')],
    'clusters/demo/flux-system/kustomization.yaml': [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['gotk-sync.yaml'] }],
    'clusters/demo/infrastructure.yaml': [kustomization('infrastructure', './gitops/infrastructure/demo')],
    'clusters/demo/apps.yaml': [kustomization('apps', './gitops/apps/demo', ['infrastructure'])],
    'infrastructure/demo/cert-manager.yaml': [release('cert-manager', 'cert-manager', 'v1.21.1')],
    'infrastructure/demo/external-dns.yaml': [release('external-dns', 'external-dns', '1.21.1', [{ name: 'cert-manager', namespace: 'cert-manager' }])],
    'apps/demo/podinfo.yaml': [release('podinfo', 'team-a', '6.9.2', [{ name: 'ingress', namespace: 'ingress' }])],
    'infrastructure/live/vault.yaml': [release('vault', 'vault', '0.34.1')],
    'clusters/live/flux-system/gotk-sync.yaml': [kustomization('flux-system', './gitops/clusters/live')],
    'clusters/live/infrastructure.yaml': [kustomization('infrastructure', './gitops/infrastructure/live')],
  });
  return { cdktfOut: join(dir, 'cdktf.out'), gitops: join(dir, 'gitops') };
}

describe('npm run graph', () => {
  let trees: ReturnType<typeof fixtureTrees>;
  beforeAll(() => {
    trees = fixtureTrees();
  });

  it('finds stack dependencies from manifest.json and from remote state, and environments from state keys', () => {
    const graph = stackGraph(trees.cdktfOut);
    expect(graph.edges).toEqual([
      { from: 'demo-cluster', to: 'demo-dns' },
      { from: 'demo-network', to: 'demo-cluster' },
    ]);
    expect(graph.nodes.map((n) => [n.name, n.environment])).toEqual([
      ['demo-cluster', 'dev'],
      ['demo-dns', 'dev'],
      ['demo-network', 'dev'],
      ['live-network', 'prod'],
      ['state', null],
    ]);
  });

  it('follows a cluster\'s Kustomization paths into the shared trees and finds dependsOn edges', () => {
    const graph = clusterGraph('demo', kustomizeBuilder(trees.gitops));
    const k = (name: string) => fluxKey('Kustomization', 'flux-system', name);
    const h = (namespace: string, name: string) => fluxKey('HelmRelease', namespace, name);
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: k('infrastructure'), to: k('apps'), type: 'dependsOn' },
        { from: h('cert-manager', 'cert-manager'), to: h('external-dns', 'external-dns'), type: 'dependsOn' },
        { from: h('ingress', 'ingress'), to: h('team-a', 'podinfo'), type: 'dependsOn' },
        { from: k('flux-system'), to: k('infrastructure'), type: 'applies' },
        { from: k('flux-system'), to: k('apps'), type: 'applies' },
        { from: k('infrastructure'), to: h('cert-manager', 'cert-manager'), type: 'applies' },
        { from: k('infrastructure'), to: h('external-dns', 'external-dns'), type: 'applies' },
        { from: k('apps'), to: h('team-a', 'podinfo'), type: 'applies' },
      ]),
    );
    expect(graph.edges).toHaveLength(8);
    // Another cluster's releases are not part of this one; a dependency nothing defines is shown as such.
    expect(graph.nodes.map((n) => n.name)).not.toContain('vault');
    expect(graph.nodes.find((n) => n.name === 'ingress')).toEqual({ kind: 'HelmRelease', namespace: 'ingress', name: 'ingress' });
    // No kustomization files in this tree: every folder was read file by file.
    expect(graph.approximated).toEqual(['apps/demo', 'clusters/demo', 'infrastructure/demo']);
  });

  it.skipIf(!hasKubectl)('shows a tenant\'s apps-repository Kustomization without following its path into this tree', () => {
    const graph = clusterGraph('do-prod', kustomizeBuilder(join(ROOT, 'gitops')));
    const tenantApps = fluxKey('Kustomization', 'team-b', 'team-b-apps');
    expect(graph.nodes.map((n) => fluxKey(n.kind, n.namespace, n.name))).toContain(tenantApps);
    expect(graph.edges).toContainEqual({ from: fluxKey('Kustomization', 'flux-system', 'apps'), to: tenantApps, type: 'applies' });
    expect(graph.approximated).toEqual([]);
  });

  it.skipIf(!hasKubectl)('builds folders with kustomize, so patches and shared resources count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-kustomize-'));
    const kustomize = (resources: string[], patches: string[] = []) =>
      [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...(patches.length ? { patches: patches.map((path) => ({ path })) } : {}) }];
    writeGitopsTree(dir, {
      'clusters/kz/kustomization.yaml': kustomize(['flux-system', 'infrastructure.yaml']),
      'clusters/kz/flux-system/kustomization.yaml': kustomize(['gotk-sync.yaml']),
      'clusters/kz/flux-system/gotk-sync.yaml': [kustomization('flux-system', './gitops/clusters/kz')],
      'clusters/kz/infrastructure.yaml': [kustomization('infrastructure', './gitops/clusters/kz/infrastructure')],
      'clusters/kz/infrastructure/kustomization.yaml': kustomize(['../../../infrastructure/base/cert-manager', '../../../infrastructure/base/external-dns'], ['external-dns/depends-on.yaml']),
      'clusters/kz/infrastructure/external-dns/depends-on.yaml': [
        { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'external-dns', namespace: 'external-dns' }, spec: { dependsOn: [{ name: 'cert-manager', namespace: 'cert-manager' }] } },
      ],
      'infrastructure/base/cert-manager/kustomization.yaml': kustomize(['release.yaml']),
      'infrastructure/base/cert-manager/release.yaml': [release('cert-manager', 'cert-manager', 'v1.21.1')],
      'infrastructure/base/external-dns/kustomization.yaml': kustomize(['release.yaml']),
      'infrastructure/base/external-dns/release.yaml': [release('external-dns', 'external-dns', '1.21.1')],
    });
    const graph = clusterGraph('kz', kustomizeBuilder(dir));
    const k = (name: string) => fluxKey('Kustomization', 'flux-system', name);
    const h = (namespace: string, name: string) => fluxKey('HelmRelease', namespace, name);
    expect(graph.approximated).toEqual([]);
    expect(graph.edges).toEqual([
      { from: h('cert-manager', 'cert-manager'), to: h('external-dns', 'external-dns'), type: 'dependsOn' },
      { from: k('flux-system'), to: k('infrastructure'), type: 'applies' },
      { from: k('infrastructure'), to: h('cert-manager', 'cert-manager'), type: 'applies' },
      { from: k('infrastructure'), to: h('external-dns', 'external-dns'), type: 'applies' },
    ]);
    expect(graph.nodes.find((n) => n.name === 'external-dns')).toMatchObject({ from: 'clusters/kz/infrastructure', chart: 'external-dns 1.21.1' });
  });

  it('writes Mermaid pages, the same bytes every time, and --check tells when they are stale', () => {
    const out = mkdtempSync(join(tmpdir(), 'graphs-'));
    mkdirSync(join(out, 'clusters'));
    writeFileSync(join(out, 'clusters', 'gone.md'), 'a cluster that no longer exists\n');
    const args = ['--cdktf-out', trees.cdktfOut, '--gitops', trees.gitops, '--out', out];
    const first = runScript('cli/graph.ts', args, tmpdir());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const pages = readTree(out);
    expect([...pages.keys()]).toEqual(['clusters/demo.md', 'clusters/live.md', 'stacks.md']);
    expect(existsSync(join(out, 'clusters', 'gone.md'))).toBe(false);

    const stacks = pages.get('stacks.md')!;
    expect(stacks).toContain('```mermaid\nflowchart LR\n');
    expect(stacks).toContain('  s_demo_network --> s_demo_cluster\n');
    expect(stacks).toContain('  s_demo_cluster --> s_demo_dns\n');
    expect(stacks).toContain('  subgraph env_dev["dev"]\n');
    expect(stacks).toContain('  s_state[("state")]\n');
    const demo = pages.get('clusters/demo.md')!;
    expect(demo).toContain('  k_flux_system__infrastructure --> k_flux_system__apps\n');
    expect(demo).toContain('  h_cert_manager__cert_manager --> h_external_dns__external_dns\n');
    expect(demo).toContain('  k_flux_system__flux_system -.-> k_flux_system__infrastructure\n');
    expect(demo).toContain('h_cert_manager__cert_manager["HelmRelease<br/>cert-manager/cert-manager<br/>cert-manager v1.21.1"]:::helmrelease');
    expect(demo).toContain('h_ingress__ingress["HelmRelease<br/>ingress/ingress<br/>not applied by any Kustomization"]:::missing');

    expect(runScript('cli/graph.ts', [...args, '--check'], tmpdir()).code).toBe(0);
    expect(runScript('cli/graph.ts', args, tmpdir()).code).toBe(0);
    expect(readTree(out)).toEqual(pages);
    writeFileSync(join(out, 'stacks.md'), 'edited by hand\n');
    const check = runScript('cli/graph.ts', [...args, '--check'], tmpdir());
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`stale  ${out}/stacks.md`);
    expect(readFileSync(join(out, 'stacks.md'), 'utf8')).toBe('edited by hand\n');
  });

  it('rewrites the stack graph a project README embeds between its markers, and --check reports it stale', () => {
    const root = mkdtempSync(join(tmpdir(), 'graph-readme-'));
    const before = '# A project\n\nText before.\n\n<!-- stacks-graph:start -->\n```mermaid\nflowchart LR\n  old\n```\n<!-- stacks-graph:end -->\n\nText after.\n';
    writeFileSync(join(root, 'README.md'), before);
    const args = ['--cdktf-out', trees.cdktfOut, '--gitops', trees.gitops, '--out', 'docs/graphs'];
    const check = runScript('cli/graph.ts', [...args, '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('stale  README.md (its embedded graph)');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(before);

    const write = runScript('cli/graph.ts', args, root);
    expect(write.code).toBe(0);
    expect(write.stdout).toContain('and updated README.md');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const stacks = readFileSync(join(root, 'docs', 'graphs', 'stacks.md'), 'utf8');
    const block = /```mermaid\n[\s\S]*?```\n/.exec(stacks)![0];
    expect(readme).toBe(`# A project\n\nText before.\n\n<!-- stacks-graph:start -->\n${block}<!-- stacks-graph:end -->\n\nText after.\n`);
    expect(runScript('cli/graph.ts', [...args, '--check'], root).code).toBe(0);

    // A README without the markers is left alone.
    writeFileSync(join(root, 'README.md'), '# No graph here\n');
    expect(runScript('cli/graph.ts', args, root).code).toBe(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# No graph here\n');
  });

  it('exits 1 when only one of --cdktf-out and --gitops is given', () => {
    const result = runScript('cli/graph.ts', ['--cdktf-out', trees.cdktfOut], tmpdir());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('give both --cdktf-out and --gitops');
  });
});

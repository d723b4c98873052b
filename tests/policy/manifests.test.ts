/**
 * policy/manifests.ts: the gitops tree rules with the schemas of `npm run check` (Kubernetes 1.34
 * built-ins, the CRDs of the charts the tree pins, read from the chart cache), as policy findings.
 * The charts these tests need must be in the chart cache (npm run charts:pull): without them the
 * tests fail, they do not skip.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkManifests, pinnedCharts, treeFinding } from '../../policy/manifests';
import { formatFinding } from '../../policy/report';
import { formatPath, parsePath } from '../../policy/api-names';
import { chartCacheDir } from '../../render/chart-cache';
import { deployment, fluxKustomization, gitRepository, kustomization, namespace, removeTrees, writeTree } from '../support/gitops-tree-fixtures';

const dirs: string[] = [];
afterAll(() => removeTrees(dirs));

/** A chart version of the shared chart cache that installs cert-manager's CRDs (from its templates/crd-*.yaml). */
const CERT_MANAGER = { name: 'cert-manager', version: 'v1.21.1' };

function certificate(spec: Record<string, unknown>): object {
  return { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web', namespace: 'apps' }, spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' }, ...spec } };
}

/** A tree whose apps folder pins cert-manager (HelmRepository + HelmRelease) and holds `apps/extra.yaml`. */
function tree(extra: object[], chart = CERT_MANAGER): string {
  const dir = writeTree({
    'clusters/dev/kustomization.yaml': kustomization(['sync.yaml', 'apps.yaml']),
    'clusters/dev/sync.yaml': [gitRepository(), fluxKustomization('flux-system', './gitops/clusters/dev')],
    'clusters/dev/apps.yaml': fluxKustomization('apps', './gitops/apps'),
    'apps/kustomization.yaml': kustomization(['namespace.yaml', 'cert-manager.yaml', 'extra.yaml']),
    'apps/namespace.yaml': namespace('apps'),
    'apps/cert-manager.yaml': [
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'jetstack', namespace: 'apps' }, spec: { interval: '1h', url: 'https://charts.jetstack.io' } },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'cert-manager', namespace: 'apps' },
        spec: { interval: '30m', chart: { spec: { chart: chart.name, version: chart.version, sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } } },
      },
    ],
    'apps/extra.yaml': extra,
  });
  dirs.push(dir);
  return dir;
}

async function check(extra: object[], chart = CERT_MANAGER) {
  return checkManifests(tree(extra, chart), { chartCache: chartCacheDir() });
}

describe('checkManifests', () => {
  it('finds the chart in the cache (the tests below need it)', async () => {
    const { findings, charts } = await check([certificate({})]);
    expect(charts).toBe(1);
    expect(findings).toEqual([]);
  });

  it('catches a typo in a built-in kind with the Kubernetes 1.34 schema, with file:line, field path and rule', async () => {
    const { findings } = await check([deployment({ container: { imagePullPolicyy: 'Always' } })]);
    expect(findings).toEqual([
      {
        rule: 'tree-schema',
        severity: 'error',
        resource: 'gitops/apps/extra.yaml:Deployment/apps/web',
        file: 'gitops/apps/extra.yaml',
        line: 29,
        message: expect.stringMatching(/^gitops\/apps\/extra\.yaml:29: apps\/v1 Deployment apps\/web: \.spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field/),
      },
    ]);
  });

  it('catches a typo in a kind a pinned chart\'s CRD defines', async () => {
    const { findings } = await check([certificate({ secretNmae: 'web-tls' })]);
    expect(findings.map((f) => [f.rule, f.resource])).toEqual([['tree-schema', 'gitops/apps/extra.yaml:Certificate/apps/web']]);
    expect(findings[0]!.message).toContain('.spec.secretNmae: unknown field');
  });

  it('accepts a field Kubernetes added after 1.31 (container lifecycle.stopSignal, 1.33)', async () => {
    const { findings } = await check([deployment({ container: { lifecycle: { stopSignal: 'SIGTERM' } } })]);
    expect(findings).toEqual([]);
    // ... and still judges its value against 1.34's enum.
    const bad = await check([deployment({ container: { lifecycle: { stopSignal: 'SIGNOPE' } } })]);
    expect(bad.findings.map((f) => f.rule)).toEqual(['tree-schema']);
  });

  it('reports a pinned chart the cache lacks, and the kinds left without a schema', async () => {
    const { findings } = await check([certificate({})], { name: 'cert-manager', version: '0.0.1' });
    expect(findings.map((f) => [f.rule, f.resource])).toEqual([
      ['tree-chart-missing', 'chart-cache:cert-manager-0.0.1.tgz'],
      ['tree-no-schema', 'gitops/apps/extra.yaml:Certificate/apps/web'],
    ]);
  });

  it('applies waivers of the tree rules and reports those that match nothing', async () => {
    const waivers = [
      { rule: 'tree-schema', resource: 'gitops/apps/extra.yaml:Deployment/*', reason: 'test' },
      { rule: 'tree-plaintext-secret', resource: 'gitops/none:*', reason: 'stale' },
      { rule: 'render-schema', resource: '*', reason: 'the render\'s, not applied here' },
    ];
    const { findings } = await checkManifests(tree([deployment({ replicas: 'two' })]), { chartCache: chartCacheDir(), waivers, waiversFile: 'policy/waivers.yaml' });
    expect(findings.map((f) => [f.rule, f.severity, f.waived?.reason])).toEqual([
      ['tree-schema', 'error', 'test'],
      ['waiver-unused', 'warning', undefined],
    ]);
  });
});

describe('pinnedCharts', () => {
  it('collects HelmRelease, OCIRepository and HelmChart pins, newest version first, ranges left out', () => {
    const objects = [
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', spec: { chart: { spec: { chart: 'a', version: '1.2.3' } } } },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', spec: { chart: { spec: { chart: 'a', version: '1.10.0' } } } },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', spec: { chart: { spec: { chart: 'a', version: '1.x' } } } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', spec: { url: 'oci://example.com/charts/b', ref: { tag: 'v2.0.0' } } },
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', spec: { chart: 'c', version: '0.1.0' } },
    ];
    expect(pinnedCharts(objects)).toEqual([
      { name: 'a', version: '1.10.0' },
      { name: 'a', version: '1.2.3' },
      { name: 'b', version: 'v2.0.0' },
      { name: 'c', version: '0.1.0' },
    ]);
  });
});

describe('treeFinding', () => {
  it('prints in the Finding format of npm run check', () => {
    const raw = treeFinding({ file: 'apps/db.yaml', line: 3, object: 'v1 Secret apps/db', rule: 'plaintext-secret', message: 'not encrypted' }, 'gitops');
    expect(formatFinding({ ...raw, severity: 'error' })).toBe(
      '  [tree-plaintext-secret] error: gitops/apps/db.yaml:3: v1 Secret apps/db: not encrypted\n      resource: gitops/apps/db.yaml:Secret/apps/db',
    );
    expect(treeFinding({ file: 'apps (kustomize build)', object: 'kustomization apps', rule: 'kustomize-build', message: 'failed' })).toEqual({
      rule: 'tree-kustomize-build',
      resource: 'gitops/apps (kustomize build):kustomization apps',
      message: 'gitops/apps (kustomize build): kustomization apps: failed',
    });
  });
});

describe('parsePath', () => {
  it('reads back what formatPath writes', () => {
    const segments = ['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name', 'x', 0, 'a-b'];
    expect(formatPath(segments)).toBe('.spec.template.metadata.labels["app.kubernetes.io/name"].x[0].a-b');
    expect(parsePath(formatPath(segments))).toEqual(segments);
    expect(parsePath('.')).toEqual([]);
  });
});

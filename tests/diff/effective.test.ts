import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveReleases } from '../../cli/diff/effective';
import { readGitops } from '../../cli/diff/manifests';
import { loadPlatform } from '../../config/load';
import { buildFluxKustomizations, substituteVariables } from '../../render/flux-build';
import { releaseValues } from '../../render/helm-template';
import { cachedKustomize, exampleClusterSettings } from '../../render/render';
import { renderTools, type RenderTools } from '../../render/tools';
import type { JsonObject } from '../../render/types';
import { ENVIRONMENTS, ROOT } from '../support/environments';

let tools: RenderTools;

beforeAll(async () => {
  tools = await renderTools();
}, 120_000);

/**
 * The diff reads each cluster's HelmReleases from the tree's files with its own small kustomize;
 * the render builds them with kubectl kustomize as kustomize-controller would. On the tree synth
 * writes, both must give every cluster the same releases with the same merged values.
 */
describe('effective HelmRelease values, read from the files', () => {
  it('equal what kubectl kustomize builds and the render merges, for every cluster of the committed tree', async () => {
    const platform = loadPlatform(ENVIRONMENTS);
    const mine = effectiveReleases(readGitops(join(ROOT, 'gitops')));
    // The render's own kustomize cache: a tree npm run check already built costs no kubectl run.
    const build = cachedKustomize(join(ROOT, 'gitops'), tools.kubectl, join(ROOT, 'node_modules', '.cache', 'render'));
    expect([...mine.keys()].sort()).toEqual(platform.clusters.map((c) => c.name).sort());
    for (const cluster of platform.clusters) {
      const settings = exampleClusterSettings(cluster);
      const built = await buildFluxKustomizations({
        kubectl: tools.kubectl,
        root: ROOT,
        clusterPath: cluster.gitopsPath.replace(/^\.\//, ''),
        bootstrapData: new Map([['ConfigMap flux-system/cluster-settings', settings]]),
        build,
      });
      expect(built.errors).toEqual([]);
      const objects = built.kustomizations.flatMap((k) => k.objects.map((o) => o.object));
      const theirs = new Map<string, JsonObject>();
      for (const object of objects) {
        if (object.kind !== 'HelmRelease') continue;
        const meta = object.metadata as JsonObject;
        theirs.set(`${String(meta.namespace)}/${String(meta.name)}`, releaseValues(object, objects).values);
      }
      const vars = new Map(Object.entries(settings));
      const ours = new Map([...mine.get(cluster.name)!].map(([key, release]) => [key, JSON.parse(substituteVariables(JSON.stringify(release.values), vars)) as JsonObject]));
      expect([...ours.keys()].sort(), cluster.name).toEqual([...theirs.keys()].sort());
      for (const [key, values] of theirs) expect(ours.get(key), `${cluster.name} ${key}`).toEqual(values);
    }
  }, 120_000);
});

describe('effective HelmRelease values: what is not followed', () => {
  it('leaves out Kustomizations whose source is another repository (a tenant\'s own)', () => {
    const release = (name: string) => ({ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: 'team-b' }, spec: { chart: { spec: { chart: name, version: '1.0.0' } } } });
    const ks = (name: string, path: string, sourceRef: Record<string, string>) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec: { path, sourceRef } });
    const yaml = (docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join('\n---\n');
    const files = new Map([
      ['clusters/c/apps.yaml', yaml([ks('ours', './gitops/apps/ours', { kind: 'GitRepository', name: 'flux-system' }), ks('theirs', './apps/theirs', { kind: 'GitRepository', name: 'team-b-apps', namespace: 'team-b' })])],
      ['apps/ours/release.yaml', yaml([release('ours')])],
      ['apps/theirs/release.yaml', yaml([release('theirs')])],
    ]);
    expect([...effectiveReleases(files).get('c')!.keys()]).toEqual(['team-b/ours']);
  });
});

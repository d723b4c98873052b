/**
 * Every chart version a shipped cluster pins was published: with a chart cache (the folder
 * `CHEAPK8S_CHART_CACHE` names, else `.charts/` as `npm run charts:pull` fills it; CI points it at
 * the offline mirror of upstream charts), each HelmRelease that a cluster's Flux Kustomizations
 * apply names a chart and version whose archive is in the cache, with that name and version in its
 * Chart.yaml. A pin of a version that does not exist upstream has no archive there (and
 * `charts:pull` cannot fetch it). Without a cache the test fails, naming the command that fills it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops } from '../../charts/index';
import { loadPlatform } from '../../config/load';
import { archiveName, chartCacheDir, chartOfRelease } from '../../render/chart-cache';
import { ENVIRONMENTS, ROOT } from '../support/environments';
import { kustomize, objectsIn, treePath, writeTree, type Obj } from './helpers';

const cache = chartCacheDir(undefined, ROOT);
const available = existsSync(cache);

/** name and version of the chart in an archive (its top-level Chart.yaml), or the reason it cannot be read. */
function chartYaml(archive: string, chart: string): { name?: string; version?: string } | string {
  try {
    return parse(execFileSync('tar', ['-xzOf', archive, `${chart}/Chart.yaml`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    return `no ${chart}/Chart.yaml in ${archive}: ${(error as Error).message.split('\n')[0]}`;
  }
}

describe(`chart pins of the shipped clusters (chart cache ${cache})`, () => {
  it('has a chart cache to check against', () => {
    expect(available, `no chart cache at ${cache}: run npm run charts:pull, or set CHEAPK8S_CHART_CACHE to a folder of <chart>-<version>.tgz`).toBe(true);
  });

  /** What each cluster's Flux Kustomizations apply, by cluster. */
  const applied = new Map<string, Obj[]>();

  beforeAll(async () => {
    const platform = loadPlatform(ENVIRONMENTS);
    const files = await buildGitops(platform);
    const root = writeTree(files);
    const kustomizations = objectsIn(files)
      .map(({ obj }) => obj)
      .filter((o) => o.apiVersion === 'kustomize.toolkit.fluxcd.io/v1' && o.kind === 'Kustomization' && o.spec.sourceRef.name === 'flux-system');
    for (const cluster of platform.clusters) {
      const dirs = new Set(kustomizations.map((k) => treePath(k.spec.path)).filter((dir) => dir.startsWith(`clusters/${cluster.name}/`)));
      applied.set(cluster.name, [...dirs].flatMap((dir) => kustomize(root, dir)));
    }
  });

  it('finds the HelmReleases of every cluster', () => {
    expect([...applied.keys()].sort()).toEqual(loadPlatform(ENVIRONMENTS).clusters.map((c) => c.name).sort());
    for (const [cluster, objects] of applied) expect(objects.some((o) => o.kind === 'HelmRelease'), cluster).toBe(true);
  });

  it('pins only chart versions that were published (each is in the cache under its own name and version)', () => {
    const problems: string[] = [];
    for (const [cluster, objects] of applied) {
      for (const release of objects.filter((o) => o.kind === 'HelmRelease')) {
        const at = `${cluster} HelmRelease ${release.metadata.namespace}/${release.metadata.name}`;
        const chart = chartOfRelease(release, objects);
        if (typeof chart === 'string') {
          problems.push(`${at}: ${chart}`);
          continue;
        }
        const archive = join(cache, archiveName(chart));
        if (!existsSync(archive)) {
          problems.push(`${at}: ${chart.name} ${chart.version} from ${chart.source} is not in the cache (${archiveName(chart)})`);
          continue;
        }
        const meta = chartYaml(archive, chart.name);
        if (typeof meta === 'string') problems.push(`${at}: ${meta}`);
        else if (meta.name !== chart.name || String(meta.version) !== chart.version) {
          problems.push(`${at}: ${archiveName(chart)} holds ${meta.name} ${meta.version}, not ${chart.name} ${chart.version}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

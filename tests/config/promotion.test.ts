import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadPlatform, type Platform } from '../../config/load';
import { ConfigError, type Problem } from '../../config/problems';
import { clusterPins, compareVersions, environmentVersions, isPromoted } from '../../config/promotion';
import { copyEnvironments, edit, ENVIRONMENTS } from '../support/environments';

function problemsOf(dir: string): Problem[] {
  try {
    loadPlatform(dir);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/** An environment of the shipped files that promotes from another, with a component one of its clusters runs. */
function promotedPair(platform: Platform) {
  const target = platform.environments.find((e) => e.promotesFrom !== undefined && e.clusters.length > 0);
  if (!target) throw new Error('the shipped environments have no promotesFrom');
  const cluster = target.clusters[0]!;
  const component = Object.entries(cluster.components).find(([, c]) => c?.enabled)![0];
  return { target, source: platform.environments.find((e) => e.name === target.promotesFrom)!, cluster, component };
}

describe('version pins and rule promotion-ahead', () => {
  const shipped = loadPlatform(ENVIRONMENTS);

  it('lists a cluster\'s pins: component charts, tenant service images, and the version its provider runs', () => {
    for (const cluster of shipped.clusters) {
      const pins = clusterPins(cluster);
      for (const [name, component] of Object.entries(cluster.components)) {
        expect(pins.get(`components.${name}.version`)).toEqual({ path: ['components', name, 'version'], value: component!.version, inUse: component!.enabled });
      }
      expect(pins.get('kubernetesVersion')!.inUse).toBe(cluster.provider === 'oci-oke');
      if (cluster.vps) expect(pins.get('vps.k3sVersion')).toMatchObject({ value: cluster.vps.k3sVersion, inUse: true });
      for (const [name, app] of Object.entries(cluster.apps)) {
        if (app.image) expect(pins.get(`apps.${name}.image`)!.value).toBe(app.image);
        if (app.chart) expect(pins.get(`apps.${name}.chart.version`)!.value).toBe(app.chart.version);
      }
    }
  });

  it('compares versions and image tags by their numbers, only within one image repository', () => {
    expect(compareVersions('1.9.0', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('v1.36.4+k3s1', 'v1.36.4+k3s2')).toBeLessThan(0);
    expect(compareVersions('docker.io/a/b:1.2', 'docker.io/a/b:1.10')).toBeLessThan(0);
    expect(compareVersions('docker.io/a/b:1.2', 'docker.io/a/c:1.1')).toBeUndefined();
    expect(compareVersions('latest', '1.0')).toBeUndefined();
    const versions = { path: ['x'], values: ['1.5.0'], run: true };
    expect(isPromoted('1.5.0', versions)).toBe(true);
    expect(isPromoted('1.4.9', versions)).toBe(true);
    expect(isPromoted('1.5.1', versions)).toBe(false);
  });

  it('takes the versions an environment runs, or pins where it runs none', () => {
    const versions = environmentVersions(shipped.clusters);
    for (const [key, entry] of versions) {
      const running = shipped.clusters.map((c) => clusterPins(c).get(key)).filter((p) => p?.inUse);
      expect(entry.run, key).toBe(running.length > 0);
      if (entry.run) expect(entry.values, key).toEqual([...new Set(running.map((p) => p!.value))].sort());
    }
  });

  it('refuses a version the source environment does not run, at the line that sets it, unless promotionCheck is false', () => {
    const { target, cluster, component, source } = promotedPair(shipped);
    const dir = copyEnvironments();
    const file = `${target.name}.yaml`;
    edit(dir, file, [[['clusterDefaults', 'components', component, 'version'], '999.0.0']]);
    const problems = problemsOf(dir).filter((p) => p.rule === 'promotion-ahead');
    const line = readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes('999.0.0')) + 1;
    expect(problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(new RegExp(`${file}$`)), line, path: `clusters.${cluster.name}.components.${component}.version`, value: '999.0.0' }),
    );
    expect(problems[0]!.message).toContain(`npm run promote -- ${source.name} ${target.name}`);
    edit(dir, file, [[['promotionCheck'], false]]);
    expect(problemsOf(dir)).toEqual([]);
  });

  it('accepts a version older than the source runs (it has moved on) and the same one', () => {
    const { target, component } = promotedPair(shipped);
    const dir = copyEnvironments();
    edit(dir, `${target.name}.yaml`, [[['clusterDefaults', 'components', component, 'version'], '0.0.1']]);
    expect(problemsOf(dir).filter((p) => p.file.endsWith(`${target.name}.yaml`))).toEqual([]);
  });

  it('refuses promotesFrom naming no environment, itself, or a loop', () => {
    const { target, source } = promotedPair(shipped);
    const unknown = copyEnvironments();
    edit(unknown, `${target.name}.yaml`, [[['promotesFrom'], 'nowhere']]);
    expect(problemsOf(unknown)).toContainEqual(expect.objectContaining({ rule: 'promotes-from', path: 'promotesFrom', value: 'nowhere' }));
    const self = copyEnvironments();
    edit(self, `${target.name}.yaml`, [[['promotesFrom'], target.name]]);
    expect(problemsOf(self)).toContainEqual(expect.objectContaining({ rule: 'promotes-from', message: 'an environment cannot promote from itself' }));
    const loop = copyEnvironments();
    edit(loop, `${source.name}.yaml`, [[['promotesFrom'], target.name]]);
    expect(problemsOf(loop).map((p) => p.message).join('\n')).toContain('the promotion chain loops');
  });

  it('the shipped environments name where each takes its versions from, and pin them in their own file', () => {
    for (const env of shipped.environments.filter((e) => e.promotesFrom !== undefined)) {
      type Pins = Record<string, { version?: string }>;
      const data = parse(readFileSync(join(ENVIRONMENTS, `${env.name}.yaml`), 'utf8')) as { clusterDefaults?: { components?: Pins; applications?: Pins } };
      // Pinned in the file, so a bump of defaults.yaml (the first environment's pins) does not reach it.
      const cluster = env.clusters[0]!;
      for (const name of Object.keys(cluster.components)) expect(data.clusterDefaults?.components?.[name]?.version, `${env.name} ${name}`).toBeDefined();
      for (const name of Object.keys(cluster.applications ?? {})) expect(data.clusterDefaults?.applications?.[name]?.version, `${env.name} ${name}`).toBeDefined();
    }
  });
});

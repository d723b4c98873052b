/**
 * `npm run check` renders what config asks for and traces a bad value back to the environment
 * file that set it: a wrong type inside a component's `values:` fails the check with the file,
 * line, field path and the complaint of the chart or schema that refused it.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartCacheDir } from '../../render/chart-cache';
import { edit, ENVIRONMENTS, ROOT } from '../support/environments';
import { runLaunched } from '../support/run';

const charts = chartCacheDir(undefined, ROOT);

function projectWith(file: string, path: (string | number)[], value: unknown): string {
  const project = mkdtempSync(join(tmpdir(), 'check-render-'));
  cpSync(ENVIRONMENTS, join(project, 'environments'), { recursive: true });
  edit(join(project, 'environments'), file, [[path, value]]);
  return project;
}

describe('npm run check with a bad value inside a component\'s values', () => {
  it('a string where the chart puts an integer fails strict schema validation, naming the environment file, line and path', () => {
    const project = projectWith('staging.yaml', ['clusters', 'hcloud-staging', 'components', 'kube-prometheus-stack', 'values', 'grafana', 'replicas'], 'many');
    const result = runLaunched('check', ['--charts', charts, '--no-tree'], project);
    expect(result.code).toBe(1);
    const line = result.stderr.split('\n').find((l) => l.includes('[render-schema]') && l.includes('kube-prometheus-stack-grafana'));
    expect(line).toBeDefined();
    expect(line).toContain('.spec.replicas: must be integer, got "many"');
    expect(line).toMatch(/set by environments\/staging\.yaml:\d+ clusters\.hcloud-staging\.components\.kube-prometheus-stack\.values\.grafana\.replicas = "many"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('a scalar where the component has a map fails the build of the values patch, naming the likely value', () => {
    const project = projectWith('staging.yaml', ['clusters', 'hcloud-staging', 'components', 'kube-prometheus-stack', 'values', 'prometheus', 'prometheusSpec'], 5);
    const result = runLaunched('check', ['--charts', charts, '--no-tree'], project);
    expect(result.code).toBe(1);
    const line = result.stderr.split('\n').find((l) => l.includes('[render-kustomize]'));
    expect(line).toBeDefined();
    expect(line).toMatch(/likely set by environments\/staging\.yaml:\d+ clusters\.hcloud-staging\.components\.kube-prometheus-stack\.values\.prometheus\.prometheusSpec = 5/);
  }, 180_000);
});

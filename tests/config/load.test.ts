import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadPlatform, selectPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { OCI_FREE_TIER } from '../../config/rules';
import { copyEnvironments, edit, ENVIRONMENTS, unusedEnvironmentName } from '../support/environments';

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the shipped environments', () => {
  const platform = loadPlatform(ENVIRONMENTS);

  it('load and validate: one environment per file (sorted), its clusters in file order', () => {
    const files = readdirSync(ENVIRONMENTS).filter((f) => f.endsWith('.yaml') && f !== 'defaults.yaml').sort();
    expect(platform.environments.map((e) => `${e.name}.yaml`)).toEqual(files);
    const declared = files.flatMap((f) => Object.keys((parse(readFileSync(join(ENVIRONMENTS, f), 'utf8')) as { clusters: object }).clusters));
    expect(platform.clusters.map((c) => c.name)).toEqual(declared);
  });

  it('take Let\'s Encrypt production in a production environment and staging elsewhere, unless certificates.acme says', () => {
    for (const environment of platform.environments) {
      const file = parse(readFileSync(join(ENVIRONMENTS, `${environment.name}.yaml`), 'utf8')) as { production?: boolean };
      expect(environment.production, environment.name).toBe(file.production === true);
      for (const cluster of environment.clusters) {
        expect(cluster.production, cluster.name).toBe(environment.production);
        expect(cluster.acme, cluster.name).toBe(cluster.certificates?.acme ?? (environment.production ? 'production' : 'staging'));
      }
    }
    // The examples show both: a production environment and one that is not.
    expect(new Set(platform.environments.map((e) => e.production))).toEqual(new Set([true, false]));
  });

  it('let certificates.acme override the environment\'s directory, from any layer', () => {
    const dir = copyEnvironments();
    edit(dir, 'staging.yaml', [[['clusterDefaults', 'certificates'], { acme: 'production' }]]);
    edit(dir, 'prod.yaml', [[['clusters', 'do-prod', 'certificates', 'acme'], 'staging']]);
    const acme = Object.fromEntries(loadPlatform(dir).clusters.map((c) => [c.name, c.acme]));
    expect(acme).toMatchObject({ 'oke-dev': 'staging', 'do-prod': 'staging', 'hcloud-staging': 'production' });
  });

  it('cover every provider and both DNS providers', () => {
    expect(new Set(platform.clusters.map((c) => c.provider))).toEqual(new Set(['oci-oke', 'hcloud-k3s', 'do-k3s']));
    expect(new Set(platform.clusters.map((c) => c.dns.provider))).toEqual(new Set(['cloudflare', 'route53']));
  });

  it('keep the OCI example exactly at the Always Free allowance', () => {
    const oke = platform.clusters.find((c) => c.provider === 'oci-oke')!;
    const pools = Object.values(oke.nodePools);
    expect(pools.reduce((sum, p) => sum + (p.ocpus ?? 0) * p.count, 0)).toBe(OCI_FREE_TIER.ocpus);
    expect(pools.reduce((sum, p) => sum + (p.memoryGb ?? 0) * p.count, 0)).toBe(OCI_FREE_TIER.memoryGb);
  });

  it('use documentation addresses for admin access and example domains', () => {
    for (const cluster of platform.clusters) {
      expect(cluster.network.adminCidrs).toEqual(['203.0.113.0/24']);
      expect(cluster.dns.zone).toMatch(/^example\.(com|org)$/);
    }
  });
});

describe('layering defaults -> environment -> cluster', () => {
  const platform = loadPlatform(ENVIRONMENTS);
  const byName = (name: string) => platform.clusters.find((c) => c.name === name)!;

  it('takes a value from defaults.yaml when nothing overrides it', () => {
    expect(byName('oke-dev').network.serviceCidr).toBe('10.96.0.0/16');
    expect(byName('oke-dev').components['cert-manager']).toEqual({ enabled: true, version: 'v1.21.1' });
  });

  it('lets the environment override defaults and the cluster override the environment', () => {
    // staging sets k3s ranges in clusterDefaults; prod's cluster overrides the node range itself.
    expect(byName('hcloud-staging').network.podCidr).toBe('10.42.0.0/16');
    expect(byName('do-prod').network.nodeCidr).toBe('10.20.0.0/16');
    expect(byName('do-prod').network.adminCidrs).toEqual(['203.0.113.0/24']);
  });

  it('merges maps across layers and keeps each layer of Helm values apart', () => {
    const prod = byName('do-prod');
    expect(prod.components['kube-prometheus-stack']).toMatchObject({
      enabled: true,
      version: '88.5.3',
      values: { prometheus: { prometheusSpec: { retention: '15d' } }, grafana: { replicas: 2 } },
    });
    expect(prod.valueLayers['kube-prometheus-stack']).toEqual({
      defaults: undefined,
      environment: { prometheus: { prometheusSpec: { retention: '15d' } } },
      cluster: { grafana: { replicas: 2 } },
    });
  });

  it('expands size templates into node pools per provider, cluster pools layered on top', () => {
    expect(Object.keys(byName('hcloud-staging').nodePools)).toEqual(['control-plane', 'workers']);
    expect(byName('do-prod').nodePools.workers).toEqual({ role: 'worker', count: 3, machineType: 's-4vcpu-8gb' });

    const dir = copyEnvironments();
    edit(dir, 'staging.yaml', [[['clusters', 'hcloud-staging', 'nodePools'], { workers: { count: 4 } }]]);
    const staging = loadPlatform(dir, { relativeTo: dirname(dir) }).clusters.find((c) => c.name === 'hcloud-staging')!;
    expect(staging.nodePools.workers).toEqual({ role: 'worker', count: 4, machineType: 'cax21' });
  });

  it('derives the cluster domain and the Flux path', () => {
    expect(byName('oke-dev').domain).toBe('dev.example.com');
    expect(byName('do-prod').domain).toBe('example.org');
    expect(byName('oke-dev').gitopsPath).toBe('./gitops/clusters/oke-dev');
  });
});

describe('selectPlatform', () => {
  const platform = loadPlatform(ENVIRONMENTS);

  it('narrows to an environment or a cluster', () => {
    expect(selectPlatform(platform, 'prod').clusters.map((c) => c.name)).toEqual(['do-prod']);
    expect(selectPlatform(platform, undefined, 'oke-dev').environments.map((e) => e.name)).toEqual(['dev']);
  });

  it('names the known ones when nothing matches', () => {
    const [problem] = problemsOf(() => selectPlatform(platform, unusedEnvironmentName()));
    expect(problem!.message).toContain(`known: ${platform.environments.map((e) => e.name).join(', ')}`);
    expect(problemsOf(() => selectPlatform(platform, 'dev', 'do-prod'))[0]!.rule).toBe('unknown-cluster');
  });
});

describe('reporting', () => {
  it('reports every problem of a file at once, each with its path, value and line', () => {
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', [
      [['clusters', 'oke-dev', 'network', 'podCidr'], '10.0.0.0/16'],
      [['clusters', 'oke-dev', 'components', 'cloudnative-pg'], { enabled: true, version: 'latest' }],
      [['clusters', 'oke-dev', 'regoin'], 'eu-frankfurt-1'],
    ]);
    const problems = problemsOf(() => loadPlatform(dir, { relativeTo: dirname(dir) }));
    expect(problems.map((p) => [p.path, p.rule])).toEqual(
      expect.arrayContaining([
        ['clusters.oke-dev.network.podCidr', 'cidr-overlap'],
        ['clusters.oke-dev.components.cloudnative-pg.version', 'schema-invalid_format'],
        ['clusters.oke-dev.regoin', 'unknown-key'],
      ]),
    );
    expect(problems).toHaveLength(3);
    for (const problem of problems) {
      expect(problem.file).toMatch(/dev\.yaml$/);
      expect(problem.line).toBeGreaterThan(0);
    }
    expect(problems.find((p) => p.rule === 'unknown-key')!.message).toContain('did you mean "region"');
  });

  it('points a problem at the layer the value came from', () => {
    const dir = copyEnvironments();
    edit(dir, 'defaults.yaml', [[['cluster', 'network', 'serviceCidr'], '10.0.0.0/16']]);
    const problems = problemsOf(() => loadPlatform(dir, { relativeTo: dirname(dir) }));
    const fromDefaults = problems.filter((p) => p.rule === 'cidr-overlap' && p.path.endsWith('serviceCidr'));
    // oke-dev inherits the bad range from defaults.yaml; the k3s environments override it.
    expect(fromDefaults.map((p) => p.path)).toEqual(['clusters.oke-dev.network.serviceCidr']);
    expect(fromDefaults[0]!.file).toMatch(/defaults\.yaml$/);
  });
});

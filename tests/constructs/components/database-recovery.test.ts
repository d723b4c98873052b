import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { BARMAN_CLOUD_CHART_VERSION } from '../../../constructs/components/cloudnative-pg';
import { Database, type DatabaseProps } from '../../../constructs/components/database';
import { databaseBackup, type ClusterContext } from '../../../constructs/components/context';
import type { ObjectSchemaValidator } from '../../../policy/object-schemas';
import { pinnedComponentVersion, validatorFor } from '../../support/chart-crds';

const backup = { endpoint: 'https://s3.example.com', bucket: 'backups', prefix: 'c1/cnpg', credentialsSecret: 'db-backup', retentionDays: 7 };
const base: DatabaseProps = { name: 'app-db', namespace: 'team-a', database: 'app', owner: 'app' };

function synth(props: Partial<DatabaseProps>): Record<string, any>[] {
  const chart = Testing.chart();
  new Database(chart, 'db', { ...base, ...props });
  return Testing.synth(chart);
}

describe('Database recovery', () => {
  let schemas: ObjectSchemaValidator;
  beforeAll(() => {
    // The CRDs of the operator and plugin charts the fleet pins: the objects must be what they accept.
    schemas = validatorFor(['cloudnative-pg', pinnedComponentVersion('cloudnative-pg')], ['plugin-barman-cloud', BARMAN_CLOUD_CHART_VERSION]);
  });

  it('bootstraps from another ObjectStore to a point in time through the barman-cloud plugin', () => {
    const objects = synth({ recovery: { objectStore: 'old-store', sourceServerName: 'old-db', targetTime: '2026-12-07T10:00:00Z' } });
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.bootstrap).toEqual({
      recovery: { source: 'recovery-source', database: 'app', owner: 'app', recoveryTarget: { targetTime: '2026-12-07T10:00:00Z' } },
    });
    expect(cluster.spec.externalClusters).toEqual([
      { name: 'recovery-source', plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'old-store', serverName: 'old-db' } } },
    ]);
    for (const o of objects) expect(schemas.validate(o), `${o.kind} ${o.metadata.name}`).toEqual({ status: 'valid', errors: [] });
  });

  it('recovers from its own backups into a new archive folder, to the end of the archive when no time is given', () => {
    const objects = synth({ backup: { ...backup, serverName: 'app-db-2' }, recovery: {} });
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.bootstrap.recovery).toEqual({ source: 'recovery-source', database: 'app', owner: 'app' });
    expect(cluster.spec.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: 'app-db-store', serverName: 'app-db' });
    // It keeps archiving, under the new server name, into the same ObjectStore.
    expect(cluster.spec.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'app-db-store', serverName: 'app-db-2' } }]);
    for (const o of objects) expect(schemas.validate(o), `${o.kind} ${o.metadata.name}`).toEqual({ status: 'valid', errors: [] });
  });

  it('keeps initdb and the default archive folder without recovery', () => {
    const cluster = synth({ backup }).find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.bootstrap).toEqual({ initdb: { database: 'app', owner: 'app' } });
    expect(cluster.spec.externalClusters).toBeUndefined();
    expect(cluster.spec.plugins[0].parameters).toEqual({ barmanObjectName: 'app-db-store' });
  });

  it('refuses a recovery it cannot do or that would break the archive', () => {
    expect(() => synth({ recovery: {} })).toThrow(/recovery needs an objectStore, or backup/);
    expect(() => synth({ backup, recovery: {} })).toThrow(/same folder; set backup.serverName/);
    for (const targetTime of ['2026-12-07 10:00:00', '2026-12-07T10:00:00', 'yesterday', '2026-13-40T10:00:00Z']) {
      expect(() => synth({ recovery: { objectStore: 'old-store', targetTime } }), targetTime).toThrow(/targetTime .* must be an RFC 3339 time with a zone/);
    }
    expect(() => synth({ recovery: { objectStore: 'Old_Store' } })).toThrow(/objectStore/);
    expect(() => synth({ backup: { ...backup, serverName: 'x/y' } })).toThrow(/serverName/);
  });
});

describe('databaseBackup (backups: in config)', () => {
  const ctx = (restoreDatabases?: Record<string, { archiveAs: string; fromServerName?: string; targetTime?: string }>): ClusterContext => ({
    name: 'c1',
    environment: 'staging',
    domain: 'staging.example.com',
    provider: 'hcloud-k3s',
    dns: { provider: 'cloudflare', zone: 'example.com', proxied: false },
    enabled: new Set(['cloudnative-pg']),
    adminCidrs: ['203.0.113.0/24'],
    backups: { endpoint: 'https://s3.example.com', bucket: 'b', region: 'auto', schedule: '0 2 * * *', retentionDays: 7, ...(restoreDatabases ? { restoreDatabases } : {}) },
  });
  const db = { namespace: 'shop', name: 'orders', credentialsSecret: 'orders-backup' };

  it('backs up into <cluster>/cnpg, and recovers only the database restoreDatabases names', () => {
    expect(databaseBackup(ctx(), db)).toEqual({
      backup: { endpoint: 'https://s3.example.com', bucket: 'b', prefix: 'c1/cnpg', credentialsSecret: 'orders-backup', retentionDays: 7 },
    });
    const restore = { 'shop/orders': { archiveAs: 'orders-2', targetTime: '2026-12-07T10:00:00+01:00' } };
    const settings = databaseBackup(ctx(restore), db);
    expect(settings.backup?.serverName).toBe('orders-2');
    expect(settings.recovery).toEqual({ sourceServerName: 'orders', targetTime: '2026-12-07T10:00:00+01:00' });
    expect(databaseBackup(ctx(restore), { ...db, name: 'carts' })).not.toHaveProperty('recovery');
    expect(databaseBackup({ ...ctx(), backups: undefined }, db)).toEqual({});
    // What it gives a Database is a valid recovery into the new folder.
    const objects = synth({ ...databaseBackup(ctx(restore), db), name: 'orders', namespace: 'shop' });
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.externalClusters[0].plugin.parameters).toEqual({ barmanObjectName: 'orders-store', serverName: 'orders' });
    expect(cluster.spec.plugins[0].parameters).toEqual({ barmanObjectName: 'orders-store', serverName: 'orders-2' });
  });
});

describe('backups.restoreDatabases in config', () => {
  it('recovers any Database the cluster runs (platform or application) that it names, and leaves the others alone', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parse } = await import('yaml');
    const { buildGitops } = await import('../../../charts/index');
    const { loadPlatform } = await import('../../../config/load');
    const { copyEnvironments, edit } = await import('../../support/environments');
    const databases = (files: Map<string, string>) =>
      [...files.entries()]
        .filter(([f]) => f.startsWith('clusters/') && f.endsWith('.yaml'))
        .flatMap(([f, text]) => text.split(/^---$/m).map((c) => parse(c)).filter((o) => o?.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1').map((o) => ({ cluster: f.split('/')[1]!, o })));
    const dir = copyEnvironments();
    const before = databases(await buildGitops(loadPlatform(dir)));
    // Every Database of a cluster with backups: one per cluster, whichever the shipped config has.
    const targets = new Map<string, { cluster: string; o: any }>();
    // Prefer an application's database over Keycloak's where a cluster has both (both paths are covered across clusters).
    const ordered = [...before].sort((a, b) => Number(a.o.metadata.namespace === 'keycloak') - Number(b.o.metadata.namespace === 'keycloak'));
    for (const d of ordered) if (d.o.spec.plugins && !targets.has(d.cluster)) targets.set(d.cluster, d);
    expect(targets.size).toBeGreaterThan(0);
    for (const { cluster, o } of targets.values()) {
      const file = readdirSync(dir).find((f) => f.endsWith('.yaml') && (parse(readFileSync(join(dir, f), 'utf8'))?.clusters ?? {})[cluster])!;
      edit(dir, file, [[['clusters', cluster, 'backups', 'restoreDatabases'], { [`${o.metadata.namespace}/${o.metadata.name}`]: { archiveAs: `${o.metadata.name}-2`, targetTime: '2026-12-07T10:00:00Z' } }]]);
    }
    const after = databases(await buildGitops(loadPlatform(dir)));
    for (const { cluster, o } of after) {
      const target = targets.get(cluster)?.o;
      const restored = target && target.metadata.namespace === o.metadata.namespace && target.metadata.name === o.metadata.name;
      if (restored) {
        expect(o.spec.bootstrap.recovery, `${cluster} ${o.metadata.name}`).toMatchObject({ source: 'recovery-source', recoveryTarget: { targetTime: '2026-12-07T10:00:00Z' } });
        expect(o.spec.plugins[0].parameters.serverName).toBe(`${o.metadata.name}-2`);
      } else {
        expect(o.spec.bootstrap.initdb, `${cluster} ${o.metadata.name}`).toBeDefined();
      }
    }
  });
});

describe('rule restore-database-unknown', () => {
  it('refuses a restoreDatabases entry naming no Database the cluster runs, with file, line, path, value and the databases it runs; accepts those it runs', async () => {
    const { basename, dirname } = await import('node:path');
    const { loadPlatform } = await import('../../../config/load');
    const { ConfigError } = await import('../../../config/problems');
    const { clusterDatabases } = await import('../../../config/rules');
    const { copyEnvironments, edit } = await import('../../support/environments');
    const problemsOf = (dir: string) => {
      try {
        loadPlatform(dir, { relativeTo: dirname(dir) });
        return [];
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        return [...error.problems];
      }
    };
    // A cluster of the copied environments that runs at least one Database, whichever it is.
    const platform = loadPlatform(copyEnvironments());
    const cluster = platform.clusters.find((c) => clusterDatabases(c).length > 0)!;
    expect(cluster).toBeDefined();
    const file = basename(platform.environments.find((e) => e.name === cluster.environment)!.file);
    const runs = clusterDatabases(cluster);
    const backups = { endpoint: 'https://s3.example.com', bucket: 'backups-test', region: 'auto', schedule: '0 2 * * *', retentionDays: 7 };
    const at = ['clusters', cluster.name, 'backups'];

    const bad = copyEnvironments();
    edit(bad, file, [[at, { ...backups, restoreDatabases: { 'team-a/orders-db': { archiveAs: 'orders-db-2' }, [runs[0]!]: { archiveAs: 'restored-2' } } }]]);
    const found = problemsOf(bad).filter((p) => p.rule === 'restore-database-unknown');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: `environments/${file}`, path: `clusters.${cluster.name}.backups.restoreDatabases.team-a/orders-db`, value: 'team-a/orders-db' });
    expect(found[0]!.line).toBeGreaterThan(0);
    expect(found[0]!.message).toContain('names no Database this cluster runs');
    expect(found[0]!.message).toContain(runs.join(', '));

    const ok = copyEnvironments();
    edit(ok, file, [[at, { ...backups, restoreDatabases: Object.fromEntries(runs.map((d) => [d, { archiveAs: 'restored-2' }])) }]]);
    expect(problemsOf(ok).filter((p) => p.rule === 'restore-database-unknown')).toEqual([]);
  });
});

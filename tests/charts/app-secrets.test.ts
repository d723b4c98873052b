import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGitops, type GitopsFiles } from '../../charts/index';
import { LAYOUT } from '../../charts/layout';
import { expectedSecrets, secretFile } from '../../charts/secrets';
import { findEncryptedSecrets } from '../../cli/encrypted-secrets';
import { loadPlatform, type Cluster, type Platform } from '../../config/load';
import { ENVIRONMENTS } from '../support/environments';
import { parseDocs } from './helpers';

/**
 * An app's Secrets (env secretKeyRef, envFrom secretRef) are listed in SECRETS.md, kept in
 * apps/secrets/ and applied with the apps, after the tenant namespaces exist. The cluster is any
 * shipped one, given a tenant and apps of its own here (the test does not depend on which apps ship).
 */
describe('app Secrets', () => {
  let platform: Platform;
  let cluster: Cluster;

  beforeAll(() => {
    const loaded = loadPlatform(ENVIRONMENTS);
    const base = loaded.clusters.find((c) => Object.keys(c.tenants).length > 0)!;
    const tenant = Object.values(base.tenants)[0]!;
    cluster = {
      ...base,
      tenants: { shop: { ...tenant, group: 'shop-admins', appsRepository: undefined, identity: undefined, mail: undefined } },
      apps: {
        db: {
          template: 'stateful-app',
          tenant: 'shop',
          image: 'docker.io/library/postgres:17.6',
          port: 5432,
          runAsUser: 999,
          dataMountPath: '/var/lib/postgresql/data',
          writablePaths: ['/tmp', '/var/run/postgresql'],
          env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
        },
        web: {
          template: 'kustomize-app',
          tenant: 'shop',
          image: 'ghcr.io/example/web:1.2.3',
          port: 8080,
          env: { DB_PASSWORD: { secretKeyRef: { name: 'db-credentials', key: 'password' } }, MODE: { configMapKeyRef: { name: 'web-settings', key: 'mode' } } },
          envFrom: [{ secretRef: { name: 'web-env' } }, { configMapRef: { name: 'web-settings' } }],
        },
      },
    } as Cluster;
    platform = { ...loaded, clusters: [cluster] };
  });

  it('are expected once per Secret, in the tenant namespace, with the keys read and who reads them', () => {
    const apps = expectedSecrets(cluster).filter((s) => s.layer === 'apps');
    expect(apps).toEqual([
      { namespace: 'shop', name: 'db-credentials', keys: ['password'], usedBy: 'app db (env POSTGRES_PASSWORD), app web (env DB_PASSWORD)', layer: 'apps' },
      { namespace: 'shop', name: 'web-env', keys: [], usedBy: 'app web (envFrom: every key becomes a variable)', layer: 'apps' },
    ]);
    expect(apps.map((s) => secretFile(cluster, s))).toEqual([
      `${LAYOUT.appSecrets(cluster.name)}/shop-db-credentials.sops.yaml`,
      `${LAYOUT.appSecrets(cluster.name)}/shop-web-env.sops.yaml`,
    ]);
  });

  it('are listed in SECRETS.md and, once encrypted files exist, in the apps kustomization (not the platform secrets folder)', async () => {
    const before: GitopsFiles = await buildGitops(platform);
    const secretsMd = before.get(`${LAYOUT.cluster(cluster.name)}/SECRETS.md`)!;
    expect(secretsMd).toContain('| `apps/secrets/shop-db-credentials.sops.yaml` | shop | db-credentials | `password` |');
    expect(secretsMd).toContain('go to `apps/secrets/` instead');
    const appsKustomization = () => parse(files.get(`${LAYOUT.apps(cluster.name)}/kustomization.yaml`)!) as { resources: string[] };
    let files = before;
    expect(appsKustomization().resources.filter((r) => r.startsWith('secrets/'))).toEqual([]);

    const encrypted = [`${LAYOUT.appSecrets(cluster.name)}/shop-db-credentials.sops.yaml`];
    files = await buildGitops(platform, { encryptedSecrets: encrypted });
    expect(appsKustomization().resources).toContain('secrets/shop-db-credentials.sops.yaml');
    const platformSecrets = parse(files.get(`${LAYOUT.secrets(cluster.name)}/kustomization.yaml`)!) as { resources?: string[] };
    expect(platformSecrets.resources ?? []).not.toContain('shop-db-credentials.sops.yaml');
  });

  it('reach the containers as env valueFrom and envFrom', async () => {
    const files = await buildGitops(platform);
    const [deployment] = parseDocs(files.get(`${LAYOUT.apps(cluster.name)}/web.yaml`)!).filter((o) => o.kind === 'Deployment');
    const container = deployment!.spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-settings', key: 'mode' } } },
    ]);
    expect(container.envFrom).toEqual([{ secretRef: { name: 'web-env' } }, { configMapRef: { name: 'web-settings' } }]);
    const [statefulSet] = parseDocs(files.get(`${LAYOUT.apps(cluster.name)}/db.yaml`)!).filter((o) => o.kind === 'StatefulSet');
    const pod = statefulSet!.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999 });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/var/lib/postgresql/data', '/tmp', '/var/run/postgresql']);
  });

  it('are found in apps/secrets/ as well as secrets/ of a written tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-secrets-'));
    for (const file of ['clusters/c1/secrets/a-b.sops.yaml', 'clusters/c1/apps/secrets/shop-db.sops.yaml', 'clusters/c1/apps/secrets/notes.md']) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), 'x');
    }
    expect(findEncryptedSecrets(dir)).toEqual(['clusters/c1/apps/secrets/shop-db.sops.yaml', 'clusters/c1/secrets/a-b.sops.yaml']);
  });
});

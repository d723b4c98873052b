import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BLUEPRINTS } from '../../../charts/components';
import { releaseLayer } from '../../../config/platform-releases';
import type { ComponentName } from '../../../config/schema';
import { pinnedImageReason } from '../../../config/pinned-image';
import { Cache } from '../../../constructs/components/cache';
import { BARMAN_CLOUD_CHART_VERSION, CloudNativePg } from '../../../constructs/components/cloudnative-pg';
import type { ClusterContext } from '../../../constructs/components/context';
import { Database } from '../../../constructs/components/database';
import { Dex } from '../../../constructs/components/dex';
import { Longhorn } from '../../../constructs/components/longhorn';
import { MetalLb } from '../../../constructs/components/metallb';
import { OAuth2Proxy } from '../../../constructs/components/oauth2-proxy';
import { PodSecurityPolicies } from '../../../constructs/components/pod-security-policies';
import { RedisOperator } from '../../../constructs/components/redis-operator';
import { SealedSecrets } from '../../../constructs/components/sealed-secrets';
import { clusterDependencies } from '../../../constructs/components/release-dependencies';
import { VeleroBackupPlan } from '../../../constructs/components/velero-backup-plan';
import { OciBlockStorageClass } from '../../../constructs/platform/oci-block-storage-class';
import { restrictedViolations } from '../apps/pod-security';

const context = (enabled: ComponentName[], overrides: Partial<ClusterContext> = {}): ClusterContext => ({
  name: 'c1',
  environment: 'staging',
  domain: 'staging.example.com',
  provider: 'hcloud-k3s',
  dns: { provider: 'cloudflare', zone: 'example.com', proxied: false },
  enabled: new Set(enabled),
  adminCidrs: ['203.0.113.0/24'],
  ...overrides,
});

const backups = { endpoint: 'https://s3.example.com', bucket: 'backups', region: 'auto', schedule: '0 2 * * *', retentionDays: 7 };
const synthConfigs = (component: ComponentName, ctx: ClusterContext) => {
  const chart = Testing.chart();
  BLUEPRINTS[component].clusterConfigs!(chart, ctx);
  return Testing.synth(chart);
};

describe('Kyverno Pod Security Standards', () => {
  it('audits outside production and enforces in a production environment (config wins)', () => {
    const actions = (ctx: ClusterContext) => synthConfigs('kyverno', ctx).map((p) => p.spec.rules[0].validate.failureAction);
    expect(actions(context(['kyverno']))).toEqual(['Audit', 'Audit']);
    // The environment's production flag decides, not its name.
    expect(actions(context(['kyverno'], { environment: 'prod' }))).toEqual(['Audit', 'Audit']);
    expect(actions(context(['kyverno'], { environment: 'live', production: true }))).toEqual(['Enforce', 'Enforce']);
    expect(actions(context(['kyverno'], { production: true, policyMode: 'audit' }))).toEqual(['Audit', 'Audit']);
  });

  it('applies baseline outside privileged namespaces and restricted to tenants', () => {
    const chart = Testing.chart();
    new PodSecurityPolicies(chart, 'p', { mode: 'enforce' });
    const [baseline, restricted] = Testing.synth(chart);
    expect(baseline).toMatchObject({ kind: 'ClusterPolicy', metadata: { name: 'pss-baseline' } });
    expect(baseline.spec.rules[0].validate.podSecurity).toEqual({ level: 'baseline', version: 'latest' });
    expect(baseline.spec.rules[0].match.any[0].resources.namespaceSelector.matchExpressions[0]).toMatchObject({ operator: 'NotIn', values: ['privileged'] });
    expect(restricted.spec.rules[0].validate.podSecurity.level).toBe('restricted');
    expect(restricted.spec.rules[0].match.any[0].resources.namespaceSelector.matchExpressions[0]).toEqual({ key: 'toolkit.fluxcd.io/tenant', operator: 'Exists' });
    expect(() => new PodSecurityPolicies(Testing.chart(), 'x', { mode: 'deny' as never })).toThrow(/audit or enforce/);
  });
});

describe('Velero', () => {
  it('writes an S3 BackupStorageLocation with the credentials secret by name and a schedule with retention', () => {
    const chart = Testing.chart();
    new VeleroBackupPlan(chart, 'v', { namespace: 'velero', backups, credentialsSecret: 'velero-s3-credentials', prefix: 'c1/velero' });
    const [location, schedule] = Testing.synth(chart);
    expect(location).toMatchObject({
      kind: 'BackupStorageLocation',
      spec: { provider: 'aws', objectStorage: { bucket: 'backups', prefix: 'c1/velero' }, credential: { name: 'velero-s3-credentials', key: 'cloud' }, config: { s3Url: 'https://s3.example.com' } },
    });
    expect(schedule).toMatchObject({ kind: 'Schedule', spec: { schedule: '0 2 * * *', template: { ttl: '168h0m0s' } } });
    expect(() => new VeleroBackupPlan(Testing.chart(), 'x', { namespace: 'velero', backups: { ...backups, schedule: 'daily' }, credentialsSecret: 's' })).toThrow(/cron/);
    expect(() => synthConfigs('velero', context(['velero']))).toThrow(/backups/);
  });
});

describe('Database (CloudNativePG)', () => {
  it('renders a Cluster backed up through the barman-cloud plugin, its ObjectStore, a ScheduledBackup and a NetworkPolicy; no secret values', () => {
    const chart = Testing.chart();
    const db = new Database(chart, 'db', {
      name: 'app-db',
      namespace: 'team-a',
      database: 'app',
      owner: 'app',
      instances: 2,
      clientNamespaces: ['team-a'],
      backup: { endpoint: 'https://s3.example.com', bucket: 'backups', prefix: 'c1/cnpg', credentialsSecret: 'app-db-backup', retentionDays: 14 },
    });
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual(['Cluster', 'ObjectStore', 'ScheduledBackup', 'NetworkPolicy']);
    const [cluster, store, scheduled, policy] = objects;
    expect(cluster).toMatchObject({
      apiVersion: 'postgresql.cnpg.io/v1',
      metadata: { name: 'app-db', namespace: 'team-a' },
      spec: { instances: 2, bootstrap: { initdb: { database: 'app', owner: 'app' } } },
    });
    // WAL archiving through the plugin, into the ObjectStore; no in-tree barmanObjectStore (removed
    // in CloudNativePG 1.31), no Cluster-level backup section or env left.
    expect(cluster!.spec.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'app-db-store' } }]);
    expect(cluster!.spec.backup).toBeUndefined();
    expect(cluster!.spec.env).toBeUndefined();
    expect(JSON.stringify(objects)).not.toContain('barmanObjectStore');
    expect(db.objectStore).toBe('app-db-store');
    // The ObjectStore, next to the Cluster: bucket and prefix, endpoint, the credentials Secret by
    // reference, compression and the retention (which moved here from the Cluster).
    expect(store).toEqual({
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'app-db-store', namespace: 'team-a' },
      spec: {
        configuration: {
          destinationPath: 's3://backups/c1/cnpg',
          endpointURL: 'https://s3.example.com',
          s3Credentials: {
            accessKeyId: { name: 'app-db-backup', key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: 'app-db-backup', key: 'ACCESS_SECRET_KEY' },
          },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
        retentionPolicy: '14d',
        // S3-compatible stores: boto3 checksums only when required (the plugin's documented
        // workaround), in the sidecar that runs barman-cloud.
        instanceSidecarConfiguration: {
          env: [
            { name: 'AWS_REQUEST_CHECKSUM_CALCULATION', value: 'when_required' },
            { name: 'AWS_RESPONSE_CHECKSUM_VALIDATION', value: 'when_required' },
          ],
        },
      },
    });
    // The first base backup at once, then daily, by the plugin.
    expect(scheduled!.spec).toEqual({
      schedule: '0 0 3 * * *',
      immediate: true,
      backupOwnerReference: 'self',
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      cluster: { name: 'app-db' },
    });
    // Operator, own namespace (replication between the two instances), clients.
    const ingress = policy!.spec.ingress as { from: Record<string, unknown>[]; ports: { port: number }[] }[];
    expect(ingress.map((rule) => [rule.from, rule.ports.map((p) => p.port)])).toEqual([
      [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cnpg-system' } } }], [8000, 5432]],
      [[{ podSelector: {} }], [8000, 5432]],
      [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } } }], [5432]],
    ]);
    expect(db.readWriteService).toBe('app-db-rw');
    expect(JSON.stringify(objects)).not.toMatch(/"kind":"Secret"/);
    // No backup: no plugin, no ObjectStore, no ScheduledBackup.
    const plainDb = ((c) => new Database(c, 'p', { name: 'p', namespace: 'n', database: 'a', owner: 'a' }))(Testing.chart());
    const plain = Testing.synth(Chart.of(plainDb));
    expect(plain.map((o) => o.kind)).toEqual(['Cluster', 'NetworkPolicy']);
    expect(plain[0]!.spec.plugins).toBeUndefined();
    expect(plain[0]!.spec.backup).toBeUndefined();
    expect(plainDb.objectStore).toBeUndefined();
    expect(() => new Database(Testing.chart(), 'x', { name: 'x', namespace: 'n', database: 'a', owner: 'a', instances: 0 })).toThrow(/instances/);
    expect(() => new Database(Testing.chart(), 'y', { name: 'y', namespace: 'n', database: 'a-b', owner: 'a' })).toThrow(/identifier/);
  });

  it('backs Keycloak with a Database that backs up through the plugin when the cluster has backups', () => {
    const objects = synthConfigs('keycloak', context(['keycloak', 'cloudnative-pg', 'envoy-gateway'], { backups }));
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.metadata).toEqual({ name: 'keycloak-db', namespace: 'keycloak' });
    expect(cluster.spec.backup).toBeUndefined();
    expect(cluster.spec.plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'keycloak-db-store' } }]);
    const store = objects.find((o) => o.kind === 'ObjectStore')!;
    expect(store.metadata).toEqual({ name: 'keycloak-db-store', namespace: 'keycloak' });
    expect(store.spec.configuration.destinationPath).toBe('s3://backups/c1/cnpg');
    expect(store.spec.configuration.s3Credentials.secretAccessKey).toEqual({ name: 'keycloak-db-backup', key: 'ACCESS_SECRET_KEY' });
    expect(store.spec.retentionPolicy).toBe('7d');
    expect(objects.find((o) => o.kind === 'ScheduledBackup')!.spec).toMatchObject({ method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } });
    expect(objects.find((o) => o.kind === 'HTTPRoute')!.spec.hostnames).toEqual(['keycloak.staging.example.com']);
    expect(clusterDependencies('keycloak', new Set(['keycloak', 'cloudnative-pg'])).map((d) => d.name)).toEqual(['cloudnative-pg']);
    // Without backups: no ObjectStore, no plugin.
    const plain = synthConfigs('keycloak', context(['keycloak', 'cloudnative-pg', 'envoy-gateway']));
    expect(plain.map((o) => o.kind)).not.toContain('ObjectStore');
    expect(plain.find((o) => o.kind === 'Cluster')!.spec.plugins).toBeUndefined();
  });

  it('installs the barman-cloud plugin next to the operator, after cert-manager and the operator, at its own chart version', () => {
    const chart = Testing.chart();
    new CloudNativePg(chart, 'cnpg', { version: '0.29.0' });
    const releases = Testing.synth(chart).filter((o) => o.kind === 'HelmRelease');
    expect(releases.map((r) => `${r.metadata.namespace}/${r.metadata.name} ${r.spec.chart.spec.chart} ${r.spec.chart.spec.version}`)).toEqual([
      'cnpg-system/cloudnative-pg cloudnative-pg 0.29.0',
      `cnpg-system/plugin-barman-cloud plugin-barman-cloud ${BARMAN_CLOUD_CHART_VERSION}`,
    ]);
    // One HelmRepository serves both charts.
    expect(new Set(releases.map((r) => r.spec.chart.spec.sourceRef.name))).toEqual(new Set(['cnpg-system']));
    expect(releases[1]!.spec.dependsOn).toEqual([
      { name: 'cert-manager', namespace: 'cert-manager' },
      { name: 'cloudnative-pg', namespace: 'cnpg-system' },
    ]);
    expect(releases[1]!.spec.values).toMatchObject({ crds: { create: true }, resources: { limits: { memory: '256Mi' } } });
    expect(releaseLayer('plugin-barman-cloud')).toBe('controllers');
    expect(clusterDependencies('plugin-barman-cloud', new Set(['cert-manager', 'cloudnative-pg', 'kube-prometheus-stack'])).map((d) => d.name)).toEqual(['cert-manager', 'cloudnative-pg']);
    expect(() => clusterDependencies('plugin-barman-cloud', new Set(['cloudnative-pg']))).toThrow(/cert-manager/);
  });
});

describe('Cache (Redis operator)', () => {
  it('renders a non-root standalone Redis with a pinned image', () => {
    const chart = Testing.chart();
    const cache = new Cache(chart, 'c', { name: 'sessions', namespace: 'oauth2-proxy', storageGb: 1 });
    const [redis, policy] = Testing.synth(chart);
    expect(redis).toMatchObject({ apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'Redis', spec: { podSecurityContext: { runAsNonRoot: true } } });
    expect(redis.spec.kubernetesConfig.image).toMatch(/:v\d+\.\d+\.\d+$/);
    expect(policy.kind).toBe('NetworkPolicy');
    expect(cache.address).toBe('sessions.oauth2-proxy.svc:6379');
    expect(() => new Cache(Testing.chart(), 'x', { name: 'x', namespace: 'n', image: 'redis:latest' })).toThrow(`Cache x: image ${pinnedImageReason()}, got "redis:latest"`);
  });
});

describe('identity', () => {
  it('gives Dex its issuer and static clients whose secrets come from Secrets by name', () => {
    const values = Dex.clusterValues(context(['dex'], { subdomains: { dex: 'login' }, dexClients: { grafana: { name: 'Grafana', redirectUris: ['https://grafana.example.com/cb'] } } })) as any;
    expect(values.config.issuer).toBe('https://login.staging.example.com');
    expect(values.config.staticClients).toEqual([{ id: 'grafana', name: 'Grafana', redirectURIs: ['https://grafana.example.com/cb'], secretEnv: 'DEX_CLIENT_GRAFANA_SECRET' }]);
    expect(values.envVars[0].valueFrom.secretKeyRef).toEqual({ name: 'dex-client-grafana', key: 'clientSecret' });
  });

  it('points OAuth2-Proxy at Dex, else Keycloak, and keeps sessions in a Cache when the Redis operator runs', () => {
    expect((OAuth2Proxy.clusterValues(context(['dex'])) as any).extraArgs['oidc-issuer-url']).toBe('https://dex.staging.example.com');
    expect((OAuth2Proxy.clusterValues(context(['keycloak'])) as any).extraArgs['oidc-issuer-url']).toBe('https://keycloak.staging.example.com/realms/platform');
    expect(() => OAuth2Proxy.clusterValues(context([]))).toThrow(/identity provider/);
    const objects = synthConfigs('oauth2-proxy', context(['oauth2-proxy', 'dex', 'redis-operator', 'envoy-gateway']));
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Redis', 'HTTPRoute']));
    expect(objects.find((o) => o.kind === 'HTTPRoute')!.spec.hostnames).toEqual(['auth.staging.example.com']);
  });
});

describe('storage', () => {
  it('writes an OCI block volume StorageClass bound on first consumer', () => {
    const chart = Testing.chart();
    new OciBlockStorageClass(chart, 's', { vpusPerGb: 20 });
    expect(Testing.synth(chart)[0]).toMatchObject({
      kind: 'StorageClass',
      provisioner: 'blockvolume.csi.oraclecloud.com',
      parameters: { vpusPerGB: '20' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    expect(() => new OciBlockStorageClass(Testing.chart(), 'x', { vpusPerGb: 15 })).toThrow(/multiple of 10/);
  });
});

describe('privileged namespaces say why', () => {
  it('Longhorn, Tailscale, Cilium and Velero (its node agent) are privileged with a reason, Sablier and the Redis operator baseline; the others are restricted', () => {
    const psa = (component: ComponentName) => {
      const chart = Testing.chart();
      BLUEPRINTS[component].controllers(chart, { version: '1.2.3' });
      return Testing.synth(chart).find((o) => o.kind === 'Namespace')!.metadata.labels['pod-security.kubernetes.io/enforce'];
    };
    for (const c of ['longhorn', 'tailscale-operator', 'cilium', 'velero'] as const) expect(psa(c), c).toBe('privileged');
    // The sablier chart has no securityContext values, so its pod cannot pass restricted.
    expect(psa('sablier'), 'sablier').toBe('baseline');
    // The Redis operator chart sets none by default; ours passes a restricted one (pod and
    // container), and the rendered pod meets restricted (npm run check), so the namespace enforces it.
    expect(psa('redis-operator'), 'redis-operator').toBe('restricted');
    expect(RedisOperator.baseValues).toMatchObject({
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    // Longhorn 1.10's settings template refuses non-string settings.
    for (const value of Object.values((Longhorn.baseValues as { defaultSettings: Record<string, unknown> }).defaultSettings)) expect(typeof value).toBe('string');
    // MetalLB as the platform runs it: no speakers, so only the controller.
    for (const c of ['kyverno', 'cloudnative-pg', 'dex', 'oauth2-proxy', 'keycloak', 'sealed-secrets', 'metallb'] as const) {
      expect(psa(c), c).toBe('restricted');
    }
  });
});

/** A single-container pod with these pod and container security contexts. */
const podWith = (pod: unknown, container: unknown) => ({
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { securityContext: pod, containers: [{ name: 'c', image: 'example/c:1.0.0', securityContext: container }] },
});

describe('MetalLB in layer 2', () => {
  const synth = (speakers: boolean) => {
    const chart = Testing.chart();
    new MetalLb(chart, 'm', { version: '1.2.3', speakers });
    return Testing.synth(chart);
  };
  const values = (speakers: boolean) => synth(speakers).find((o) => o.kind === 'HelmRelease')!.spec.values;
  const namespace = (speakers: boolean) => synth(speakers).find((o) => o.kind === 'Namespace')!.metadata;

  it('installs no BGP backend: neither the bundled frr-k8s (a hostNetwork DaemonSet with NET_ADMIN/SYS_ADMIN) nor FRR sidecars', () => {
    for (const speakers of [true, false]) {
      expect(values(speakers).frrk8s, `speakers ${speakers}`).toEqual({ enabled: false });
      expect(values(speakers).speaker.frr, `speakers ${speakers}`).toEqual({ enabled: false });
    }
  });

  it('needs privileged only for the speakers (hostNetwork and NET_RAW, which baseline forbids) and says so', () => {
    expect(values(true).speaker.enabled).toBeUndefined();
    expect(namespace(true).labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace(true).annotations['platform.cheapk8s.io/pod-security-reason']).toMatch(/hostNetwork.*NET_RAW.*baseline/);
    expect(values(false).speaker.enabled).toBe(false);
    expect(namespace(false).labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('gives the controller the pod context restricted asks for (the chart fixes its container context: no escalation, ALL dropped)', () => {
    const chartContainer = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
    const controller = MetalLb.baseValues.controller as { securityContext: unknown };
    expect(restrictedViolations(podWith(controller.securityContext, chartContainer))).toEqual([]);
  });
});

describe('Sealed Secrets', () => {
  it('sets the pod and container contexts restricted asks for through the chart values, whatever the chart defaults', () => {
    const values = SealedSecrets.baseValues as { podSecurityContext: unknown; containerSecurityContext: unknown };
    expect(restrictedViolations(podWith(values.podSecurityContext, values.containerSecurityContext))).toEqual([]);
  });
});

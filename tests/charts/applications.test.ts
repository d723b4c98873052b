import { beforeAll, describe, expect, it } from 'vitest';
import { buildGitops, type GitopsFiles } from '../../charts/index';
import { loadPlatform } from '../../config/load';
import { ConfigError } from '../../config/problems';
import { copyEnvironments, edit } from '../support/environments';
import { kustomize, writeTree, type Obj } from './helpers';

/**
 * The company application layer end to end, from a cluster's own `applications:` config (subdomains
 * and sizes chosen here, not the shipped ones) to what `kubectl kustomize` of its apps path and
 * its controllers path give Flux.
 */
describe('company applications from config', () => {
  let files: GitopsFiles;
  let apps: Obj[];
  let controllers: Obj[];
  let services: Obj[];
  const cluster = 'do-prod';
  const domain = 'example.org';

  beforeAll(async () => {
    const dir = copyEnvironments();
    edit(dir, 'prod.yaml', [
      [
        ['clusters', cluster, 'applications'],
        {
          forgejo: { enabled: true, subdomain: 'code', storageGb: 7, database: { instances: 3, storageGb: 4 }, rateLimit: { requestsPerMinute: 42 } },
          homepage: { enabled: true, subdomain: 'start', rateLimit: false },
          mattermost: { enabled: true, subdomain: 'talk', storageGb: 3 },
          nextcloud: { enabled: true, subdomain: 'files', storageGb: 9 },
          litellm: { enabled: true, subdomain: 'llm', models: [{ name: 'small', model: 'openai/gpt-4o-mini', apiKey: 'OPENAI_KEY' }] },
        },
      ],
    ]);
    files = await buildGitops(loadPlatform(dir));
    const root = writeTree(files);
    apps = kustomize(root, `clusters/${cluster}/apps`);
    controllers = kustomize(root, `clusters/${cluster}/infrastructure/controllers`);
    services = kustomize(root, `clusters/${cluster}/infrastructure/services`);
  });

  const find = (objs: Obj[], kind: string, namespace: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

  it('gives each application its namespace, data, workload and route in the apps path', () => {
    expect(find(apps, 'Namespace', undefined as never, 'forgejo') ?? apps.find((o) => o.kind === 'Namespace' && o.metadata.name === 'forgejo')).toBeDefined();
    const db = find(apps, 'Cluster', 'forgejo', 'forgejo-db')!;
    expect(db.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(db.spec).toMatchObject({ instances: 3, storage: { size: '4Gi' }, plugins: [{ parameters: { barmanObjectName: 'forgejo-db-store' } }] });
    expect(find(apps, 'PodMonitor', 'forgejo', 'forgejo-db')).toBeDefined();
    expect(find(apps, 'PersistentVolumeClaim', 'forgejo', 'forgejo-data')!.spec.resources.requests.storage).toBe('7Gi');
    const route = find(apps, 'HTTPRoute', 'forgejo', 'forgejo')!;
    expect(route.spec.hostnames).toEqual([`code.${domain}`]);
    expect(route.spec.parentRefs).toEqual([{ name: 'platform', namespace: 'envoy-gateway-system', sectionName: 'https' }]);
    expect(find(apps, 'BackendTrafficPolicy', 'forgejo', 'forgejo')!.spec.rateLimit.local.rules).toEqual([{ limit: { requests: 42, unit: 'Minute' } }]);
    // rateLimit: false leaves the route unlimited.
    expect(find(apps, 'BackendTrafficPolicy', 'homepage', 'homepage')).toBeUndefined();
    expect(find(apps, 'HelmRelease', 'homepage', 'homepage')!.spec.chart.spec).toMatchObject({ chart: 'homepage', version: '2.1.0' });
    // Nothing of an application that is off.
    for (const [ns, db] of [['mattermost', 'mattermost-db'], ['litellm', 'litellm-db']]) expect(find(apps, 'Cluster', ns!, db!), db).toBeDefined();
  });

  it('wires Forgejo\'s sign-in from config to the rendered Deployment: client id, redirect URI, secret reference', () => {
    const dex = controllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'dex')!;
    const client = dex.spec.values.config.staticClients.find((c: { id: string }) => c.id === 'forgejo');
    expect(client).toEqual({ id: 'forgejo', name: 'Forgejo', redirectURIs: [`https://code.${domain}/user/oauth2/sso/callback`], secretEnv: 'DEX_CLIENT_FORGEJO_SECRET' });
    expect(dex.spec.values.envVars).toContainEqual({ name: 'DEX_CLIENT_FORGEJO_SECRET', valueFrom: { secretKeyRef: { name: 'dex-client-forgejo', key: 'clientSecret' } } });
    const deployment = find(apps, 'Deployment', 'forgejo', 'forgejo')!;
    const init = deployment.spec.template.spec.initContainers.find((c: { name: string }) => c.name === 'sso-source');
    const env = Object.fromEntries(init.env.map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));
    expect(env.OIDC_CLIENT_ID).toBe('forgejo');
    expect(env.OIDC_CLIENT_SECRET).toEqual({ secretKeyRef: { name: 'forgejo-oidc', key: 'clientSecret' } });
    expect(env.OIDC_DISCOVERY_URL).toBe(`https://dex.${domain}/.well-known/openid-configuration`);
    expect(init.command.join(' ')).toContain('forgejo admin auth add-oauth');
    const main = deployment.spec.template.spec.containers[0];
    expect(main.env).toContainEqual({ name: 'FORGEJO__server__ROOT_URL', value: `https://code.${domain}/` });
    expect(main.env).toContainEqual({ name: 'FORGEJO__database__PASSWD', valueFrom: { secretKeyRef: { name: 'forgejo-db-app', key: 'password' } } });
    expect(main.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // Both copies of the client secret are listed for the operator to create.
    const secrets = files.get(`clusters/${cluster}/SECRETS.md`)!;
    expect(secrets).toContain('| `secrets/dex-dex-client-forgejo.sops.yaml` | dex | dex-client-forgejo |');
    expect(secrets).toContain('| `apps/secrets/forgejo-forgejo-oidc.sops.yaml` | forgejo | forgejo-oidc |');
  });

  it('wires Nextcloud\'s sign-in (user_oidc) from config to its release: client id, redirect URI, secret reference; its database and cache are ours', () => {
    const dex = controllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'dex')!;
    const client = dex.spec.values.config.staticClients.find((c: { id: string }) => c.id === 'nextcloud');
    expect(client).toEqual({ id: 'nextcloud', name: 'Nextcloud', redirectURIs: [`https://files.${domain}/apps/user_oidc/code`], secretEnv: 'DEX_CLIENT_NEXTCLOUD_SECRET' });
    const values = find(apps, 'HelmRelease', 'nextcloud', 'nextcloud')!.spec.values;
    expect(values.nextcloud.extraEnv).toEqual([{ name: 'OIDC_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'nextcloud-oidc', key: 'clientSecret' } } }]);
    expect(values.nextcloud.hooks['before-starting']).toContain(`--clientid=nextcloud --clientsecret="$OIDC_CLIENT_SECRET" --discoveryuri=https://dex.${domain}/.well-known/openid-configuration`);
    expect(values.nextcloud.trustedDomains).toEqual([`files.${domain}`]);
    expect(values.externalDatabase).toMatchObject({ enabled: true, type: 'postgresql', host: 'nextcloud-db-rw', existingSecret: { secretName: 'nextcloud-db-app' } });
    expect(values.externalRedis).toEqual({ enabled: true, host: 'nextcloud-cache.nextcloud.svc', port: '6379' });
    expect([values.redis.enabled, values.postgresql.enabled, values.mariadb.enabled, values.internalDatabase.enabled]).toEqual([false, false, false, false]);
    expect(values.persistence.size).toBe('9Gi');
    expect(find(apps, 'Redis', 'nextcloud', 'nextcloud-cache')).toBeDefined();
    expect(apps.find((o) => o.kind === 'Namespace' && o.metadata.name === 'nextcloud')!.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('puts Homepage behind OAuth2-Proxy and lists the cluster\'s applications on it', () => {
    const proxy = services.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'oauth2-proxy')!;
    expect(proxy.spec.values.extraArgs['whitelist-domain'].split(',')).toContain(`start.${domain}`);
    const policy = find(apps, 'SecurityPolicy', 'homepage', 'homepage')!;
    expect(policy.spec.extAuth.http.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'oauth2-proxy', namespace: 'oauth2-proxy', port: 80 }]);
    const values = find(apps, 'HelmRelease', 'homepage', 'homepage')!.spec.values;
    // Every other enabled application, in catalogue order, at its configured host.
    expect(values.config.services[0].Applications.map((l: Record<string, { href: string }>) => Object.values(l)[0]!.href)).toEqual([
      `https://talk.${domain}`,
      `https://files.${domain}`,
      `https://code.${domain}`,
      `https://llm.${domain}`,
    ]);
    expect(values.config.services[1].Platform.map((l: Record<string, unknown>) => Object.keys(l)[0])).toContain('Grafana');
    expect(values.env).toEqual([{ name: 'HOMEPAGE_ALLOWED_HOSTS', value: `start.${domain}` }]);
  });

  it.each([
    ['mattermost', 'talk'],
    ['litellm', 'llm'],
    ['homepage', 'start'],
  ])('signs in to %s through OAuth2-Proxy: its host at the proxy and at Dex, the route guarded', (app, label) => {
    const host = `${label}.${domain}`;
    const proxy = services.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'oauth2-proxy')!;
    expect(proxy.spec.values.extraArgs['whitelist-domain'].split(',')).toContain(host);
    expect(proxy.spec.values.config.existingSecret).toBe('oauth2-proxy');
    const dex = controllers.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'dex')!;
    const client = dex.spec.values.config.staticClients.find((c: { id: string }) => c.id === 'oauth2-proxy');
    expect(client.redirectURIs).toContain(`https://${host}/oauth2/callback`);
    expect(client.secretEnv).toBe('DEX_CLIENT_OAUTH2_PROXY_SECRET');
    expect(find(apps, 'HTTPRoute', app, app)!.spec.hostnames).toEqual([host]);
    expect(find(apps, 'SecurityPolicy', app, app)!.spec.extAuth.failOpen).toBe(false);
  });

  it('configures Mattermost over its database and LiteLLM with the models and keys from config', () => {
    const mattermost = find(apps, 'HelmRelease', 'mattermost', 'mattermost')!.spec.values;
    expect(mattermost.config.MM_SERVICESETTINGS_SITEURL).toBe(`https://talk.${domain}`);
    expect(mattermost.extraEnvVars).toContainEqual({ name: 'MM_SQLSETTINGS_DATASOURCE', valueFrom: { secretKeyRef: { name: 'mattermost-db-app', key: 'uri' } } });
    expect(mattermost.persistence.data.size).toBe('3Gi');
    expect(mattermost.mysql.enabled).toBe(false);
    const litellm = find(apps, 'Deployment', 'litellm', 'litellm')!.spec.template.spec.containers[0];
    expect(litellm.env).toContainEqual({ name: 'OPENAI_KEY', valueFrom: { secretKeyRef: { name: 'litellm-provider-keys', key: 'OPENAI_KEY' } } });
    expect(litellm.env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'litellm-db-app', key: 'uri' } } });
    const config = find(apps, 'ConfigMap', 'litellm', 'litellm')!.data['config.yaml'];
    expect(config).toContain('model: openai/gpt-4o-mini');
    expect(config).toContain('api_key: os.environ/OPENAI_KEY');
    expect(files.get(`clusters/${cluster}/SECRETS.md`)).toContain('| litellm | litellm-provider-keys | `OPENAI_KEY` |');
  });

  it('refuses an application whose components are off, with file, path and rule', () => {
    const dir = copyEnvironments();
    edit(dir, 'prod.yaml', [
      [['clusters', cluster, 'applications'], { forgejo: { enabled: true } }],
      [['clusters', cluster, 'components', 'cloudnative-pg'], { enabled: false }],
    ]);
    let error: unknown;
    try {
      loadPlatform(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems.find((p) => p.rule === 'application-requires');
    expect(problem).toMatchObject({ path: `clusters.${cluster}.applications.forgejo.enabled`, value: true, message: 'forgejo needs cloudnative-pg enabled' });
    expect(problem!.file).toMatch(/prod\.yaml$/);
    expect(problem!.line).toBeGreaterThan(1);
    // A tenant may not take an application's namespace.
    const other = copyEnvironments();
    edit(other, 'prod.yaml', [[['clusters', cluster, 'tenants', 'forgejo'], { size: 'small', group: 'git-admins' }]]);
    let tenantError: unknown;
    try {
      loadPlatform(other);
    } catch (e) {
      tenantError = e;
    }
    expect((tenantError as ConfigError).problems).toContainEqual(expect.objectContaining({ rule: 'tenant-namespace', path: `clusters.${cluster}.tenants.forgejo` }));
  });
});

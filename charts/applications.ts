import { App, Chart } from 'cdk8s';
import type { Cluster } from '../config/load';
import type { ApplicationName, ApplicationSettings } from '../config/schema';
import { APPLICATION_CATALOGUE } from '../config/application-catalogue';
import { ApplicationNamespace } from '../constructs/applications/application-namespace';
import { applicationBackupSecret, applicationOidcSecret } from '../constructs/applications/application-secrets';
import { Forgejo } from '../constructs/applications/forgejo';
import { Homepage, type HomepageGroup } from '../constructs/applications/homepage';
import { LiteLlm } from '../constructs/applications/litellm';
import { Mattermost } from '../constructs/applications/mattermost';
import { Nextcloud } from '../constructs/applications/nextcloud';
import { RouteRateLimit } from '../constructs/applications/route-rate-limit';
import { ScaleToZero } from '../constructs/applications/scale-to-zero';
import { Cache } from '../constructs/components/cache';
import type { ClusterApplication, ClusterContext } from '../constructs/components/context';
import { databaseBackup, PRIVATE_RANGES, serviceHost } from '../constructs/components/context';
import { Database } from '../constructs/components/database';
import { fromIngress } from '../constructs/components/ingress-allowances';
import { IngressNginx } from '../constructs/components/ingress-nginx';
import { KubePrometheusStack } from '../constructs/components/kube-prometheus-stack';
import { OAuth2Proxy } from '../constructs/components/oauth2-proxy';
import { platformIdentityProvider } from '../constructs/components/identity-provider';
import { PlatformRoute } from '../constructs/components/platform-route';
import type { TrafficRule } from '../constructs/platform/namespace-network-policies';
import type { FluxDefaults } from '../constructs/flux/defaults';
import { routeEntry } from './components';
import { clusterContext, LAYOUT } from './layout';
import { addFile, chartManifests, manifestsFile, type GitopsFiles } from './render';
import type { ExpectedSecret } from './secrets';

/** Folder of the company applications inside a cluster's apps path. */
export const APPLICATIONS_DIR = 'applications';

/** The settings of an enabled application (config guarantees them). */
function settingsOf(cluster: Cluster, app: ApplicationName): ApplicationSettings {
  const settings = cluster.applications?.[app];
  if (!settings?.enabled) throw new Error(`cluster ${cluster.name}: application ${app} is not enabled`);
  return settings;
}

/**
 * The Secrets the cluster's applications read in their own namespaces (SOPS, in the apps path's
 * secrets folder): each application's own (catalogue), its OIDC client secret where it signs in
 * itself, and its database backup credentials where the cluster backs up.
 */
export function applicationSecrets(cluster: Cluster): ExpectedSecret[] {
  const ctx = clusterContext(cluster);
  const out: ExpectedSecret[] = [];
  for (const app of ctx.applications ?? []) {
    const info = APPLICATION_CATALOGUE[app.name];
    for (const secret of info.secrets) {
      // LiteLLM's provider keys: exactly the names its models use.
      const keys = secret.name === 'litellm-provider-keys' ? [...new Set((cluster.applications?.litellm?.models ?? []).map((m) => m.apiKey))].sort() : secret.keys;
      if (keys.length > 0) out.push({ namespace: info.namespace, name: secret.name, keys, usedBy: `${info.title}: ${secret.usedBy}`, layer: 'apps' });
    }
    if (info.signIn === 'oidc' && platformIdentityProvider(ctx)) {
      const idp = ctx.enabled.has('dex') ? `the Dex static client ${app.name} (same value as dex/dex-client-${app.name})` : `the Keycloak client ${app.name} of realm platform (same value as keycloak/keycloak-client-${app.name})`;
      out.push({ namespace: info.namespace, name: applicationOidcSecret(app.name), keys: ['clientSecret'], usedBy: `${info.title} single sign-on: the client secret of ${idp}`, layer: 'apps' });
    }
    if (info.database && cluster.backups) {
      out.push({
        namespace: info.namespace,
        name: applicationBackupSecret(app.name),
        keys: ['ACCESS_KEY_ID', 'ACCESS_SECRET_KEY'],
        usedBy: `${info.database.name} backups (barman-cloud ObjectStore ${info.database.name}-store)`,
        layer: 'apps',
      });
    }
  }
  return out;
}

/** The links of the start page: the platform's public UIs, then the cluster's other applications. */
export function homepageGroups(ctx: ClusterContext): HomepageGroup[] {
  const platform: HomepageGroup['links'][number][] = [];
  const entry = routeEntry(ctx);
  if (entry && KubePrometheusStack.grafanaRoute(ctx, entry) && ctx.enabled.has('kube-prometheus-stack')) {
    platform.push({ name: 'Grafana', href: `https://${serviceHost(ctx, 'grafana')}`, description: 'Dashboards, logs and traces' });
  }
  if (entry && KubePrometheusStack.prometheusRoute(ctx, entry) && ctx.enabled.has('kube-prometheus-stack')) {
    platform.push({ name: 'Prometheus', href: `https://${serviceHost(ctx, 'prometheus')}`, description: 'Metrics and alerts' });
  }
  // The secrets server, Vault or OpenBao, answers at the vault host either way.
  const secrets = ctx.enabled.has('openbao') ? 'OpenBao' : ctx.enabled.has('vault') ? 'Vault' : undefined;
  if (entry && secrets) platform.push({ name: secrets, href: `https://${serviceHost(ctx, 'vault')}`, description: 'Secrets (admin ranges only)' });
  if (entry && ctx.enabled.has('keycloak')) platform.push({ name: 'Keycloak', href: `https://${serviceHost(ctx, 'keycloak')}/realms/platform/account`, description: 'Your account' });
  const applications = (ctx.applications ?? [])
    .filter((a) => a.name !== 'homepage')
    .map((a) => ({ name: APPLICATION_CATALOGUE[a.name].title, href: `https://${a.hostname}`, description: APPLICATION_CATALOGUE[a.name].description }));
  return [
    { title: 'Applications', links: applications },
    { title: 'Platform', links: platform },
  ];
}

/** NetworkPolicy allowances of an application's namespace. */
function trafficRules(ctx: ClusterContext, app: ApplicationName): { ingress: TrafficRule[]; egress: TrafficRule[] } {
  const info = APPLICATION_CATALOGUE[app];
  // The ingress proxies reach the application (ingress-nginx's controller too where it is on: these files are per cluster).
  const ingress: TrafficRule[] = [...fromIngress(info.service.targetPort)];
  if (ctx.enabled.has('ingress-nginx')) ingress.push({ name: `from-${IngressNginx.namespace}`, peer: { namespace: IngressNginx.namespace }, ports: [{ port: info.service.targetPort }] });
  const egress: TrafficRule[] = [];
  if (info.database) {
    // The operator manages the database instances here; the instance managers talk to the API server.
    ingress.push({ name: 'from-cnpg-operator', peer: { namespace: 'cnpg-system' }, ports: [{ port: 8000 }, { port: 5432 }] });
    egress.push({ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] });
    if (ctx.enabled.has('kube-prometheus-stack')) ingress.push({ name: 'metrics-from-monitoring', peer: { namespace: 'monitoring' }, ports: [{ port: 9187 }] });
  }
  if (info.cache) ingress.push({ name: 'from-redis-operator', peer: { namespace: 'redis-operator' }, ports: [{ port: 6379 }] });
  // The identity provider's public endpoints, object storage for backups, model providers (LiteLLM):
  // HTTPS outside the private ranges; inside the cluster the ingress address leads to Envoy's pods.
  egress.push({ name: 'https', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] });
  if (ctx.enabled.has('envoy-gateway')) egress.push({ name: 'via-envoy-gateway', peer: { namespace: 'envoy-gateway-system' }, ports: [{ port: 10443 }] });
  return { ingress, egress };
}

/** The objects of one application in one cluster. */
function buildApplication(chart: Chart, cluster: Cluster, ctx: ClusterContext, app: ClusterApplication, defaults: FluxDefaults): void {
  const info = APPLICATION_CATALOGUE[app.name];
  const settings = settingsOf(cluster, app.name);
  const namespace = info.namespace;
  const traffic = trafficRules(ctx, app.name);
  new ApplicationNamespace(chart, 'namespace', {
    name: namespace,
    podSecurity: info.podSecurity.level,
    podSecurityReason: info.podSecurity.reason,
    ingress: traffic.ingress,
    egress: traffic.egress,
    defaults,
  });
  const database = info.database
    ? new Database(chart, 'database', {
        name: info.database.name,
        namespace,
        database: info.database.owner,
        owner: info.database.owner,
        instances: settings.database?.instances,
        storageGb: settings.database?.storageGb,
        metrics: ctx.enabled.has('kube-prometheus-stack'),
        // Backups into <cluster>/cnpg, and a recovery when backups.restoreDatabases names it.
        ...databaseBackup(ctx, { namespace, name: info.database.name, credentialsSecret: applicationBackupSecret(app.name) }),
      })
    : undefined;
  const cache = info.cache ? new Cache(chart, 'cache', { name: `${app.name}-cache`, namespace }) : undefined;
  const idp = platformIdentityProvider(ctx);
  const storageGb = settings.storageGb ?? info.storageGb;

  switch (app.name) {
    case 'homepage':
      new Homepage(chart, 'homepage', { namespace, version: settings.version, hostname: app.hostname, groups: homepageGroups(ctx), title: cluster.name, values: settings.values, defaults });
      break;
    case 'forgejo':
      new Forgejo(chart, 'forgejo', {
        namespace,
        image: `${info.source.kind === 'workload' ? info.source.image : ''}:${settings.version}`,
        hostname: app.hostname,
        database: { host: database!.readWriteService, secret: database!.appSecret },
        securitySecret: 'forgejo-secrets',
        signIn: idp && { issuer: idp.issuer, clientId: app.name, clientSecret: applicationOidcSecret(app.name), displayName: idp.displayName },
        storageGb,
        memory: info.memory,
        scaleToZeroGroup: app.scaleToZero && app.name,
      });
      break;
    case 'mattermost':
      new Mattermost(chart, 'mattermost', {
        namespace,
        version: settings.version,
        repository: info.source.kind === 'chart' ? info.source.repository : '',
        hostname: app.hostname,
        databaseSecret: database!.appSecret,
        storageGb,
        memory: info.memory,
        values: settings.values,
        defaults,
      });
      break;
    case 'nextcloud':
      new Nextcloud(chart, 'nextcloud', {
        namespace,
        version: settings.version,
        repository: info.source.kind === 'chart' ? info.source.repository : '',
        hostname: app.hostname,
        database: { host: database!.readWriteService, secret: database!.appSecret, name: info.database!.owner },
        cacheHost: cache!.host,
        adminSecret: 'nextcloud-admin',
        signIn: idp && { issuer: idp.issuer, clientId: app.name, clientSecret: applicationOidcSecret(app.name), displayName: idp.displayName },
        storageGb,
        memory: info.memory,
        values: settings.values,
        defaults,
      });
      break;
    case 'litellm':
      new LiteLlm(chart, 'litellm', {
        namespace,
        image: `${info.source.kind === 'workload' ? info.source.image : ''}:${settings.version}`,
        databaseSecret: database!.appSecret,
        masterKeySecret: 'litellm-master-key',
        providerKeysSecret: 'litellm-provider-keys',
        models: cluster.applications?.litellm?.models,
        memory: info.memory,
        scaleToZeroGroup: app.scaleToZero && app.name,
      });
      break;
    default:
      throw new Error(`application ${app.name} is not built yet`);
  }

  const entry = routeEntry(ctx);
  if (!entry) return;
  const externalAuth = info.signIn === 'oauth2-proxy' ? OAuth2Proxy.applicationAuth(ctx, app.hostname) : undefined;
  // Behind OAuth2-Proxy but the proxy is off: not routed at all (config rule application-requires).
  if (info.signIn === 'oauth2-proxy' && !externalAuth) return;
  new PlatformRoute(chart, 'route', { name: app.name, namespace, hostname: app.hostname, service: info.service.name, port: info.service.port, entry, externalAuth });
  const rateLimit = settings.rateLimit === false ? undefined : (settings.rateLimit?.requestsPerMinute ?? info.rateLimitPerMinute);
  if (rateLimit !== undefined && entry.kind === 'gateway') new RouteRateLimit(chart, 'rate-limit', { route: app.name, namespace, requestsPerMinute: rateLimit });
  // Asleep when idle: the route's requests go through Sablier's Wasm filter first (config allows it only with Envoy Gateway).
  if (app.scaleToZero && entry.kind === 'gateway') {
    if (!info.scaleToZero.supported) throw new Error(`application ${app.name} cannot scale to zero: ${info.scaleToZero.reason}`);
    new ScaleToZero(chart, 'scale-to-zero', { route: app.name, namespace, group: app.name, displayName: info.title, ...app.scaleToZero });
  }
}

/**
 * The company applications of one cluster, one file each in `apps/applications/<name>.yaml`:
 * namespace, NetworkPolicies, database, cache, the application (HelmRelease or workload), its route
 * and rate limit. Returns the files for the apps kustomization, in APPLICATIONS order.
 */
export function addApplications(files: GitopsFiles, app: App, cluster: Cluster, defaults: FluxDefaults): string[] {
  const ctx = clusterContext(cluster);
  const resources: string[] = [];
  for (const application of ctx.applications ?? []) {
    const chart = new Chart(app, `${cluster.name}-application-${application.name}`, { disableResourceNameHashes: true });
    buildApplication(chart, cluster, ctx, application, defaults);
    const info = APPLICATION_CATALOGUE[application.name];
    const file = `${APPLICATIONS_DIR}/${application.name}.yaml`;
    addFile(files, `${LAYOUT.apps(cluster.name)}/${file}`, manifestsFile(chartManifests(chart), `Company application ${info.title} at https://${application.hostname} (docs/applications/${application.name}.md).`));
    resources.push(file);
  }
  return resources;
}

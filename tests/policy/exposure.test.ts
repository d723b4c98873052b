/**
 * What the ingress exposes (policy/exposure.ts): the judges fire on the platform as it was (an SSO
 * cookie for the parent domain that tenants share, `*` email domains in production, Grafana public
 * with its login form, Vault and Keycloak's administration public, Vault's metrics without a token)
 * and are quiet on the fences; the shipped tree, rendered offline from the chart cache, has each
 * fence in place.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlatform } from '../../config/load';
import { adminExposureFindings, clusterDomains, exposureContexts, exposureFindings, grafanaSsoFindings, parseIni, ssoScopeFindings } from '../../policy/exposure';
import { chartCacheDir } from '../../render/chart-cache';
import { renderClusters, type RenderResult } from '../../render/render';
import { renderTools } from '../../render/tools';
import type { ClusterRender, JsonObject, RenderedObject } from '../../render/types';

const ROOT = join(__dirname, '..', '..');

const wrap = (o: JsonObject): RenderedObject => ({ object: o, origin: { file: 'test.yaml', kustomization: 'infra-configs' } });

/** A cluster render: plain objects, and releases by chart name with their rendered objects. */
function render(objects: JsonObject[], releases: Record<string, JsonObject[]> = {}): ClusterRender {
  return {
    cluster: 'c1',
    kubernetesVersion: '1.34.1',
    kustomizations: [{ name: 'infra-configs', namespace: 'flux-system', dependsOn: [], wait: true, healthChecks: [], path: './x', objects: objects.map(wrap) }],
    releases: Object.entries(releases).map(([chart, list]) => ({
      name: chart,
      namespace: String((list[0]?.metadata as JsonObject | undefined)?.namespace ?? chart),
      targetNamespace: String((list[0]?.metadata as JsonObject | undefined)?.namespace ?? chart),
      kustomization: 'infra-services',
      dependsOn: [],
      wait: true,
      chart: { name: chart, version: '1.0.0', source: 'x' },
      values: {},
      objects: list.map((o) => ({ object: o, origin: { file: `helm:${chart}`, kustomization: 'infra-services', release: `${chart}/${chart}` } })),
    })),
    bootstrapInputs: [],
  };
}

/** The platform Gateway with the shared listener and one tenant's. */
const gateway = (domain = 'example.org', tenants = ['team-b']): JsonObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'platform', namespace: 'envoy-gateway-system' },
  spec: {
    gatewayClassName: 'platform',
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80, hostname: `*.${domain}` },
      { name: 'https', protocol: 'HTTPS', port: 443, hostname: `*.${domain}` },
      ...tenants.map((t) => ({ name: `https-${t}`, protocol: 'HTTPS', port: 443, hostname: `*.${t}.${domain}` })),
    ],
  },
});

const proxy = (args: string[], cfg = 'email_domains = ["*"]\nupstreams = ["file:///dev/null"]\n'): JsonObject[] => [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'oauth2-proxy', namespace: 'oauth2-proxy' }, data: { 'oauth2_proxy.cfg': cfg } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'oauth2-proxy', namespace: 'oauth2-proxy' },
    spec: { template: { spec: { containers: [{ name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.15.3', args: [...args, '--config=/etc/oauth2_proxy/oauth2_proxy.cfg'] }] } } },
  },
];

/** oauth2-proxy's arguments as the platform rendered them before (do-prod). */
const BEFORE = ['--cookie-domain=.example.org', '--email-domain=*', '--provider=oidc', '--redirect-url=https://auth.example.org/oauth2/callback', '--whitelist-domain=.example.org'];
/** And now. */
const NOW = ['--allowed-group=example:platform', '--cookie-name=__Host-oauth2-proxy', '--provider=oidc', '--whitelist-domain=auth.example.org,prometheus.example.org'];

describe('render-sso-scope: OAuth2-Proxy\'s cookie and redirects stay on platform hosts', () => {
  it('takes the cluster and tenant domains from the Gateway listeners and tenant Namespaces', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-c', labels: { 'toolkit.fluxcd.io/tenant': 'team-c' } } };
    expect(clusterDomains(render([gateway(), ns]))).toEqual({ domain: 'example.org', tenantDomains: ['team-b.example.org', 'team-c.example.org'] });
    expect(clusterDomains(render([]), { domain: 'x.org', tenantDomains: ['t.x.org'] })).toEqual({ domain: 'x.org', tenantDomains: ['t.x.org'] });
  });

  it('fires on the parent-domain cookie and wildcard whitelist tenants share, and on * in production', () => {
    const found = ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy(BEFORE) }), { production: true });
    expect(found.map((f) => f.rule)).toEqual(['render-sso-scope', 'render-sso-scope', 'render-sso-scope']);
    expect(found[0]!.message).toMatch(/cookie domain \.example\.org sends the platform session cookie to every host under example\.org, tenant apps included \(\*\.team-b\.example\.org\)/);
    expect(found[1]!.message).toMatch(/whitelist-domain \.example\.org/);
    expect(found[2]!.message).toMatch(/admits every identity .* in a production cluster/);
    expect(found[0]!.resource).toBe('c1:helm oauth2-proxy/oauth2-proxy:Deployment/oauth2-proxy/oauth2-proxy');
  });

  it('fires on a cookie domain that only a tenant shares, from the config file or the environment too', () => {
    const tenant = ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy(['--cookie-domain=team-b.example.org']) }));
    expect(tenant).toHaveLength(1);
    expect(tenant[0]!.message).toContain('*.team-b.example.org');
    const cfg = ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy([], 'cookie_domains = [".example.org"]\n') }));
    expect(cfg).toHaveLength(1);
    // A wildcard domain with no tenant yet still covers every tenant added later.
    const later = ssoScopeFindings(render([gateway('example.org', [])], { 'oauth2-proxy': proxy(['--whitelist-domain=*.example.org']) }));
    expect(later[0]!.message).toContain('every tenant added later');
  });

  it('is quiet on host-only cookies, exact whitelisted hosts and an allowed group', () => {
    expect(ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy(NOW) }), { production: true })).toEqual([]);
    // A cookie domain on one platform host (no tenant of that name) is narrow too.
    expect(ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy(['--cookie-domain=auth.example.org', '--email-domain=example.org']) }), { production: true })).toEqual([]);
    // Outside production `*` is allowed.
    expect(ssoScopeFindings(render([gateway()], { 'oauth2-proxy': proxy(['--email-domain=*']) }))).toEqual([]);
  });
});

const grafanaService: JsonObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-prometheus-stack-grafana', namespace: 'monitoring' }, spec: { ports: [{ port: 80 }] } };
const grafanaIni = (ini: string): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-prometheus-stack-grafana', namespace: 'monitoring' }, data: { 'grafana.ini': ini } });
const grafanaDeployment = (env: JsonObject[] = []): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'kube-prometheus-stack-grafana', namespace: 'monitoring' },
  spec: { template: { spec: { containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:13.2.0', env }] } } },
});
const route = (name: string, namespace: string, host: string, service: string, port: number, paths?: string[]): JsonObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace },
  spec: {
    parentRefs: [{ name: 'platform', namespace: 'envoy-gateway-system', sectionName: 'https' }],
    hostnames: [host],
    rules: [{ ...(paths ? { matches: paths.map((value) => ({ path: { type: 'PathPrefix', value } })) } : {}), backendRefs: [{ name: service, port }] }],
  },
});
const BEFORE_INI = '[analytics]\ncheck_for_updates = false\n[auth.anonymous]\nenabled = false\n[server]\nroot_url = https://grafana.example.org\n[users]\nallow_sign_up = false\n';
const SSO_INI = `${BEFORE_INI}[auth]\ndisable_login_form = true\n[auth.basic]\nenabled = false\n[auth.generic_oauth]\nenabled = true\nclient_id = grafana\n`;

describe('render-grafana-sso: an exposed Grafana signs in through the identity provider only', () => {
  const exposedGrafana = (ini: string, env: JsonObject[] = []) =>
    render([route('grafana', 'monitoring', 'grafana.example.org', 'kube-prometheus-stack-grafana', 80)], { 'kube-prometheus-stack': [grafanaIni(ini), grafanaService, grafanaDeployment(env)] });

  it('reads grafana.ini as go-ini does', () => {
    const ini = parseIni("[auth]\ndisable_login_form = true\n; comment\n[auth.generic_oauth]\nrole_attribute_path = 'Viewer'\n");
    expect(ini.get('auth')?.get('disable_login_form')).toBe('true');
    expect(ini.get('auth.generic_oauth')?.get('role_attribute_path')).toBe('Viewer');
  });

  it('fires on a routed Grafana with its login form, basic auth and no SSO (the platform before)', () => {
    const found = grafanaSsoFindings(exposedGrafana(BEFORE_INI));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/exposed by HTTPRoute monitoring\/grafana \(grafana\.example\.org\) but its login form is on .*basic auth is on.*no single sign-on provider is enabled/);
  });

  it('fires when an environment variable turns the login form back on, or anonymous access is on', () => {
    expect(grafanaSsoFindings(exposedGrafana(SSO_INI, [{ name: 'GF_AUTH_DISABLE_LOGIN_FORM', value: 'false' }]))[0]!.message).toContain('login form is on');
    expect(grafanaSsoFindings(exposedGrafana(`${SSO_INI}[auth.anonymous]\nenabled = true\n`))[0]!.message).toContain('anonymous access is on');
  });

  it('is quiet with SSO only, and on a Grafana no route exposes', () => {
    expect(grafanaSsoFindings(exposedGrafana(SSO_INI))).toEqual([]);
    expect(grafanaSsoFindings(render([], { 'kube-prometheus-stack': [grafanaIni(BEFORE_INI), grafanaService, grafanaDeployment()] }))).toEqual([]);
  });
});

const vaultRelease = (hcl = 'listener "tcp" {\n  telemetry {\n    unauthenticated_metrics_access = false\n  }\n}\n'): JsonObject[] => [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'vault-active', namespace: 'vault' }, spec: {} },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'vault-config', namespace: 'vault' }, data: { 'extraconfig-from-values.hcl': hcl } },
];
const keycloakRelease: JsonObject[] = [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'keycloak-keycloakx-http', namespace: 'keycloak' }, spec: {} }];
const cidrPolicy = (name: string, namespace: string, rules: JsonObject[], defaultAction = 'Deny'): JsonObject => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name, namespace },
  spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name }], authorization: { defaultAction, rules } },
});
const ADMIN = { adminCidrs: ['203.0.113.0/24'] };
const allowAdmin = [{ name: 'admin-ranges', action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24'] } }];
const vaultRoute = route('vault', 'vault', 'vault.example.org', 'vault-active', 8200);
const keycloakRoute = route('keycloak', 'keycloak', 'keycloak.example.org', 'keycloak-keycloakx-http', 80);
const keycloakAdmin = route('keycloak-admin', 'keycloak', 'keycloak.example.org', 'keycloak-keycloakx-http', 80, ['/admin', '/realms/master']);

describe('render-admin-exposure: Vault and Keycloak\'s administration answer the admin ranges only', () => {
  it('fires on the public Vault route and Keycloak route of before, and on Vault\'s unauthenticated metrics', () => {
    const found = adminExposureFindings(
      render([vaultRoute, keycloakRoute], { vault: vaultRelease('telemetry {\n unauthenticated_metrics_access = true\n}\n'), keycloakx: keycloakRelease }),
      ADMIN,
    );
    expect(found.map((f) => f.resource)).toEqual([
      'c1:ks infra-configs:HTTPRoute/vault/vault',
      'c1:ks infra-configs:HTTPRoute/keycloak/keycloak',
      'c1:helm vault/vault:ConfigMap/vault/vault-config',
    ]);
    expect(found[0]!.message).toContain("serves Vault's UI and API (https://vault.example.org/) to any client: no SecurityPolicy targets it");
    expect(found[1]!.message).toContain("serves Keycloak's administration (https://keycloak.example.org/admin/)");
    expect(found[2]!.message).toContain('unauthenticated_metrics_access = true');
  });

  it('is quiet with admin-range SecurityPolicies on Vault and on Keycloak\'s admin route (the rest of Keycloak stays public)', () => {
    const objects = [vaultRoute, cidrPolicy('vault', 'vault', allowAdmin), keycloakRoute, keycloakAdmin, cidrPolicy('keycloak-admin', 'keycloak', allowAdmin)];
    expect(adminExposureFindings(render(objects, { vault: vaultRelease(), keycloakx: keycloakRelease }), ADMIN)).toEqual([]);
  });

  it('fires on a policy that allows by default, admits a range outside the admin ranges or an Allow rule without clientCIDRs', () => {
    const judge = (policy: JsonObject) => adminExposureFindings(render([vaultRoute, policy], { vault: vaultRelease() }), ADMIN).map((f) => f.message);
    expect(judge(cidrPolicy('vault', 'vault', allowAdmin, 'Allow'))[0]).toContain('allows by default');
    expect(judge(cidrPolicy('vault', 'vault', [{ name: 'all', action: 'Allow', principal: { clientCIDRs: ['0.0.0.0/0'] } }]))[0]).toContain('admits 0.0.0.0/0, outside network.adminCidrs');
    expect(judge(cidrPolicy('vault', 'vault', [{ name: 'hdr', action: 'Allow', principal: { headers: [{ name: 'x', values: ['y'] }] } }]))[0]).toContain('Allow rule without clientCIDRs (hdr)');
  });

  it('fires when a longer public prefix on the Keycloak host wins over the fenced admin route', () => {
    const sneaky = route('keycloak-console', 'keycloak', 'keycloak.example.org', 'keycloak-keycloakx-http', 80, ['/admin/master']);
    const objects = [keycloakRoute, keycloakAdmin, cidrPolicy('keycloak-admin', 'keycloak', allowAdmin), sneaky];
    const found = adminExposureFindings(render(objects, { keycloakx: keycloakRelease }), ADMIN);
    expect(found.map((f) => f.resource)).toEqual(['c1:ks infra-configs:HTTPRoute/keycloak/keycloak-console']);
  });

  it('accepts sign-in (extAuth, fail closed) as a fence, and ingress-nginx source ranges', () => {
    const ext: JsonObject = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: 'vault', namespace: 'vault' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'vault' }], extAuth: { failOpen: false, http: { backendRefs: [{ name: 'oauth2-proxy' }] } } },
    };
    expect(adminExposureFindings(render([vaultRoute, ext], { vault: vaultRelease() }), ADMIN)).toEqual([]);
    const ingress = (annotations: Record<string, string>): JsonObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'vault', namespace: 'vault', annotations },
      spec: { rules: [{ host: 'vault.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'vault-active', port: { number: 8200 } } } }] } }] },
    });
    expect(adminExposureFindings(render([ingress({ 'nginx.ingress.kubernetes.io/whitelist-source-range': '203.0.113.0/25' })], { vault: vaultRelease() }), ADMIN)).toEqual([]);
    expect(adminExposureFindings(render([ingress({})], { vault: vaultRelease() }), ADMIN)[0]!.message).toContain('no whitelist-source-range');
  });
});

describe('the shipped tree, rendered from the chart cache', () => {
  let result: RenderResult;
  const objectsOf = (cluster: string) => {
    const c = result.clusters.find((x) => x.cluster === cluster)!;
    return [...c.kustomizations.flatMap((k) => k.objects), ...c.releases.flatMap((r) => r.objects)].map((o) => o.object as any);
  };

  beforeAll(async () => {
    const platform = loadPlatform(join(ROOT, 'environments'), { relativeTo: ROOT });
    result = await renderClusters({ root: ROOT, platform, tools: await renderTools(), chartCache: chartCacheDir(undefined, ROOT) });
    expect(result.problems).toEqual([]);
  }, 300_000);

  it('passes every exposure judge in every cluster', () => {
    const platform = loadPlatform(join(ROOT, 'environments'), { relativeTo: ROOT });
    const contexts = exposureContexts(platform);
    expect(result.clusters.flatMap((c) => exposureFindings(c, contexts.get(c.cluster))).map((f) => f.message)).toEqual([]);
  });

  it.each(['do-prod', 'hcloud-staging'])('%s: OAuth2-Proxy sets no cookie domain, a __Host- cookie and exact redirect hosts', (cluster) => {
    const deployment = objectsOf(cluster).find((o) => o.kind === 'Deployment' && o.metadata.name === 'oauth2-proxy');
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    expect(args.filter((a) => a.startsWith('--cookie-domain') || a.startsWith('--redirect-url'))).toEqual([]);
    expect(args).toContain('--cookie-name=__Host-oauth2-proxy');
    const domain = cluster === 'do-prod' ? 'example.org' : 'staging.example.com';
    // The proxy's own host, Prometheus, then the company applications behind it (Homepage in both).
    const hosts = args.find((a) => a.startsWith('--whitelist-domain='))!.slice('--whitelist-domain='.length).split(',');
    expect(hosts.slice(0, 2)).toEqual([`auth.${domain}`, `prometheus.${domain}`]);
    expect(hosts).toContain(`home.${domain}`);
    expect(hosts.every((h) => h.endsWith(`.${domain}`) && !h.startsWith('.'))).toBe(true);
  });

  it('do-prod: OAuth2-Proxy admits the configured group only, and Dex knows each host\'s callback', () => {
    const objects = objectsOf('do-prod');
    const args: string[] = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'oauth2-proxy').spec.template.spec.containers[0].args;
    expect(args).toContain('--allowed-group=example:platform');
    const dex = objects.find((o) => o.kind === 'Secret' && o.metadata.namespace === 'dex' && o.metadata.name === 'dex');
    const config = Buffer.from(dex.data['config.yaml'], 'base64').toString('utf8');
    expect(config).toContain('https://prometheus.example.org/oauth2/callback');
    expect(config).toContain('https://grafana.example.org/login/generic_oauth');
  });

  it.each([
    ['do-prod', 'Dex', 'http://dex.dex.svc.cluster.local:5556/token'],
    ['hcloud-staging', 'Keycloak', 'http://keycloak-keycloakx-http.keycloak.svc.cluster.local/realms/platform/protocol/openid-connect/token'],
  ])('%s: Grafana signs in through %s only, its client secret from the grafana-oauth Secret', (cluster, idp, tokenUrl) => {
    const objects = objectsOf(cluster);
    const ini = parseIni(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kube-prometheus-stack-grafana').data['grafana.ini']);
    expect(ini.get('auth')?.get('disable_login_form')).toBe('true');
    expect(ini.get('auth.basic')?.get('enabled')).toBe('false');
    expect(Object.fromEntries(ini.get('auth.generic_oauth')!)).toMatchObject({ enabled: 'true', name: idp, client_id: 'grafana', token_url: tokenUrl, use_pkce: 'true' });
    const grafana = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'kube-prometheus-stack-grafana');
    const env = grafana.spec.template.spec.containers.find((c: any) => c.name === 'grafana').env;
    expect(env).toContainEqual({ name: 'GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'grafana-oauth', key: 'client-secret' } } });
  });

  it('oke-dev (no identity provider): Grafana is not routed at all', () => {
    expect(objectsOf('oke-dev').filter((o) => o.kind === 'HTTPRoute' && o.metadata.namespace === 'monitoring')).toEqual([]);
  });

  it.each(['do-prod', 'hcloud-staging'])('%s: the Vault or OpenBao route has a SecurityPolicy admitting the admin ranges only, and its metrics want a token', (cluster) => {
    const objects = objectsOf(cluster);
    // Whichever secrets server the cluster runs: same chart layout, names after the product.
    const server = objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'openbao') ? 'openbao' : 'vault';
    const policy = objects.find((o) => o.kind === 'SecurityPolicy' && o.metadata.namespace === server && o.metadata.name === server);
    expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: server }]);
    expect(policy.spec.authorization).toEqual({ defaultAction: 'Deny', rules: [{ name: 'admin-ranges', action: 'Allow', principal: { clientCIDRs: ['203.0.113.0/24'] } }] });
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${server}-config`);
    expect(config.data['extraconfig-from-values.hcl']).toMatch(/unauthenticated_metrics_access = false/);
  });

  it('hcloud-staging: Keycloak\'s /admin and master realm have a route of their own, fenced the same way', () => {
    const objects = objectsOf('hcloud-staging');
    const admin = objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'keycloak-admin');
    expect(admin.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/admin' } }, { path: { type: 'PathPrefix', value: '/realms/master' } }]);
    const policy = objects.find((o) => o.kind === 'SecurityPolicy' && o.metadata.name === 'keycloak-admin');
    expect(policy.spec.authorization.rules[0].principal.clientCIDRs).toEqual(['203.0.113.0/24']);
    expect(objects.find((o) => o.kind === 'SecurityPolicy' && o.metadata.name === 'keycloak')).toBeUndefined();
  });
});

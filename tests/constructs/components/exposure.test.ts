/**
 * The constructs behind the exposure fences (docs/security.md): Grafana's single sign-on, the admin
 * ranges on Vault's route and Keycloak's admin route, and what Dex and the NetworkPolicies add for
 * the platform's own clients.
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BLUEPRINTS, platformCallbacks } from '../../../charts/components';
import type { ComponentName } from '../../../config/schema';
import type { ClusterContext } from '../../../constructs/components/context';
import { Dex } from '../../../constructs/components/dex';
import { KubePrometheusStack } from '../../../constructs/components/kube-prometheus-stack';
import { PlatformRoute } from '../../../constructs/components/platform-route';
import { testContext } from './context';

const ADMIN = ['203.0.113.0/24', '198.51.100.7/32'];
const ctx = (enabled: ComponentName[], overrides: Partial<ClusterContext> = {}) => testContext(['cert-manager', 'envoy-gateway', ...enabled], { adminCidrs: ADMIN, ...overrides });

function configs(component: ComponentName, c: ClusterContext): any[] {
  const chart = Testing.chart();
  BLUEPRINTS[component].clusterConfigs!(chart, c);
  return Testing.synth(chart);
}
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('Grafana signs in through the platform identity provider only', () => {
  it('turns the login form and basic auth off and signs in at Dex with the grafana client, its secret from the environment', () => {
    const values = KubePrometheusStack.grafanaSignIn(ctx(['dex', 'kube-prometheus-stack']))! as any;
    expect(values['grafana.ini'].auth).toEqual({ disable_login_form: true });
    expect(values['grafana.ini']['auth.basic']).toEqual({ enabled: false });
    expect(values['grafana.ini']['auth.generic_oauth']).toEqual({
      enabled: true,
      name: 'Dex',
      client_id: 'grafana',
      scopes: 'openid email profile groups',
      auth_url: 'https://dex.dev.example.com/auth',
      token_url: 'http://dex.dex.svc.cluster.local:5556/token',
      api_url: 'http://dex.dex.svc.cluster.local:5556/userinfo',
      use_pkce: true,
      allow_sign_up: true,
      groups_attribute_path: 'groups',
    });
    expect(values.envValueFrom).toEqual({ GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: 'grafana-oauth', key: 'client-secret' } } });
    expect(JSON.stringify(values)).not.toContain('client_secret');
  });

  it('maps admin groups to Admin and everyone else to Viewer, and admits the configured domains and groups', () => {
    const signIn = { allowedEmailDomains: ['example.org'], allowedGroups: ['acme', 'acme:ops'], adminGroups: ['acme:ops', 'acme:sre'] };
    const oauth = (KubePrometheusStack.grafanaSignIn(ctx(['dex', 'kube-prometheus-stack'], { signIn })) as any)['grafana.ini']['auth.generic_oauth'];
    expect(oauth.role_attribute_path).toBe("(contains(groups || `[]`, 'acme:ops') || contains(groups || `[]`, 'acme:sre')) && 'Admin' || 'Viewer'");
    expect(oauth.allowed_domains).toBe('example.org');
    expect(oauth.allowed_groups).toBe('acme acme:ops');
    // "*" restricts nothing.
    const any = (KubePrometheusStack.grafanaSignIn(ctx(['dex', 'kube-prometheus-stack'], { signIn: { allowedEmailDomains: ['*', 'example.org'] } })) as any)['grafana.ini']['auth.generic_oauth'];
    expect(any).not.toHaveProperty('allowed_domains');
  });

  it('uses Keycloak\'s platform realm where Keycloak is the identity provider, and merges into the cluster values', () => {
    const c = ctx(['keycloak', 'cloudnative-pg', 'kube-prometheus-stack']);
    const grafana = (KubePrometheusStack.clusterValues(c) as any).grafana;
    expect(grafana['grafana.ini'].server).toEqual({ root_url: 'https://grafana.dev.example.com' });
    expect(grafana['grafana.ini']['auth.generic_oauth']).toMatchObject({
      name: 'Keycloak',
      scopes: 'openid email profile',
      auth_url: 'https://keycloak.dev.example.com/realms/platform/protocol/openid-connect/auth',
      token_url: 'http://keycloak-keycloakx-http.keycloak.svc.cluster.local/realms/platform/protocol/openid-connect/token',
    });
    expect(grafana.envValueFrom).toBeDefined();
  });

  it('lets Grafana reach Dex and Keycloak at their Services', () => {
    for (const [component, port] of [['dex', 5556], ['keycloak', 8080]] as const) {
      const chart = Testing.chart();
      BLUEPRINTS[component].controllers(chart, { version: '1.2.3' });
      const policy = find(Testing.synth(chart), 'NetworkPolicy', 'allow-from-grafana');
      expect(policy.spec.ingress, component).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port, protocol: 'TCP' }] }]);
    }
  });
});

describe('Dex learns the callbacks of the platform\'s own clients', () => {
  it('adds each host OAuth2-Proxy serves and Grafana\'s callback to the clients config declares', () => {
    const c = ctx(['dex', 'oauth2-proxy', 'kube-prometheus-stack'], {
      dexClients: { 'oauth2-proxy': { name: 'Login', redirectUris: ['https://auth.dev.example.com/oauth2/callback'] }, grafana: { name: 'Grafana', redirectUris: ['https://grafana.dev.example.com/login/generic_oauth'] } },
    });
    expect(platformCallbacks(c)).toEqual({
      'oauth2-proxy': ['https://auth.dev.example.com/oauth2/callback', 'https://prometheus.dev.example.com/oauth2/callback'],
      grafana: ['https://grafana.dev.example.com/login/generic_oauth'],
    });
    const clients = (Dex.clusterValues(c, platformCallbacks(c)) as any).config.staticClients;
    expect(clients.find((x: any) => x.id === 'oauth2-proxy').redirectURIs).toEqual(['https://auth.dev.example.com/oauth2/callback', 'https://prometheus.dev.example.com/oauth2/callback']);
    expect(clients.find((x: any) => x.id === 'grafana').redirectURIs).toEqual(['https://grafana.dev.example.com/login/generic_oauth']);
  });
});

describe('Vault and Keycloak\'s administration admit the admin ranges only', () => {
  it('puts a SecurityPolicy (default Deny, Allow on the admin ranges) on Vault\'s route', () => {
    const objects = configs('vault', ctx(['vault']));
    const policy = find(objects, 'SecurityPolicy', 'vault');
    expect(policy.metadata.namespace).toBe('vault');
    expect(policy.spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'vault' }],
      authorization: { defaultAction: 'Deny', rules: [{ name: 'admin-ranges', action: 'Allow', principal: { clientCIDRs: ADMIN } }] },
    });
    expect(find(objects, 'HTTPRoute', 'vault').spec.rules).toEqual([{ backendRefs: [{ name: 'vault-active', port: 8200 }] }]);
  });

  it('gives Keycloak\'s /admin and master realm a route and fence of their own, the platform realm stays public', () => {
    const objects = configs('keycloak', ctx(['keycloak', 'cloudnative-pg']));
    expect(find(objects, 'HTTPRoute', 'keycloak').spec.rules).toEqual([{ backendRefs: [{ name: 'keycloak-keycloakx-http', port: 80 }] }]);
    expect(find(objects, 'SecurityPolicy', 'keycloak')).toBeUndefined();
    const admin = find(objects, 'HTTPRoute', 'keycloak-admin');
    expect(admin.spec.hostnames).toEqual(['keycloak.dev.example.com']);
    expect(admin.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/admin' } }, { path: { type: 'PathPrefix', value: '/realms/master' } }],
        backendRefs: [{ name: 'keycloak-keycloakx-http', port: 80 }],
      },
    ]);
    expect(find(objects, 'SecurityPolicy', 'keycloak-admin').spec.authorization.rules[0].principal.clientCIDRs).toEqual(ADMIN);
  });

  it('uses whitelist-source-range on ingress-nginx', () => {
    const objects = configs('keycloak', testContext(['cert-manager', 'ingress-nginx', 'keycloak', 'cloudnative-pg'], { adminCidrs: ADMIN }));
    const admin = find(objects, 'Ingress', 'keycloak-admin');
    expect(admin.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/whitelist-source-range': '203.0.113.0/24,198.51.100.7/32' });
    expect(admin.spec.rules[0].http.paths.map((p: any) => p.path)).toEqual(['/admin', '/realms/master']);
    expect(find(objects, 'Ingress', 'keycloak').metadata.annotations).toBeUndefined();
  });

  it('refuses an admin surface without admin ranges, and malformed ranges or paths', () => {
    expect(() => configs('vault', testContext(['cert-manager', 'envoy-gateway', 'vault'], { adminCidrs: undefined }))).toThrow(/network.adminCidrs/);
    const route = (props: object) => () =>
      new PlatformRoute(Testing.chart(), 'r', { name: 'ui', namespace: 'ui', hostname: 'ui.example.com', service: 'ui', port: 80, entry: { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'x', sectionName: 'https' }, ...props });
    expect(route({ allowedCidrs: [] })).toThrow(/admit nobody/);
    expect(route({ allowedCidrs: ['office'] })).toThrow(/CIDR blocks/);
    expect(route({ paths: ['admin'] })).toThrow(/start with \//);
    expect(route({ allowedCidrs: ['10.0.0.0/8'], paths: ['/admin'] })).not.toThrow();
  });
});

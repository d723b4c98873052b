import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { BLUEPRINTS } from '../../../charts/components';
import type { ComponentName } from '../../../config/schema';
import type { ClusterContext } from '../../../constructs/components/context';
import { KubePrometheusStack } from '../../../constructs/components/kube-prometheus-stack';
import { OAuth2Proxy } from '../../../constructs/components/oauth2-proxy';
import { PlatformRoute, type ExternalAuth } from '../../../constructs/components/platform-route';
import { Sablier } from '../../../constructs/components/sablier';
import { testContext } from './context';

const context = testContext;

const BASE: ComponentName[] = ['cert-manager', 'external-dns', 'kube-prometheus-stack', 'dex'];
const withEnvoy = (...more: ComponentName[]) => context([...BASE, 'envoy-gateway', ...more]);
const withNginx = (...more: ComponentName[]) => context([...BASE, 'ingress-nginx', ...more]);

/** The kube-prometheus-stack configs of one cluster, synthesized. */
function monitoringConfigs(ctx: ClusterContext): any[] {
  const chart = Testing.chart();
  BLUEPRINTS['kube-prometheus-stack'].clusterConfigs!(chart, ctx);
  return Testing.synth(chart);
}

/** The ingress-nginx configs overlay of one cluster, synthesized. */
function ingressNginxConfigs(ctx: ClusterContext): any[] {
  const chart = Testing.chart();
  BLUEPRINTS['ingress-nginx'].clusterConfigs!(chart, ctx);
  return Testing.synth(chart);
}

/** The controllers base of a component, synthesized. */
function controllers(component: ComponentName): any[] {
  const chart = Testing.chart();
  BLUEPRINTS[component].controllers(chart, { version: '1.2.3' });
  return Testing.synth(chart);
}

const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const policy = (objects: any[], name: string) => find(objects, 'NetworkPolicy', name)?.spec;

describe('UIs without a login go behind OAuth2-Proxy', () => {
  it('routes Prometheus through the platform Gateway with a SecurityPolicy calling oauth2-proxy', () => {
    const objects = monitoringConfigs(withEnvoy('oauth2-proxy'));
    const route = find(objects, 'HTTPRoute', 'prometheus');
    expect(route.metadata.namespace).toBe('monitoring');
    expect(route.spec.hostnames).toEqual(['prometheus.dev.example.com']);
    expect(route.spec.parentRefs).toEqual([{ name: 'platform', namespace: 'envoy-gateway-system', sectionName: 'https' }]);
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: 'kube-prometheus-stack-prometheus', port: 9090 }] }]);

    const security = find(objects, 'SecurityPolicy', 'prometheus');
    expect(security.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(security.metadata.namespace).toBe('monitoring');
    expect(security.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'prometheus' }]);
    expect(security.spec.extAuth.failOpen).toBe(false);
    expect(security.spec.extAuth.http.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'oauth2-proxy', namespace: 'oauth2-proxy', port: 80 }]);
    // The session cookie must reach the proxy: an HTTP ext-auth check gets no other headers by default.
    expect(security.spec.extAuth.headersToExtAuth).toContain('cookie');
    expect(security.spec.extAuth.http.headersToBackend).toEqual(['x-auth-request-user', 'x-auth-request-email']);
    expect(security.spec.extAuth.http.path).toBeUndefined();

    const grant = find(objects, 'ReferenceGrant', 'ext-auth-monitoring-prometheus');
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    expect(grant.metadata.namespace).toBe('oauth2-proxy');
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: 'monitoring' }],
      to: [{ group: '', kind: 'Service', name: 'oauth2-proxy' }],
    });
  });

  it('routes Grafana (single sign-on of its own) without external auth, and only with an identity provider', () => {
    const objects = monitoringConfigs(withEnvoy('oauth2-proxy'));
    expect(find(objects, 'HTTPRoute', 'grafana').spec.hostnames).toEqual(['grafana.dev.example.com']);
    expect(find(objects, 'SecurityPolicy', 'grafana')).toBeUndefined();
    const noIdp = context(['cert-manager', 'kube-prometheus-stack', 'envoy-gateway']);
    expect(monitoringConfigs(noIdp).filter((o) => o.kind === 'HTTPRoute')).toEqual([]);
    expect(KubePrometheusStack.grafanaSignIn(noIdp)).toBeUndefined();
  });

  it('does not expose Prometheus at all when oauth2-proxy is off', () => {
    const objects = monitoringConfigs(withEnvoy());
    expect(find(objects, 'HTTPRoute', 'grafana')).toBeDefined();
    expect(objects.filter((o) => o.metadata.name === 'prometheus')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'SecurityPolicy' || o.kind === 'ReferenceGrant')).toEqual([]);
    expect(KubePrometheusStack.prometheusRoute(withEnvoy(), { kind: 'ingress', className: 'nginx' })).toBeUndefined();
  });

  it('puts the auth-url and auth-signin annotations on the ingress-nginx Ingress, and routes /oauth2 of that host to the proxy', () => {
    const objects = monitoringConfigs(withNginx('oauth2-proxy'));
    const ingress = find(objects, 'Ingress', 'prometheus');
    expect(ingress.spec.rules).toEqual([
      {
        host: 'prometheus.dev.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'kube-prometheus-stack-prometheus', port: { number: 9090 } } } }] },
      },
    ]);
    // Sign-in on the host itself: the session cookie is host-only.
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/auth-url': 'http://oauth2-proxy.oauth2-proxy.svc.cluster.local:80/oauth2/auth',
      'nginx.ingress.kubernetes.io/auth-signin': 'https://$host/oauth2/start?rd=$escaped_request_uri',
      'nginx.ingress.kubernetes.io/auth-response-headers': 'x-auth-request-user,x-auth-request-email',
    });
    const paths = find(objects, 'Ingress', 'prometheus-monitoring-auth');
    expect(paths.metadata).toEqual({ name: 'prometheus-monitoring-auth', namespace: 'oauth2-proxy' });
    expect(paths.spec.rules).toEqual([
      { host: 'prometheus.dev.example.com', http: { paths: [{ path: '/oauth2', pathType: 'Prefix', backend: { service: { name: 'oauth2-proxy', port: { number: 80 } } } }] } },
    ]);
    expect(objects.filter((o) => o.kind === 'SecurityPolicy')).toEqual([]);
    // Grafana signs in itself: no auth annotations.
    expect(find(objects, 'Ingress', 'grafana').metadata.annotations).toBeUndefined();
  });

  it('follows custom host labels for the UI and what the proxy accepts', () => {
    const ctx = context([...BASE, 'ingress-nginx', 'oauth2-proxy'], { subdomains: { prometheus: 'metrics', auth: 'login' } });
    const ingress = find(monitoringConfigs(ctx), 'Ingress', 'prometheus');
    expect(ingress.spec.tls).toEqual([{ hosts: ['metrics.dev.example.com'] }]);
    expect((OAuth2Proxy.clusterValues(ctx) as any).extraArgs['whitelist-domain']).toBe('login.dev.example.com,metrics.dev.example.com');
    expect(OAuth2Proxy.callbackUrls(ctx)).toEqual(['https://login.dev.example.com/oauth2/callback', 'https://metrics.dev.example.com/oauth2/callback']);
  });

  it('sets Prometheus externalUrl only when it has a public name', () => {
    const spec = (ctx: ClusterContext) => (KubePrometheusStack.clusterValues(ctx) as any).prometheus.prometheusSpec;
    expect(spec(withEnvoy('oauth2-proxy')).externalUrl).toBe('https://prometheus.dev.example.com');
    expect(spec(withEnvoy())).not.toHaveProperty('externalUrl');
    expect(spec(context([...BASE, 'oauth2-proxy']))).not.toHaveProperty('externalUrl');
  });

  it('refuses malformed external auth settings, and a UI the proxy does not guard', () => {
    const auth: ExternalAuth = OAuth2Proxy.externalAuth(withEnvoy('oauth2-proxy'), 'prometheus')!;
    const route = (externalAuth: ExternalAuth) => () =>
      new PlatformRoute(Testing.chart(), 'r', { name: 'ui', namespace: 'ui', hostname: 'ui.example.com', service: 'ui', port: 80, entry: { kind: 'ingress', className: 'nginx' }, externalAuth });
    expect(route({ ...auth, signInPath: 'https://auth.example.com/oauth2/start' })).toThrow(/signInPath must be a path/);
    expect(route({ ...auth, checkPath: 'oauth2/auth' })).toThrow(/checkPath must be a path/);
    expect(route(auth)).not.toThrow();
    expect(() => OAuth2Proxy.externalAuth(withEnvoy('oauth2-proxy'), 'vault')).toThrow(/not a guarded UI/);
  });

  it('needs no ReferenceGrant when the auth service shares the route namespace', () => {
    const chart = Testing.chart();
    const auth = OAuth2Proxy.externalAuth(withEnvoy('oauth2-proxy'), 'prometheus')!;
    new PlatformRoute(chart, 'r', {
      name: 'ui',
      namespace: 'oauth2-proxy',
      hostname: 'ui.example.com',
      service: 'ui',
      port: 80,
      entry: { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'envoy-gateway-system', sectionName: 'https' },
      externalAuth: auth,
    });
    const kinds = Testing.synth(chart).map((o) => o.kind);
    expect(kinds).toEqual(['HTTPRoute', 'SecurityPolicy']);
  });
});

describe('OAuth2-Proxy as the ingress external auth', () => {
  it('answers Envoy Gateway checks from its static upstream and names the user', () => {
    const args = (OAuth2Proxy.clusterValues(withEnvoy('oauth2-proxy')) as any).extraArgs;
    expect(args).toMatchObject({ upstream: 'static://200', 'set-xauthrequest': true, 'reverse-proxy': true, 'oidc-issuer-url': 'https://dex.dev.example.com' });
    expect(OAuth2Proxy.externalAuth(withEnvoy(), 'prometheus')).toBeUndefined();
  });

  it('keeps its session cookie on the host signed in to, never a domain tenants share', () => {
    const ctx = withEnvoy('oauth2-proxy');
    const values = OAuth2Proxy.clusterValues({ ...ctx, tenants: ['team-a'], tenantDomains: ['team-a.dev.example.com'] }) as any;
    // No cookie domain (host-only), no fixed redirect URL (the callback is on the host being signed in to).
    expect(values.extraArgs).not.toHaveProperty('cookie-domain');
    expect(values.extraArgs).not.toHaveProperty('redirect-url');
    expect(values.extraArgs['cookie-name']).toBe('__Host-oauth2-proxy');
    // Redirects after sign-in: the exact hosts it serves, no wildcard.
    expect(values.extraArgs['whitelist-domain']).toBe('auth.dev.example.com,prometheus.dev.example.com');
    expect(values.extraArgs).not.toHaveProperty('email-domain');
    expect(values.config).toEqual({ emailDomains: ['*'] });
  });

  it('admits the email domains and groups config names, asking Dex for the groups claim', () => {
    const ctx = withEnvoy('oauth2-proxy');
    const values = OAuth2Proxy.clusterValues({ ...ctx, signIn: { allowedEmailDomains: ['example.com', 'example.org'], allowedGroups: ['acme:ops', 'acme:dev'] } }) as any;
    expect(values.config.emailDomains).toEqual(['example.com', 'example.org']);
    expect(values.extraArgs['allowed-group']).toBe('acme:ops,acme:dev');
    expect(values.extraArgs.scope).toBe('openid email profile groups');
    // Keycloak (no Dex): its realm's issuer; groups come from a mapper, not a scope.
    const keycloak = OAuth2Proxy.clusterValues(context(['cert-manager', 'envoy-gateway', 'keycloak', 'oauth2-proxy'])) as any;
    expect(keycloak.extraArgs['oidc-issuer-url']).toBe('https://keycloak.dev.example.com/realms/platform');
    expect(keycloak.extraArgs.scope).toBe('openid email profile');
  });

  it('lets the ingress controllers reach the proxy and the proxy reach its issuer', () => {
    const objects = controllers('oauth2-proxy').filter((o) => o.metadata.namespace === 'oauth2-proxy');
    // The shared base: Envoy Gateway only; ingress-nginx (retired, opt-in) from its cluster's configs overlay.
    expect(JSON.stringify(objects)).not.toContain('nginx');
    const nginxConfigs = ingressNginxConfigs(withNginx('oauth2-proxy')).filter((o) => o.metadata.namespace === 'oauth2-proxy');
    for (const [ns, from] of [
      ['envoy-gateway-system', policy(objects, 'allow-from-envoy-gateway-system')],
      ['ingress-nginx', policy(nginxConfigs, 'allow-from-ingress-nginx')],
    ] as const) {
      expect(from.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }], ports: [{ port: 4180, protocol: 'TCP' }] }]);
    }
    const egressTo = (name: string) => policy(objects, name).egress[0];
    expect(egressTo('allow-issuer').ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(egressTo('allow-dex')).toEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dex' } } }], ports: [{ port: 5556, protocol: 'TCP' }] });
    expect(egressTo('allow-keycloak')).toEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keycloak' } } }], ports: [{ port: 8080, protocol: 'TCP' }] });
    // The issuer's public name resolves to the ingress address, which in-cluster lands on the proxies' pods.
    expect(egressTo('allow-issuer-via-envoy-gateway').ports).toEqual([{ port: 10443, protocol: 'TCP' }]);
    expect(policy(nginxConfigs, 'allow-issuer-via-ingress-nginx').egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });

  it('has the identity providers accept the proxy', () => {
    for (const [component, port] of [['dex', 5556], ['keycloak', 8080]] as const) {
      const from = policy(controllers(component), 'allow-from-oauth2-proxy');
      expect(from.ingress, component).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'oauth2-proxy' } } }], ports: [{ port, protocol: 'TCP' }] }]);
    }
  });

  it('lets the ingress proxies reach Prometheus', () => {
    const objects = controllers('kube-prometheus-stack');
    expect(policy(objects, 'allow-prometheus-from-envoy-gateway-system').ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    expect(policy(objects, 'allow-prometheus-from-ingress-nginx')).toBeUndefined();
    const nginx = policy(ingressNginxConfigs(withNginx()), 'allow-prometheus-from-ingress-nginx');
    expect(nginx.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
  });

  it('opens to ingress-nginx only the enabled backends, without a second default deny', () => {
    const names = (ctx: ClusterContext) =>
      ingressNginxConfigs(ctx)
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    // BASE: kube-prometheus-stack and dex.
    expect(names(withNginx())).toEqual(['dex/allow-from-ingress-nginx', 'monitoring/allow-grafana-from-ingress-nginx', 'monitoring/allow-prometheus-from-ingress-nginx']);
    expect(names(withNginx('oauth2-proxy', 'sablier', 'keycloak'))).toEqual([
      'dex/allow-from-ingress-nginx',
      'keycloak/allow-from-ingress-nginx',
      'oauth2-proxy/allow-from-ingress-nginx',
      'oauth2-proxy/allow-issuer-via-ingress-nginx',
      'sablier/allow-from-ingress-nginx',
      'monitoring/allow-grafana-from-ingress-nginx',
      'monitoring/allow-prometheus-from-ingress-nginx',
    ]);
  });
});

describe('Sablier from the sablierapp chart', () => {
  it('relaxes its namespace to baseline (the chart sets no securityContext) and adds the Service', () => {
    const objects = controllers('sablier');
    const ns = find(objects, 'Namespace', 'sablier');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const service = find(objects, 'Service', 'sablier');
    expect(service.spec.selector).toEqual({ app: 'sablier-sablier' });
    expect(service.spec.ports).toEqual([{ name: 'http', port: 10000, targetPort: 10000, protocol: 'TCP' }]);
    const release = find(objects, 'HelmRelease', 'sablier');
    expect(release.spec.chart.spec.chart).toBe('sablier');
    expect(release.spec.values).not.toHaveProperty('provider');
    expect(release.spec.values).toMatchObject({ replicas: 1, logLevel: 'info' });
    expect(find(objects, 'HelmRepository', 'sablier').spec.url).toBe(Sablier.repository);
  });
});

import { Construct } from 'constructs';
import type { ComponentName, SubdomainService } from '../../config/schema';
import { APPLICATION_CATALOGUE } from '../../config/application-catalogue';
import type { ClusterContext, ComponentProps, Values } from './context';
import { primaryIngress, serviceHost } from './context';
import { HelmComponent } from './helm-component';
import { platformIdentityProvider } from './identity-provider';
import { fromIngress } from './ingress-allowances';
import type { ExternalAuth } from './platform-route';

/** Secret with the proxy's OIDC client and cookie secret (keys as the chart expects them). */
export const OAUTH2_PROXY_SECRET = { secretName: 'oauth2-proxy', keys: ['client-id', 'client-secret', 'cookie-secret'] } as const;

/** Name of the Redis session store (a Cache) when the Redis operator runs in the cluster. */
export const OAUTH2_PROXY_SESSIONS = 'oauth2-proxy-sessions';

/**
 * Name of the session cookie. The `__Host-` prefix makes browsers refuse it unless it is Secure,
 * has Path=/ and no Domain: it can only ever be a host-only cookie of the host that set it, and a
 * tenant host cannot plant one for a platform host (cookie tossing from `x.<tenant>.<domain>`).
 */
export const OAUTH2_PROXY_COOKIE = '__Host-oauth2-proxy';

/** A platform UI without a login of its own that the proxy guards: its host label and the component serving it. */
export interface GuardedUi {
  readonly service: SubdomainService;
  readonly component: ComponentName;
}

/**
 * OAuth2-Proxy at `auth.<domain>`: a login in front of UIs that have none of their own. It
 * authenticates against Dex (or Keycloak when Dex is off).
 *
 * Its session cookie is host-only (no cookie domain): the narrowest setting that works. Tenants
 * serve `<host>.<tenant>.<domain>`, so any cookie domain that spans two platform hosts
 * (`.<domain>`) also reaches every tenant app, which would receive the platform session. Each
 * guarded host therefore signs in on its own name: Envoy Gateway forwards every request of a
 * protected route to the proxy (SecurityPolicy `extAuth`), so the proxy sees
 * `https://prometheus.<domain>/oauth2/callback` itself and answers it, setting the cookie for that
 * host only (the redirect URL is left unset, so it follows the request's host). A browser without
 * a session is redirected to the identity provider and back to the same host; the identity
 * provider's single sign-on makes the second host's login a redirect without a prompt. On
 * ingress-nginx, the `/oauth2` paths of each protected host are routed to the proxy for the same
 * flow. `whitelist-domain` (where the proxy may send a browser after sign-in) lists the exact
 * hosts, not a domain. Who may sign in comes from config (`identity.allowedEmailDomains`,
 * `allowedGroups`). Sessions go to Redis (a Cache) when the Redis operator is on, else into the cookie.
 */
export class OAuth2Proxy extends Construct {
  /** Namespace of the proxy. */
  static readonly namespace = 'oauth2-proxy';
  /** Chart repository. */
  static readonly repository = 'https://oauth2-proxy.github.io/manifests';
  /** Service and port routes point at. */
  static readonly service = { name: 'oauth2-proxy', port: 80, targetPort: 4180 } as const;
  /** The proxy's own paths (sign-in, callback, sign-out) on every host it serves. */
  static readonly prefix = '/oauth2';
  /** The UIs it guards when their component runs; `externalAuth` refuses any other. */
  static readonly guarded: readonly GuardedUi[] = [{ service: 'prometheus', component: 'kube-prometheus-stack' }];

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    replicaCount: 1,
    config: { existingSecret: OAUTH2_PROXY_SECRET.secretName },
    securityContext: { enabled: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
  };

  /**
   * Every host the proxy answers on in this cluster: `auth.<domain>`, the guarded UIs whose
   * component runs and the company applications that sign in through it. Empty without an ingress
   * (nothing is routed).
   */
  static hosts(ctx: ClusterContext): string[] {
    if (!primaryIngress(ctx)) return [];
    return [
      serviceHost(ctx, 'auth'),
      ...OAuth2Proxy.guarded.filter((g) => ctx.enabled.has(g.component)).map((g) => serviceHost(ctx, g.service)),
      ...OAuth2Proxy.guardedApplications(ctx),
    ];
  }

  /** Host names of the company applications in this cluster whose routes sit behind the proxy. */
  static guardedApplications(ctx: ClusterContext): string[] {
    return (ctx.applications ?? []).filter((a) => APPLICATION_CATALOGUE[a.name].signIn === 'oauth2-proxy').map((a) => a.hostname);
  }

  /** The callback URL of each host, to register at the identity provider. */
  static callbackUrls(ctx: ClusterContext): string[] {
    return OAuth2Proxy.hosts(ctx).map((host) => `https://${host}${OAuth2Proxy.prefix}/callback`);
  }

  /** The issuer (Dex, else Keycloak), cookie, allowed redirects and users, and the session store of this cluster. */
  static clusterValues(ctx: ClusterContext): Values {
    const idp = platformIdentityProvider(ctx);
    if (!idp) throw new Error('OAuth2-Proxy needs an identity provider: enable dex or keycloak');
    const hosts = OAuth2Proxy.hosts(ctx);
    const groups = ctx.signIn?.allowedGroups ?? [];
    return {
      // The chart writes email_domains into its config file.
      config: { emailDomains: [...(ctx.signIn?.allowedEmailDomains ?? ['*'])] },
      extraArgs: {
        provider: 'oidc',
        'oidc-issuer-url': idp.issuer,
        scope: idp.scopes.join(' '),
        // No cookie-domain and no redirect-url: a host-only cookie, set on the host being signed in to.
        'cookie-name': OAUTH2_PROXY_COOKIE,
        ...(hosts.length > 0 ? { 'whitelist-domain': hosts.join(',') } : {}),
        ...(groups.length > 0 ? { 'allowed-group': groups.join(',') } : {}),
        'reverse-proxy': true,
        'skip-provider-button': true,
        // External auth for Envoy Gateway: a signed-in request gets 200 from here, and the
        // X-Auth-Request-* headers name the user for the backend.
        upstream: 'static://200',
        'set-xauthrequest': true,
      },
      ...(ctx.enabled.has('redis-operator')
        ? { sessionStorage: { type: 'redis', redis: { clientType: 'standalone', standalone: { connectionUrl: `redis://${OAUTH2_PROXY_SESSIONS}.${OAuth2Proxy.namespace}.svc:6379` } } } }
        : {}),
    };
  }

  /**
   * How a route puts the guarded UI `service` behind this proxy in this cluster, or undefined when
   * the proxy is off (such a UI must then not be exposed at all). Throws for a UI not listed in
   * `guarded`: the proxy would not accept redirects to its host.
   */
  static externalAuth(ctx: ClusterContext, service: SubdomainService): ExternalAuth | undefined {
    if (!OAuth2Proxy.guarded.some((g) => g.service === service)) {
      throw new Error(`OAuth2Proxy: ${service} is not a guarded UI (OAuth2Proxy.guarded): add it there so the proxy accepts its host`);
    }
    return OAuth2Proxy.authFor(ctx);
  }

  /**
   * External auth for the route of a company application at `hostname`, or undefined when the proxy
   * is off. Throws for a host the proxy does not accept (not an application that signs in through it).
   */
  static applicationAuth(ctx: ClusterContext, hostname: string): ExternalAuth | undefined {
    if (!OAuth2Proxy.guardedApplications(ctx).includes(hostname)) {
      throw new Error(`OAuth2Proxy: ${hostname} is not the host of an application behind the proxy (ClusterContext.applications)`);
    }
    return OAuth2Proxy.authFor(ctx);
  }

  private static authFor(ctx: ClusterContext): ExternalAuth | undefined {
    if (!ctx.enabled.has('oauth2-proxy')) return undefined;
    return {
      service: { name: OAuth2Proxy.service.name, namespace: OAuth2Proxy.namespace, port: OAuth2Proxy.service.port },
      checkPath: `${OAuth2Proxy.prefix}/auth`,
      signInPath: `${OAuth2Proxy.prefix}/start`,
      proxyPrefix: OAuth2Proxy.prefix,
      // The session cookie, and the scheme for the redirect back after sign-in.
      requestHeaders: ['cookie', 'x-forwarded-proto'],
      responseHeaders: ['x-auth-request-user', 'x-auth-request-email'],
    };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: OAuth2Proxy.namespace,
      repository: OAuth2Proxy.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // Sign-in pages at auth.<domain>, and the ingress' external-auth checks of protected routes.
        ...fromIngress(OAuth2Proxy.service.targetPort),
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 44180 }] },
      ],
      egress: [
        // The issuer's discovery and token endpoints, at their public names (dex.<domain> or
        // keycloak.<domain>). Inside the cluster the ingress address is rewritten to the ingress
        // proxies' pods, so those are allowed on their container ports as well (ingress-nginx's, where it is
        // on, by IngressNginxAllowances).
        { name: 'issuer', peer: { anywhere: true }, ports: [{ port: 443 }] },
        { name: 'issuer-via-envoy-gateway', peer: { namespace: 'envoy-gateway-system' }, ports: [{ port: 10443 }] },
        { name: 'dex', peer: { namespace: 'dex' }, ports: [{ port: 5556 }] },
        { name: 'keycloak', peer: { namespace: 'keycloak' }, ports: [{ port: 8080 }] },
      ],
      releases: [{ name: 'oauth2-proxy', chart: 'oauth2-proxy', defaults: OAuth2Proxy.baseValues, values: props.values }],
    });
  }
}

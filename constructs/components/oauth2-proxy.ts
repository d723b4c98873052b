import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { serviceHost } from './context';
import { HelmComponent } from './helm-component';
import { fromIngress } from './ingress-allowances';
import type { ExternalAuth } from './platform-route';

/** Secret with the proxy's OIDC client and cookie secret (keys as the chart expects them). */
export const OAUTH2_PROXY_SECRET = { secretName: 'oauth2-proxy', keys: ['client-id', 'client-secret', 'cookie-secret'] } as const;

/** Name of the Redis session store (a Cache) when the Redis operator runs in the cluster. */
export const OAUTH2_PROXY_SESSIONS = 'oauth2-proxy-sessions';

/**
 * OAuth2-Proxy at `auth.<domain>`: a login in front of UIs that have none of their own. It
 * authenticates against Dex (or Keycloak when Dex is off) and sets a session cookie for the whole
 * cluster domain. Protected routes (see `externalAuth`) make the ingress ask it about every request:
 * Envoy Gateway forwards the request itself (the proxy answers 200 from its static upstream when
 * the session is valid, else redirects the browser to the identity provider); ingress-nginx asks
 * `/oauth2/auth` and sends browsers without a session to `/oauth2/start`. Sessions go to Redis (a
 * Cache) when the Redis operator is on, else into the cookie.
 */
export class OAuth2Proxy extends Construct {
  /** Namespace of the proxy. */
  static readonly namespace = 'oauth2-proxy';
  /** Chart repository. */
  static readonly repository = 'https://oauth2-proxy.github.io/manifests';
  /** Service and port routes point at. */
  static readonly service = { name: 'oauth2-proxy', port: 80, targetPort: 4180 } as const;

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    replicaCount: 1,
    config: { existingSecret: OAUTH2_PROXY_SECRET.secretName },
    securityContext: { enabled: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
  };

  /** The issuer (Dex, else Keycloak), cookie domain and session store of this cluster. */
  static clusterValues(ctx: ClusterContext): Values {
    const issuer = ctx.enabled.has('dex')
      ? `https://${serviceHost(ctx, 'dex')}`
      : ctx.enabled.has('keycloak')
        ? `https://${serviceHost(ctx, 'keycloak')}/realms/platform`
        : undefined;
    if (!issuer) throw new Error('OAuth2-Proxy needs an identity provider: enable dex or keycloak');
    return {
      extraArgs: {
        provider: 'oidc',
        'oidc-issuer-url': issuer,
        'redirect-url': `https://${serviceHost(ctx, 'auth')}/oauth2/callback`,
        'cookie-domain': `.${ctx.domain}`,
        'whitelist-domain': `.${ctx.domain}`,
        'email-domain': '*',
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
   * How routes put a UI behind this proxy in this cluster, or undefined when the proxy is off (such
   * a UI must then not be exposed at all).
   */
  static externalAuth(ctx: ClusterContext): ExternalAuth | undefined {
    if (!ctx.enabled.has('oauth2-proxy')) return undefined;
    return {
      service: { name: OAuth2Proxy.service.name, namespace: OAuth2Proxy.namespace, port: OAuth2Proxy.service.port },
      checkPath: '/oauth2/auth',
      signInUrl: `https://${serviceHost(ctx, 'auth')}/oauth2/start`,
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
        // proxies' pods, so those are allowed on their container ports as well.
        { name: 'issuer', peer: { anywhere: true }, ports: [{ port: 443 }] },
        { name: 'issuer-via-envoy-gateway', peer: { namespace: 'envoy-gateway-system' }, ports: [{ port: 10443 }] },
        { name: 'issuer-via-ingress-nginx', peer: { namespace: 'ingress-nginx' }, ports: [{ port: 443 }] },
        { name: 'dex', peer: { namespace: 'dex' }, ports: [{ port: 5556 }] },
        { name: 'keycloak', peer: { namespace: 'keycloak' }, ports: [{ port: 8080 }] },
      ],
      releases: [{ name: 'oauth2-proxy', chart: 'oauth2-proxy', defaults: OAuth2Proxy.baseValues, values: props.values }],
    });
  }
}

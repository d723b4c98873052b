import type { ClusterContext } from './context';
import { serviceHost } from './context';
import { Dex } from './dex';
import { Keycloak, KEYCLOAK_REALM } from './keycloak';

/** The Keycloak realm the platform's clients live in (imported at start: KeycloakRealm). */
export { KEYCLOAK_REALM };

/**
 * The platform's OpenID Connect provider in one cluster, as its clients (OAuth2-Proxy, Grafana) see
 * it: Dex when Dex runs, else Keycloak's `platform` realm.
 */
export interface PlatformIdentityProvider {
  /** Which one. */
  readonly kind: 'dex' | 'keycloak';
  /** Name on Grafana's sign-in button. */
  readonly displayName: string;
  /** Public issuer URL (discovery for OAuth2-Proxy; the `iss` of its tokens). */
  readonly issuer: string;
  /** Authorization endpoint, public: the browser is sent there. */
  readonly authUrl: string;
  /**
   * Token and userinfo endpoints at the provider's Service inside the cluster (plain HTTP on the pod
   * network, allowed by NetworkPolicy): a server-side client needs neither the ingress nor trust in
   * the public certificate (Let's Encrypt staging outside production).
   */
  readonly tokenUrl: string;
  readonly userinfoUrl: string;
  /** Scopes a client asks for; Dex adds the groups claim only for the `groups` scope. */
  readonly scopes: readonly string[];
  /** Where in-cluster clients reach it (for NetworkPolicies). */
  readonly service: { readonly namespace: string; readonly port: number };
}

/** The platform identity provider of this cluster, or undefined when neither Dex nor Keycloak runs. */
export function platformIdentityProvider(ctx: ClusterContext): PlatformIdentityProvider | undefined {
  if (ctx.enabled.has('dex')) {
    const issuer = `https://${serviceHost(ctx, 'dex')}`;
    const inside = `http://${Dex.service.name}.${Dex.namespace}.svc.cluster.local:${Dex.service.port}`;
    return {
      kind: 'dex',
      displayName: 'Dex',
      issuer,
      authUrl: `${issuer}/auth`,
      tokenUrl: `${inside}/token`,
      userinfoUrl: `${inside}/userinfo`,
      scopes: ['openid', 'email', 'profile', 'groups'],
      service: { namespace: Dex.namespace, port: Dex.service.port },
    };
  }
  if (ctx.enabled.has('keycloak')) {
    const issuer = `https://${serviceHost(ctx, 'keycloak')}/realms/${KEYCLOAK_REALM}`;
    const inside = `http://${Keycloak.service.name}.${Keycloak.namespace}.svc.cluster.local/realms/${KEYCLOAK_REALM}/protocol/openid-connect`;
    return {
      kind: 'keycloak',
      displayName: 'Keycloak',
      issuer,
      authUrl: `${issuer}/protocol/openid-connect/auth`,
      tokenUrl: `${inside}/token`,
      userinfoUrl: `${inside}/userinfo`,
      // Keycloak puts groups in the tokens through a mapper on the client, not a scope.
      scopes: ['openid', 'email', 'profile'],
      service: { namespace: Keycloak.namespace, port: Keycloak.service.targetPort },
    };
  }
  return undefined;
}

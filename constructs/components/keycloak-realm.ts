import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-30';
import { SUBSTITUTE_DISABLED } from '../flux/defaults';

/** Folder Keycloak's `--import-realm` reads `*.json` from at start. */
export const KEYCLOAK_IMPORT_DIR = '/opt/keycloak/data/import';

/** Secret in Keycloak's namespace holding the secret of the realm client `clientId` (key `clientSecret`). */
export function keycloakClientSecret(clientId: string): string {
  return `keycloak-client-${clientId}`;
}

/**
 * Environment variable of the Keycloak pod that carries a client's secret into the import file
 * (a `${...}` placeholder Keycloak substitutes). Not `KC_*`: Keycloak reads those as its own options.
 */
export function keycloakClientSecretEnv(clientId: string): string {
  return `PLATFORM_CLIENT_${clientId.toUpperCase().replace(/-/g, '_')}_SECRET`;
}

/** One confidential OpenID Connect client of the realm. */
export interface KeycloakRealmClient {
  /** Client id (a DNS label), as the consumer sends it. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Redirect URIs Keycloak accepts (exact URLs), at least one. */
  readonly redirectUris: readonly string[];
}

export interface KeycloakRealmProps {
  /** Namespace of the Keycloak server (the ConfigMap must be beside its pod). */
  readonly namespace: string;
  /** Realm name. */
  readonly realm: string;
  /**
   * Confidential clients of the realm, each with a groups mapper (claim `groups`, group names
   * without path) and its secret from the environment variable keycloakClientSecretEnv(id).
   * @default - none (the realm alone)
   */
  readonly clients?: readonly KeycloakRealmClient[];
}

/**
 * A Keycloak realm as an import file: the ConfigMap `keycloak-realm-<realm>` with `<realm>.json`,
 * mounted at KEYCLOAK_IMPORT_DIR and read by `kc.sh start --import-realm`. Keycloak imports it when
 * the realm does not exist yet and skips it otherwise (later changes are not re-imported). Client
 * secrets are `${ENV}` placeholders Keycloak fills from its environment, never values; Flux's
 * post-build substitution is kept off the ConfigMap so the placeholders reach Keycloak.
 */
export class KeycloakRealm extends Construct {
  /** Name of the ConfigMap holding the import file of `realm`. */
  static configMapName(realm: string): string {
    return `keycloak-realm-${realm}`;
  }

  /** The realm representation Keycloak imports. */
  static representation(realm: string, clients: readonly KeycloakRealmClient[]): Record<string, unknown> {
    return {
      realm,
      enabled: true,
      sslRequired: 'external',
      registrationAllowed: false,
      clients: [...clients]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((client) => ({
          clientId: client.id,
          name: client.name,
          enabled: true,
          protocol: 'openid-connect',
          publicClient: false,
          clientAuthenticatorType: 'client-secret',
          secret: `\${${keycloakClientSecretEnv(client.id)}}`,
          standardFlowEnabled: true,
          implicitFlowEnabled: false,
          directAccessGrantsEnabled: false,
          serviceAccountsEnabled: false,
          redirectUris: [...new Set(client.redirectUris)],
          protocolMappers: [
            {
              name: 'groups',
              protocol: 'openid-connect',
              protocolMapper: 'oidc-group-membership-mapper',
              consentRequired: false,
              config: {
                'claim.name': 'groups',
                'full.path': 'false',
                'id.token.claim': 'true',
                'access.token.claim': 'true',
                'userinfo.token.claim': 'true',
              },
            },
          ],
        })),
    };
  }

  constructor(scope: Construct, id: string, props: KeycloakRealmProps) {
    super(scope, id);
    const dnsLabel = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
    if (!dnsLabel.test(props.realm)) throw new Error(`KeycloakRealm: realm ${JSON.stringify(props.realm)} must be a DNS label`);
    const clients = props.clients ?? [];
    const seen = new Set<string>();
    for (const client of clients) {
      if (!dnsLabel.test(client.id)) throw new Error(`KeycloakRealm: client id ${JSON.stringify(client.id)} must be a DNS label`);
      if (seen.has(client.id)) throw new Error(`KeycloakRealm: client ${client.id} is given twice`);
      seen.add(client.id);
      if (client.redirectUris.length === 0) throw new Error(`KeycloakRealm: client ${client.id} needs at least one redirect URI`);
      for (const uri of client.redirectUris) {
        if (!/^https:\/\/[^\s*]+$/.test(uri)) throw new Error(`KeycloakRealm: client ${client.id}: redirect URI ${JSON.stringify(uri)} must be an exact https:// URL`);
      }
    }
    new k8s.KubeConfigMap(this, 'realm', {
      metadata: { name: KeycloakRealm.configMapName(props.realm), namespace: props.namespace, annotations: { ...SUBSTITUTE_DISABLED } },
      data: { [`${props.realm}.json`]: `${JSON.stringify(KeycloakRealm.representation(props.realm, clients), null, 2)}\n` },
    });
  }
}

import { Construct } from 'constructs';
import type { DexConnectorSettings } from '../../config/schema';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES, serviceHost } from './context';
import { HelmComponent } from './helm-component';
import { fromIngress } from './ingress-allowances';

/** Secret holding a Dex static client's secret (key `clientSecret`), in the dex namespace. */
export function dexClientSecret(clientId: string): string {
  return `dex-client-${clientId}`;
}

/** Environment variable Dex reads a static client's secret from. */
function secretEnv(clientId: string): string {
  return `DEX_CLIENT_${clientId.toUpperCase().replace(/-/g, '_')}_SECRET`;
}

/** Secret holding an upstream connector's OAuth client secret (key `clientSecret`), in the dex namespace. */
export function dexConnectorSecret(connectorId: string): string {
  return `dex-connector-${connectorId}`;
}

/**
 * Environment variable holding a connector's client secret. Dex expands `$NAME` in connector
 * configs when it loads them (DEX_EXPAND_ENV, on by default); Flux's post-build substitution only
 * touches `${...}`, so the reference reaches Dex as written.
 */
function connectorSecretEnv(connectorId: string): string {
  return `DEX_CONNECTOR_${connectorId.toUpperCase().replace(/-/g, '_')}_CLIENT_SECRET`;
}

/** One entry of Dex's `connectors:` for a configured upstream identity provider. */
function connectorConfig(id: string, connector: DexConnectorSettings, redirectURI: string): Values {
  const common = { clientID: connector.clientId, clientSecret: `$${connectorSecretEnv(id)}`, redirectURI };
  if (connector.type === 'github') {
    return {
      type: 'github',
      id,
      name: connector.name,
      config: {
        ...common,
        orgs: (connector.orgs ?? []).map((org) => ({ name: org.name, ...(org.teams ? { teams: [...org.teams] } : {}) })),
        // Team names as slugs (stable, URL-safe) in the groups claim.
        teamNameField: 'slug',
      },
    };
  }
  if (!connector.issuer) throw new Error(`Dex: oidc connector ${id} needs an issuer`);
  return {
    type: 'oidc',
    id,
    name: connector.name,
    config: { ...common, issuer: connector.issuer, scopes: [...(connector.scopes ?? ['openid', 'profile', 'email'])], getUserInfo: true },
  };
}

/**
 * Dex, the federating OpenID Connect provider, at `dex.<domain>`. Its state lives in Kubernetes
 * objects (no database). Static clients come from config (`identity.dexClients`); their secrets
 * are read from Secrets by name (`dex-client-<id>`), never written to git. Upstream connectors
 * (GitHub, generic OIDC) come from `identity.dexConnectors`, their client secrets from Secrets
 * `dex-connector-<id>` through environment variables; other kinds (LDAP, ...) go in the
 * component's values. Dex refuses to start without a connector (rule dex-no-connectors).
 */
export class Dex extends Construct {
  /** Namespace of the server. */
  static readonly namespace = 'dex';
  /** Chart repository. */
  static readonly repository = 'https://charts.dexidp.io';
  /** Service and port routes point at. */
  static readonly service = { name: 'dex', port: 5556 } as const;

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    replicaCount: 1,
    config: {
      storage: { type: 'kubernetes', config: { inCluster: true } },
      oauth2: { skipApprovalScreen: true },
      enablePasswordDB: false,
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
  };

  /**
   * The issuer URL, the static clients and the upstream connectors of this cluster. `callbacks`
   * adds redirect URIs the platform derives (by client id, for clients config declares): OAuth2-Proxy
   * signs in on each host it guards, Grafana on its own.
   */
  static clusterValues(ctx: ClusterContext, callbacks: Readonly<Record<string, readonly string[]>> = {}): Values {
    const clients = Object.entries(ctx.dexClients ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [id, client] of clients) {
      if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`Dex: client id ${JSON.stringify(id)} must be a DNS label`);
      if (client.redirectUris.length === 0) throw new Error(`Dex: client ${id} needs at least one redirect URI`);
    }
    const connectors = Object.entries(ctx.dexConnectors ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [id] of connectors) {
      if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`Dex: connector id ${JSON.stringify(id)} must be a DNS label`);
    }
    const issuer = `https://${serviceHost(ctx, 'dex')}`;
    const fromSecret = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    return {
      config: {
        issuer,
        staticClients: clients.map(([id, client]) => ({
          id,
          name: client.name,
          redirectURIs: [...new Set([...client.redirectUris, ...(callbacks[id] ?? [])])],
          secretEnv: secretEnv(id),
        })),
        ...(connectors.length > 0 ? { connectors: connectors.map(([id, connector]) => connectorConfig(id, connector, `${issuer}/callback`)) } : {}),
      },
      envVars: [
        ...clients.map(([id]) => fromSecret(secretEnv(id), dexClientSecret(id), 'clientSecret')),
        ...connectors.map(([id]) => fromSecret(connectorSecretEnv(id), dexConnectorSecret(id), 'clientSecret')),
      ],
    };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Dex.namespace,
      repository: Dex.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        ...fromIngress(Dex.service.port),
        // OAuth2-Proxy redeems codes at the issuer's token endpoint in-cluster as well.
        { name: 'from-oauth2-proxy', peer: { namespace: 'oauth2-proxy' }, ports: [{ port: Dex.service.port }] },
        // Grafana redeems its codes and reads the user at Dex's Service (token_url, api_url).
        { name: 'from-grafana', peer: { namespace: 'monitoring' }, ports: [{ port: Dex.service.port }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // Upstream identity providers (connectors).
        { name: 'upstream-idps', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] },
      ],
      releases: [{ name: 'dex', chart: 'dex', defaults: Dex.baseValues, values: props.values }],
    });
  }
}

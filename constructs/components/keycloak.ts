import { Construct } from 'constructs';
import { KEYCLOAK_DATABASE } from '../../config/platform-databases';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES, serviceHost } from './context';
import { HelmComponent } from './helm-component';
import { fromIngress } from './ingress-allowances';
import { KEYCLOAK_IMPORT_DIR, KeycloakRealm, keycloakClientSecret, keycloakClientSecretEnv } from './keycloak-realm';

/** Secret with the first admin login (keys username, password), in the keycloak namespace. */
export const KEYCLOAK_ADMIN_SECRET = { secretName: 'keycloak-admin', keys: ['username', 'password'] } as const;
/** Secret with the object-storage keys for the database backups. */
export const KEYCLOAK_DB_BACKUP_SECRET = { secretName: 'keycloak-db-backup', keys: ['ACCESS_KEY_ID', 'ACCESS_SECRET_KEY'] } as const;

/** The realm the platform's clients live in, imported at start (KeycloakRealm). */
export const KEYCLOAK_REALM = 'platform';

/** An extraEnv entry read from a Secret key. */
const fromSecret = (name: string, secret: string, key: string) => `- name: ${name}\n  valueFrom:\n    secretKeyRef:\n      name: ${secret}\n      key: ${key}\n`;

/** Environment of the server: database login and the first admin. */
const BASE_ENV =
  '- name: KC_DB\n  value: postgres\n' +
  `- name: KC_DB_URL_HOST\n  value: ${KEYCLOAK_DATABASE.name}-rw\n` +
  `- name: KC_DB_URL_DATABASE\n  value: ${KEYCLOAK_DATABASE.database}\n` +
  fromSecret('KC_DB_USERNAME', `${KEYCLOAK_DATABASE.name}-app`, 'username') +
  fromSecret('KC_DB_PASSWORD', `${KEYCLOAK_DATABASE.name}-app`, 'password') +
  fromSecret('KC_BOOTSTRAP_ADMIN_USERNAME', KEYCLOAK_ADMIN_SECRET.secretName, 'username') +
  fromSecret('KC_BOOTSTRAP_ADMIN_PASSWORD', KEYCLOAK_ADMIN_SECRET.secretName, 'password');

/**
 * Keycloak (the codecentric `keycloakx` chart, Quarkus distribution) at `keycloak.<domain>`: an
 * alternative identity provider to Dex with its own user store, in a PostgreSQL database run by
 * CloudNativePG (`keycloak-db`, whose generated `keycloak-db-app` Secret holds the credentials).
 * TLS ends at the ingress; Keycloak trusts the forwarded headers. The administration (`adminPaths`)
 * has a route of its own that admits only the admin ranges (`network.adminCidrs`).
 */
export class Keycloak extends Construct {
  /** Namespace of the server and its database. */
  static readonly namespace = 'keycloak';
  /** Chart repository. */
  static readonly repository = 'https://codecentric.github.io/helm-charts';
  /** Service and port routes point at. */
  static readonly service = { name: 'keycloak-keycloakx-http', port: 80, targetPort: 8080 } as const;
  /**
   * Paths of the administration: the admin console and its REST API (`/admin`), and the master
   * realm, where administrators sign in. Routed apart from the rest and fenced to the admin ranges;
   * the platform realm's sign-in pages and OIDC endpoints stay public.
   */
  static readonly adminPaths = ['/admin', '/realms/master'] as const;

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    replicas: 1,
    command: ['/opt/keycloak/bin/kc.sh', 'start', '--http-enabled=true', '--http-port=8080', '--proxy-headers=xforwarded', '--import-realm'],
    extraEnv: BASE_ENV,
    // The platform realm's import file (KeycloakRealm, a ConfigMap of the configs layer).
    extraVolumes: `- name: realm-import\n  configMap:\n    name: ${KeycloakRealm.configMapName(KEYCLOAK_REALM)}\n`,
    extraVolumeMounts: `- name: realm-import\n  mountPath: ${KEYCLOAK_IMPORT_DIR}\n  readOnly: true\n`,
    dbchecker: { enabled: false },
    database: { vendor: 'postgres' },
    podSecurityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 1000 },
    resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
  };

  /**
   * The public host name, and the secret of each client of the platform realm (`clientIds`) as the
   * environment variable its import placeholder names, read from Secret `keycloak-client-<id>`
   * (key `clientSecret`). The chart takes extraEnv as one string: this layer repeats the base's.
   */
  static clusterValues(ctx: ClusterContext, clientIds: readonly string[] = []): Values {
    const ids = [...new Set(clientIds)].sort();
    return {
      args: [`--hostname=https://${serviceHost(ctx, 'keycloak')}`],
      ...(ids.length > 0 ? { extraEnv: BASE_ENV + ids.map((id) => fromSecret(keycloakClientSecretEnv(id), keycloakClientSecret(id), 'clientSecret')).join('') } : {}),
    };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Keycloak.namespace,
      repository: Keycloak.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        ...fromIngress(Keycloak.service.targetPort),
        { name: 'from-oauth2-proxy', peer: { namespace: 'oauth2-proxy' }, ports: [{ port: Keycloak.service.targetPort }] },
        // Grafana redeems its codes and reads the user at Keycloak's Service (token_url, api_url).
        { name: 'from-grafana', peer: { namespace: 'monitoring' }, ports: [{ port: Keycloak.service.targetPort }] },
        // The CloudNativePG operator manages the database instances in this namespace.
        { name: 'from-cnpg-operator', peer: { namespace: 'cnpg-system' }, ports: [{ port: 8000 }, { port: 5432 }] },
      ],
      egress: [
        // Database instance managers talk to the API server; Keycloak federates upstream IdPs.
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'internet', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] },
      ],
      releases: [{ name: 'keycloak', chart: 'keycloakx', defaults: Keycloak.baseValues, values: props.values, timeout: '10m' }],
    });
  }
}

import { Construct } from 'constructs';
import { mergeLayers } from '../../config/merge';
import type { Values } from '../components/context';
import { ChartSource } from '../flux/chart-source';
import { FLUX_DEFAULTS, type FluxDefaults } from '../flux/defaults';
import { PlatformHelmRelease } from '../flux/platform-helm-release';
import { volumeBackupAnnotations } from '../platform/volume-backup';

/** The OpenID Connect provider Nextcloud's user_oidc app signs users in with. */
export interface NextcloudSignIn {
  /** Issuer URL (its discovery document is read). */
  readonly issuer: string;
  /** Client id at the identity provider. */
  readonly clientId: string;
  /** Secret in Nextcloud's namespace with key `clientSecret`. */
  readonly clientSecret: string;
  /** Provider name on the login page (one word). */
  readonly displayName: string;
}

export interface NextcloudProps {
  /** Namespace (made by ApplicationNamespace). */
  readonly namespace: string;
  /** Exact version of the nextcloud chart. */
  readonly version: string;
  /** Chart repository (https://). */
  readonly repository: string;
  /** Public host name (trusted domain, overwrite host). */
  readonly hostname: string;
  /** The CloudNativePG database: its -rw Service and the Secret with `username`, `password`, `dbname`. */
  readonly database: { readonly host: string; readonly secret: string; readonly name: string };
  /** The Cache (Redis) host, without port (6379). */
  readonly cacheHost: string;
  /** Secret with keys nextcloud-username and nextcloud-password: the first administrator. */
  readonly adminSecret: string;
  /**
   * Single sign-on through user_oidc.
   * @default - none: local accounts only
   */
  readonly signIn?: NextcloudSignIn;
  /**
   * Size of the files volume in GiB.
   * @default 20
   */
  readonly storageGb?: number;
  /**
   * Memory request and limit of the server.
   * @default { request: '256Mi', limit: '1Gi' }
   */
  readonly memory?: { readonly request: string; readonly limit: string };
  /**
   * Helm values from config, merged over this construct's.
   * @default {}
   */
  readonly values?: Values;
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * Nextcloud from the nextcloud chart with the chart's own database and Redis subcharts off (they are
 * stubs offline, and the platform runs its own): PostgreSQL is the application's CloudNativePG
 * database (login from its generated Secret), Redis its Cache of the Redis operator (no password: only
 * its namespace reaches it). The first administrator comes from a SOPS Secret. With `signIn` a
 * before-starting hook installs the user_oidc app and registers the identity provider with
 * `occ user_oidc:provider` (it updates the provider when it exists, so a new secret or issuer takes
 * effect on the next start); the client secret reaches the hook as an environment variable from
 * its Secret. Files on a volume of `storageGb`. The apache image runs as root and drops to www-data,
 * so its namespace is `baseline`; the pod still gets RuntimeDefault seccomp and no privilege escalation.
 */
export class Nextcloud extends Construct {
  /** Release (and Service) name. */
  static readonly release = 'nextcloud';

  constructor(scope: Construct, id: string, props: NextcloudProps) {
    super(scope, id);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) throw new Error(`Nextcloud: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    const storageGb = props.storageGb ?? 20;
    if (!Number.isInteger(storageGb) || storageGb < 1) throw new Error(`Nextcloud: storageGb must be a positive integer, got ${storageGb}`);
    if (props.signIn && !/^[A-Za-z0-9]+$/.test(props.signIn.displayName)) throw new Error(`Nextcloud: provider name ${props.signIn.displayName} must be one word`);
    const memory = props.memory ?? { request: '256Mi', limit: '1Gi' };
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    const sso = props.signIn;
    // No ${...} in the hook: Flux substitutes those in everything it applies.
    const hook = sso && [
      'set -eu',
      'php /var/www/html/occ app:install user_oidc || php /var/www/html/occ app:enable user_oidc',
      `php /var/www/html/occ user_oidc:provider ${sso.displayName} --clientid=${sso.clientId} --clientsecret="$OIDC_CLIENT_SECRET" --discoveryuri=${sso.issuer.replace(/\/$/, '')}/.well-known/openid-configuration --scope="openid email profile groups" --unique-uid=0 --mapping-uid=preferred_username`,
      '',
    ].join('\n');
    const base: Values = {
      internalDatabase: { enabled: false },
      externalDatabase: {
        enabled: true,
        type: 'postgresql',
        host: props.database.host,
        database: props.database.name,
        existingSecret: { enabled: true, secretName: props.database.secret, usernameKey: 'username', passwordKey: 'password' },
      },
      postgresql: { enabled: false },
      mariadb: { enabled: false },
      redis: { enabled: false },
      externalRedis: { enabled: true, host: props.cacheHost, port: '6379' },
      nextcloud: {
        host: props.hostname,
        trustedDomains: [props.hostname],
        existingSecret: { enabled: true, secretName: props.adminSecret, usernameKey: 'nextcloud-username', passwordKey: 'nextcloud-password' },
        podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { allowPrivilegeEscalation: false },
        ...(sso
          ? {
              hooks: { 'before-starting': hook },
              extraEnv: [{ name: 'OIDC_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: sso.clientSecret, key: 'clientSecret' } } }],
            }
          : {}),
      },
      // The gateway terminates TLS: links and redirects are https.
      phpClientHttpsFix: { enabled: true, protocol: 'https' },
      persistence: { enabled: true, size: `${storageGb}Gi` },
      // The files volume goes into Velero's file-system backups (the database backs itself up).
      podAnnotations: volumeBackupAnnotations(['nextcloud-main']),
      resources: { requests: { cpu: '100m', memory: memory.request }, limits: { memory: memory.limit } },
      // Background jobs every 5 minutes in a sidecar (the chart's cron.sh).
      cronjob: { enabled: true, type: 'sidecar' },
    };
    const source = new ChartSource(this, 'Source', { name: Nextcloud.release, namespace: props.namespace, url: props.repository, defaults });
    new PlatformHelmRelease(this, 'Release', {
      name: Nextcloud.release,
      namespace: props.namespace,
      source,
      chart: 'nextcloud',
      version: props.version,
      values: mergeLayers<Values>(base, props.values ?? {}),
      timeout: '15m',
      // Its pods wait for the database login (and cache) the operators make from objects applied
      // with it: Helm's wait would hold the apps layer on them, so the release is Ready once
      // installed and the pods start when their inputs exist (the apps Kustomization applies the
      // database and cache in the same step).
      skipReadinessWait: true,
      defaults,
    });
  }
}

import { Construct } from 'constructs';
import { mergeLayers } from '../../config/merge';
import type { Values } from '../components/context';
import { ChartSource } from '../flux/chart-source';
import { FLUX_DEFAULTS, type FluxDefaults } from '../flux/defaults';
import { PlatformHelmRelease } from '../flux/platform-helm-release';
import { volumeBackupAnnotations } from '../platform/volume-backup';

export interface MattermostProps {
  /** Namespace (made by ApplicationNamespace). */
  readonly namespace: string;
  /** Exact version of the mattermost-team-edition chart. */
  readonly version: string;
  /** Chart repository (https://). */
  readonly repository: string;
  /** Public host name (the site URL is https://<hostname>). */
  readonly hostname: string;
  /** Secret with the database login CloudNativePG generates (key `uri`, a postgresql:// URL). */
  readonly databaseSecret: string;
  /**
   * Size of the files volume in GiB.
   * @default 10
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
 * Mattermost team edition from the mattermost-team-edition chart, over its CloudNativePG database
 * instead of the chart's MySQL subchart (off). The chart puts its external database's connection
 * string, password included, into a Secret of its own; that string would have to live in git. So the
 * chart's external-database switch is on only to drop its MySQL wait (an init container on an
 * unpinned curl image) with a placeholder string, and the server is configured by environment
 * variables, which Mattermost reads over its config file: MM_CONFIG points at the config file on
 * its emptyDir (the last of two MM_CONFIG entries wins), MM_SQLSETTINGS_DATASOURCE comes from the
 * database's generated Secret, the site URL from the host. Changes made in the System Console stay
 * until the pod restarts; git is the configuration. Runs as uid 2000 (the image's user), non-root,
 * no privilege escalation, all capabilities dropped, RuntimeDefault seccomp.
 */
export class Mattermost extends Construct {
  /** Release name. */
  static readonly release = 'mattermost';

  constructor(scope: Construct, id: string, props: MattermostProps) {
    super(scope, id);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) throw new Error(`Mattermost: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    const storageGb = props.storageGb ?? 10;
    if (!Number.isInteger(storageGb) || storageGb < 1) throw new Error(`Mattermost: storageGb must be a positive integer, got ${storageGb}`);
    const memory = props.memory ?? { request: '256Mi', limit: '1Gi' };
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    const base: Values = {
      mysql: { enabled: false },
      externalDB: { enabled: true, externalDriverType: 'postgres', externalConnectionString: 'configured-by-MM_SQLSETTINGS_DATASOURCE' },
      persistence: { data: { enabled: true, size: `${storageGb}Gi` }, plugins: { enabled: true, size: '1Gi' } },
      // Files and plugins go into Velero's file-system backups (the database backs itself up).
      extraPodAnnotations: volumeBackupAnnotations(['mattermost-data', 'mattermost-plugins']),
      config: {
        MM_SERVICESETTINGS_SITEURL: `https://${props.hostname}`,
        MM_PLUGINSETTINGS_CLIENTDIRECTORY: './client/plugins',
        // Logs to stdout only (the root filesystem is the image's).
        MM_LOGSETTINGS_ENABLEFILE: 'false',
        MM_LOGSETTINGS_ENABLECONSOLE: 'true',
      },
      extraEnvVars: [
        { name: 'MM_CONFIG', value: '/mattermost/config/config.json' },
        { name: 'MM_SQLSETTINGS_DRIVERNAME', value: 'postgres' },
        { name: 'MM_SQLSETTINGS_DATASOURCE', valueFrom: { secretKeyRef: { name: props.databaseSecret, key: 'uri' } } },
      ],
      securityContext: { runAsNonRoot: true, runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
      resources: { requests: { cpu: '100m', memory: memory.request }, limits: { memory: memory.limit } },
    };
    const source = new ChartSource(this, 'Source', { name: Mattermost.release, namespace: props.namespace, url: props.repository, defaults });
    new PlatformHelmRelease(this, 'Release', {
      name: Mattermost.release,
      namespace: props.namespace,
      source,
      chart: 'mattermost-team-edition',
      version: props.version,
      values: mergeLayers<Values>(base, props.values ?? {}),
      timeout: '10m',
      // Its pods wait for the database login (and cache) the operators make from objects applied
      // with it: Helm's wait would hold the apps layer on them, so the release is Ready once
      // installed and the pods start when their inputs exist (the apps Kustomization applies the
      // database and cache in the same step).
      skipReadinessWait: true,
      defaults,
    });
  }
}

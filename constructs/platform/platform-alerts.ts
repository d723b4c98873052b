import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

/** One alerting rule of the platform. */
export interface PlatformAlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly summary: string;
}

/** The rules by group, each group present when what it watches runs (and is scraped). */
export const PLATFORM_ALERT_GROUPS = {
  nodes: [
    {
      alert: 'PlatformNodeNotReady',
      // kube-state-metrics (kube-prometheus-stack).
      expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      for: '10m',
      severity: 'critical',
      summary: 'Node {{ $labels.node }} has not been Ready for 10 minutes.',
    },
  ],
  volumes: [
    {
      alert: 'PlatformVolumeFilling',
      // The kubelet's volume stats (kube-prometheus-stack scrapes every kubelet).
      expr: 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10 and kubelet_volume_stats_used_bytes > 0',
      for: '15m',
      severity: 'warning',
      summary: 'Volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has less than 10% free space.',
    },
  ],
  certificates: [
    {
      alert: 'PlatformCertificateExpiring',
      // cert-manager's controller metrics (its ServiceMonitor in the configs layer).
      expr: 'certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600',
      for: '1h',
      severity: 'warning',
      summary: 'Certificate {{ $labels.name }} in {{ $labels.namespace }} expires in less than 14 days (cert-manager renews 30 days ahead: renewal is failing).',
    },
    {
      alert: 'PlatformCertificateNotReady',
      expr: 'certmanager_certificate_ready_status{condition="True"} == 0',
      for: '30m',
      severity: 'warning',
      summary: 'Certificate {{ $labels.name }} in {{ $labels.namespace }} has not been Ready for 30 minutes.',
    },
  ],
  flux: [
    {
      alert: 'PlatformFluxReconcileFailing',
      // controller-runtime's counters of the Flux controllers (PodMonitor flux-controllers).
      expr: 'sum by (controller) (increase(controller_runtime_reconcile_errors_total{namespace="flux-system"}[15m])) > 0',
      for: '30m',
      severity: 'warning',
      summary: 'Flux {{ $labels.controller }} reconciliations have been failing for 30 minutes (flux get all -A --status-selector ready=false).',
    },
  ],
  velero: [
    {
      alert: 'PlatformBackupFailed',
      // Velero's server metrics (its ServiceMonitor).
      expr: 'velero_backup_last_status{schedule!=""} != 1',
      for: '15m',
      severity: 'critical',
      summary: 'The last Velero backup of schedule {{ $labels.schedule }} did not succeed (velero backup describe).',
    },
    {
      alert: 'PlatformBackupMissing',
      expr: 'time() - velero_backup_last_successful_timestamp{schedule!=""} > 2 * 24 * 3600',
      for: '1h',
      severity: 'critical',
      summary: 'Schedule {{ $labels.schedule }} has had no successful backup for two days.',
    },
  ],
  databases: [
    {
      alert: 'PlatformDatabaseBackupFailed',
      // The barman-cloud plugin's metrics, served on each instance's metrics port (the Database
      // PodMonitors); CloudNativePG's own cnpg_collector_*backup* metrics stay zero with plugin backups.
      expr: 'barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp > barman_cloud_cloudnative_pg_io_last_available_backup_timestamp',
      for: '15m',
      severity: 'critical',
      summary: 'The last base backup of database {{ $labels.pod }} in {{ $labels.namespace }} failed (kubectl get backups.postgresql.cnpg.io -n {{ $labels.namespace }}).',
    },
    {
      alert: 'PlatformDatabaseWalArchivingFailing',
      // CloudNativePG's default monitoring queries (pg_stat_archiver); WAL is switched at least every 5 minutes.
      expr: 'cnpg_pg_stat_archiver_seconds_since_last_archival > 3600',
      for: '15m',
      severity: 'critical',
      summary: 'Database {{ $labels.pod }} in {{ $labels.namespace }} has not archived WAL for an hour: point-in-time recovery is falling behind.',
    },
  ],
} as const satisfies Record<string, readonly PlatformAlertRule[]>;

export type PlatformAlertGroup = keyof typeof PLATFORM_ALERT_GROUPS;

export interface PlatformAlertsProps {
  /** Namespace of the Prometheus that loads the rules. */
  readonly namespace: string;
  /** Groups to include (what runs and is scraped on this cluster). */
  readonly groups: readonly PlatformAlertGroup[];
  /**
   * Scrape the Flux controllers (a PodMonitor in `namespace` selecting flux-system's controllers on
   * their http-prom port), which the `flux` group needs.
   * @default - when the flux group is included
   */
  readonly scrapeFlux?: boolean;
}

/**
 * The platform's alerts as one PrometheusRule `platform-alerts`: nodes not ready, volumes filling,
 * certificates expiring or not ready, Flux reconciliations failing, Velero backups failed or
 * missing, CloudNativePG base backups or WAL archiving failing; each with a `severity` label
 * (critical or warning) the Alertmanager routes to receivers by. Flux's own events reach the same
 * receivers through FluxAlerts (severity error).
 */
export class PlatformAlerts extends Construct {
  constructor(scope: Construct, id: string, props: PlatformAlertsProps) {
    super(scope, id);
    assertDnsLabel('PlatformAlerts namespace', props.namespace);
    const groups = [...new Set(props.groups)].sort();
    if (groups.length === 0) throw new Error('PlatformAlerts: no groups');
    new ApiObject(this, 'rule', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'platform-alerts', namespace: props.namespace, labels: { 'app.kubernetes.io/part-of': 'platform' } },
      spec: {
        groups: groups.map((group) => ({
          name: `platform-${group}`,
          rules: PLATFORM_ALERT_GROUPS[group].map((r) => ({
            alert: r.alert,
            expr: r.expr,
            for: r.for,
            labels: { severity: r.severity },
            annotations: { summary: r.summary },
          })),
        })),
      },
    });
    if (props.scrapeFlux ?? groups.includes('flux')) {
      new ApiObject(this, 'flux-monitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'flux-controllers', namespace: props.namespace },
        spec: {
          namespaceSelector: { matchNames: ['flux-system'] },
          selector: { matchLabels: { 'app.kubernetes.io/part-of': 'flux' } },
          podMetricsEndpoints: [{ port: 'http-prom', path: '/metrics' }],
        },
      });
    }
  }
}

import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { alertmanagerValues, ALERT_RECEIVERS_SECRET } from '../../../constructs/components/alertmanager-receivers';
import { BARMAN_CLOUD_CHART_VERSION } from '../../../constructs/components/cloudnative-pg';
import { PLATFORM_ALERT_GROUPS, PlatformAlerts, type PlatformAlertGroup } from '../../../constructs/platform/platform-alerts';
import { chartText, pinnedComponentVersion, validatorFor } from '../../support/chart-crds';

type Manifest = Record<string, any>;

/** Metric names of a PromQL expression (identifiers that are not functions, keywords, labels or durations). */
function metricsOf(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '').replace(/by \([^)]*\)/g, '');
  const words = withoutLabels.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const notMetrics = new Set(['sum', 'by', 'increase', 'rate', 'time', 'and', 'or', 'unless', 'on', 'ignoring']);
  return [...new Set(words.filter((w) => !notMetrics.has(w) && w.includes('_')))];
}

/**
 * Metrics no pinned chart names (their exporters are not charts here), each with where its name was
 * checked upstream. Everything else must appear in the chart of the component that exports it.
 */
const CHECKED_UPSTREAM: Record<string, string> = {
  certmanager_certificate_expiration_timestamp_seconds: 'cert-manager internal/controller/certificates metrics (controller, port 9402)',
  certmanager_certificate_ready_status: 'cert-manager pkg/metrics/certificates.go (labels name, namespace, condition)',
  controller_runtime_reconcile_errors_total: 'controller-runtime pkg/internal/controller/metrics (every Flux controller, label controller)',
  barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp: 'plugin-barman-cloud metrics, served through the instance metrics endpoint (CNPG-I)',
  barman_cloud_cloudnative_pg_io_last_available_backup_timestamp: 'plugin-barman-cloud metrics, served through the instance metrics endpoint (CNPG-I)',
};

/** The chart whose text names each group's metrics (its rules, dashboards or values). */
const EVIDENCE: Record<PlatformAlertGroup, () => string> = {
  nodes: () => chartText('kube-prometheus-stack', pinnedComponentVersion('kube-prometheus-stack')),
  volumes: () => chartText('kube-prometheus-stack', pinnedComponentVersion('kube-prometheus-stack')),
  certificates: () => '',
  flux: () => '',
  velero: () => chartText('velero', pinnedComponentVersion('velero')),
  databases: () => chartText('cloudnative-pg', pinnedComponentVersion('cloudnative-pg')) + chartText('plugin-barman-cloud', BARMAN_CLOUD_CHART_VERSION),
};

describe('platform alerts', () => {
  it('writes one PrometheusRule of the groups asked for, valid against the pinned Prometheus operator CRDs, and scrapes Flux for its group', () => {
    const chart = Testing.chart();
    new PlatformAlerts(chart, 'alerts', { namespace: 'monitoring', groups: Object.keys(PLATFORM_ALERT_GROUPS) as PlatformAlertGroup[] });
    const objects = Testing.synth(chart) as Manifest[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['PrometheusRule/platform-alerts', 'PodMonitor/flux-controllers']);
    const schemas = validatorFor(['kube-prometheus-stack', pinnedComponentVersion('kube-prometheus-stack')]);
    for (const o of objects) expect(schemas.validate(o), o.kind).toEqual({ status: 'valid', errors: [] });
    const rule = objects[0]!;
    expect(rule.spec.groups.map((g: Manifest) => g.name)).toEqual(['platform-certificates', 'platform-databases', 'platform-flux', 'platform-nodes', 'platform-velero', 'platform-volumes']);
    const alerts = rule.spec.groups.flatMap((g: Manifest) => g.rules.map((r: Manifest) => r.alert));
    for (const wanted of ['PlatformFluxReconcileFailing', 'PlatformCertificateExpiring', 'PlatformNodeNotReady', 'PlatformVolumeFilling', 'PlatformBackupFailed', 'PlatformDatabaseBackupFailed']) {
      expect(alerts).toContain(wanted);
    }
    for (const group of rule.spec.groups) for (const r of group.rules) expect(['critical', 'warning']).toContain(r.labels.severity);
    // The Flux controllers' pods carry these, with the metrics port named http-prom (vendored release manifests).
    expect(objects[1]!.spec).toEqual({ namespaceSelector: { matchNames: ['flux-system'] }, selector: { matchLabels: { 'app.kubernetes.io/part-of': 'flux' } }, podMetricsEndpoints: [{ port: 'http-prom', path: '/metrics' }] });

    const small = Testing.chart();
    new PlatformAlerts(small, 'alerts', { namespace: 'monitoring', groups: ['nodes'] });
    expect((Testing.synth(small) as Manifest[]).map((o) => o.kind)).toEqual(['PrometheusRule']);
    expect(() => new PlatformAlerts(Testing.chart(), 'x', { namespace: 'monitoring', groups: [] })).toThrow(/no groups/);
  });

  it('every rule references only metrics the component it watches exports: named in that component\'s pinned chart, or checked upstream', () => {
    for (const [group, rules] of Object.entries(PLATFORM_ALERT_GROUPS) as [PlatformAlertGroup, readonly { alert: string; expr: string }[]][]) {
      const evidence = EVIDENCE[group]();
      for (const rule of rules) {
        const metrics = metricsOf(rule.expr);
        expect(metrics.length, rule.alert).toBeGreaterThan(0);
        for (const metric of metrics) {
          expect(evidence.includes(metric) || metric in CHECKED_UPSTREAM, `${rule.alert}: ${metric}`).toBe(true);
        }
      }
    }
    // The list of names checked elsewhere holds only names no pinned chart has (else the chart proves it).
    const all = Object.values(EVIDENCE).map((e) => e()).join('\n');
    for (const metric of Object.keys(CHECKED_UPSTREAM)) expect(all.includes(metric), metric).toBe(false);
  });

  it('routes alerts to the configured receivers by severity, with credentials read from the receivers Secret', () => {
    const values = alertmanagerValues(
      {
        ops: { type: 'email', to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587' },
        chat: { type: 'slack', channel: '#ops', severities: ['critical'] },
        matrix: { type: 'matrix', severities: ['warning'] },
        hook: { type: 'webhook' },
      },
      'c1',
    ) as any;
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual([ALERT_RECEIVERS_SECRET]);
    const { route, receivers } = values.alertmanager.config;
    expect(route.receiver).toBe('null');
    expect(route.routes).toEqual([
      { receiver: 'null', matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
      { receiver: 'chat', matchers: ['severity =~ "critical|error"'], continue: true },
      { receiver: 'hook', matchers: ['severity =~ "critical|error|warning"'], continue: true },
      { receiver: 'matrix', matchers: ['severity =~ "warning"'], continue: true },
      { receiver: 'ops', matchers: ['severity =~ "critical|error|warning"'], continue: true },
    ]);
    const dir = `/etc/alertmanager/secrets/${ALERT_RECEIVERS_SECRET}`;
    expect(receivers).toEqual([
      { name: 'null' },
      { name: 'chat', slack_configs: [{ api_url_file: `${dir}/chat-url`, channel: '#ops', send_resolved: true, title: '[{{ .Status | toUpper }}] c1: {{ .CommonLabels.alertname }}' }] },
      { name: 'hook', webhook_configs: [{ url_file: `${dir}/hook-url`, send_resolved: true }] },
      { name: 'matrix', webhook_configs: [{ url_file: `${dir}/matrix-url`, send_resolved: true }] },
      { name: 'ops', email_configs: [{ to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', auth_username: 'alerts@example.com', auth_password_file: `${dir}/ops-password`, require_tls: true, send_resolved: true }] },
    ]);
    expect(() => alertmanagerValues({ bad: { type: 'email', to: 'a@b.c' } }, 'c1')).toThrow(/needs to, from and smarthost/);
  });
});

describe('alerting in config', () => {
  it('refuses receivers on a cluster without Alertmanager, and lists the receivers Secret where there is one', async () => {
    const { copyEnvironments, edit } = await import('../../support/environments');
    const { loadPlatform } = await import('../../../config/load');
    const { ConfigError } = await import('../../../config/problems');
    const { expectedSecrets } = await import('../../../charts/secrets');
    const dir = copyEnvironments();
    edit(dir, 'dev.yaml', [
      [['clusters', 'oke-dev', 'components', 'kube-prometheus-stack'], { enabled: false }],
      [['clusters', 'oke-dev', 'alerting'], { receivers: { pager: { type: 'webhook' } } }],
    ]);
    let error: unknown;
    try {
      loadPlatform(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as InstanceType<typeof ConfigError>).problems.find((p) => p.rule === 'component-requires')?.message).toMatch(/enable kube-prometheus-stack/);

    const ok = copyEnvironments();
    edit(ok, 'dev.yaml', [
      [['clusters', 'oke-dev', 'components', 'kube-prometheus-stack'], { enabled: true }],
      [['clusters', 'oke-dev', 'alerting'], { receivers: { pager: { type: 'webhook' }, ops: { type: 'email', to: 'a@example.com', from: 'b@example.com', smarthost: 'smtp.example.com:587' } } }],
    ]);
    const cluster = loadPlatform(ok).clusters.find((c) => c.name === 'oke-dev')!;
    const secret = expectedSecrets(cluster).find((s) => s.name === ALERT_RECEIVERS_SECRET);
    expect(secret).toMatchObject({ namespace: 'monitoring', keys: ['ops-password', 'pager-url'] });
  });
});

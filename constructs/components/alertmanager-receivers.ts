import type { Values } from './context';

/** Secret (in monitoring, SOPS-encrypted) with the receivers' credentials, mounted into Alertmanager. */
export const ALERT_RECEIVERS_SECRET = 'alertmanager-receivers';
/** Where the Prometheus operator mounts `alertmanagerSpec.secrets` in the Alertmanager pods. */
const SECRET_DIR = `/etc/alertmanager/secrets/${ALERT_RECEIVERS_SECRET}`;

/** Alert severities a receiver takes; Flux's events arrive with severity `error`, routed with `critical`. */
export const ALERT_SEVERITIES = ['critical', 'warning'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** One place alerts go (`alerting.receivers.<name>` in config). */
export interface AlertReceiver {
  /** email (SMTP), slack (incoming webhook), matrix (a Matrix webhook bridge such as matrix-alertmanager-receiver or hookshot) or webhook (Alertmanager's JSON). */
  readonly type: 'email' | 'slack' | 'matrix' | 'webhook';
  /** email: recipient address. */
  readonly to?: string;
  /** email: sender address, also the SMTP user name. */
  readonly from?: string;
  /** email: SMTP server host:port (STARTTLS). */
  readonly smarthost?: string;
  /** slack: channel (#ops); default: the webhook's own. */
  readonly channel?: string;
  /** Severities sent here; default both. */
  readonly severities?: readonly AlertSeverity[];
}

/** The key of the receivers Secret a receiver reads its credential from. */
export function receiverSecretKey(name: string, receiver: AlertReceiver): string {
  return receiver.type === 'email' ? `${name}-password` : `${name}-url`;
}

/**
 * Alertmanager's configuration (kube-prometheus-stack `alertmanager.config`) for these receivers:
 * every alert of a receiver's severities (Flux's `error` events count as critical) goes to it, the
 * Watchdog and InfoInhibitor alerts nowhere; credentials are read from files of the
 * `alertmanager-receivers` Secret (`*_file` settings), never written into the values.
 */
export function alertmanagerValues(receivers: Readonly<Record<string, AlertReceiver>>, cluster: string): Values {
  const names = Object.keys(receivers).sort();
  const file = (name: string) => `${SECRET_DIR}/${receiverSecretKey(name, receivers[name]!)}`;
  const config = names.map((name) => {
    const r = receivers[name]!;
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(name) || name === 'null') throw new Error(`alert receiver ${JSON.stringify(name)}: a lower-case name, not "null"`);
    switch (r.type) {
      case 'email':
        if (!r.to || !r.from || !r.smarthost) throw new Error(`alert receiver ${name}: email needs to, from and smarthost`);
        if (!/^[^\s:]+:\d+$/.test(r.smarthost)) throw new Error(`alert receiver ${name}: smarthost ${JSON.stringify(r.smarthost)} must be host:port`);
        return { name, email_configs: [{ to: r.to, from: r.from, smarthost: r.smarthost, auth_username: r.from, auth_password_file: file(name), require_tls: true, send_resolved: true }] };
      case 'slack':
        return { name, slack_configs: [{ api_url_file: file(name), ...(r.channel ? { channel: r.channel } : {}), send_resolved: true, title: `[{{ .Status | toUpper }}] ${cluster}: {{ .CommonLabels.alertname }}` }] };
      case 'matrix':
      case 'webhook':
        return { name, webhook_configs: [{ url_file: file(name), send_resolved: true }] };
    }
  });
  const matcher = (severities: readonly AlertSeverity[]) => {
    const values = [...new Set(severities.flatMap((s) => (s === 'critical' ? ['critical', 'error'] : [s])))].sort();
    return `severity =~ "${values.join('|')}"`;
  };
  return {
    alertmanager: {
      alertmanagerSpec: { secrets: names.length ? [ALERT_RECEIVERS_SECRET] : [] },
      config: {
        route: {
          receiver: 'null',
          group_by: ['alertname', 'namespace', 'cluster'],
          group_wait: '30s',
          group_interval: '5m',
          repeat_interval: '4h',
          routes: [
            { receiver: 'null', matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
            ...names.map((name) => ({ receiver: name, matchers: [matcher(receivers[name]!.severities ?? ALERT_SEVERITIES)], continue: true })),
          ],
        },
        receivers: [{ name: 'null' }, ...config],
      },
    },
  };
}

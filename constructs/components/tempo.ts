import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { HelmComponent } from './helm-component';
import { volumeBackupExcludeAnnotations } from '../platform/volume-backup';

export interface TempoProps extends ComponentProps {}

/**
 * Grafana Tempo (grafana-community OCI chart, monolithic) with local storage on a persistent volume,
 * 3-day retention and OTLP receivers on 4317 (gRPC) and 4318 (HTTP).
 */
export class Tempo extends Construct {
  /** Namespace of Tempo. */
  static readonly namespace = 'tempo';
  /** Chart artifact. */
  static readonly repository = 'oci://ghcr.io/grafana-community/helm-charts/tempo';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    tempo: {
      retention: '72h',
      storage: { trace: { backend: 'local', local: { path: '/var/tempo/traces' }, wal: { path: '/var/tempo/wal' } } },
      receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } } },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    },
    // The chart's pod securityContext (it runs as 10001) plus the seccomp profile restricted asks for.
    securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    persistence: { enabled: true, size: '10Gi' },
    // Left out of Velero's file-system backups on purpose: 3 days of traces that applications send
    // again, and a file copy of a live block store and WAL is not a consistent one (render-volume-backup).
    podAnnotations: volumeBackupExcludeAnnotations(['storage']),
    serviceMonitor: { enabled: true },
  };

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: TempoProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Tempo.namespace,
      podSecurity: 'restricted',
      repository: Tempo.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'query-from-monitoring', peer: { namespace: 'monitoring' }, ports: [{ port: 3200 }] },
        // Applications may send OTLP straight to Tempo when there is no collector.
        { name: 'otlp', peer: { allNamespaces: true }, ports: [{ port: 4317 }, { port: 4318 }] },
      ],
      releases: [{ name: 'tempo', defaults: Tempo.baseValues, values: props.values }],
    });
  }
}

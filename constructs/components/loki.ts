import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { HelmComponent } from './helm-component';
import { volumeBackupExcludeAnnotations } from '../platform/volume-backup';

export interface LokiProps extends ComponentProps {}

/**
 * Grafana Loki (grafana-community OCI chart) as one single-binary replica on a persistent volume
 * with filesystem storage, TSDB schema v13 and 7-day retention: sized for small clusters; move to
 * object storage and the simple-scalable mode through values when logs outgrow one node.
 */
export class Loki extends Construct {
  /** Namespace of Loki. */
  static readonly namespace = 'loki';
  /** Chart artifact. */
  static readonly repository = 'oci://ghcr.io/grafana-community/helm-charts/loki';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    deploymentMode: 'SingleBinary',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: 'filesystem' },
      schemaConfig: {
        configs: [
          { from: '2024-04-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } },
        ],
      },
      limits_config: { retention_period: '168h', allow_structured_metadata: true, volume_enabled: true },
      compactor: { retention_enabled: true, delete_request_store: 'filesystem' },
      podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    },
    singleBinary: {
      replicas: 1,
      persistence: { enabled: true, size: '10Gi' },
      // Left out of Velero's file-system backups on purpose: 7 days of logs that the cluster writes
      // again, and a file copy of a live TSDB and WAL is not a consistent one (render-volume-backup).
      podAnnotations: volumeBackupExcludeAnnotations(['storage']),
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    gateway: { enabled: false },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true } },
  };

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Loki.namespace,
      repository: Loki.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: ['alloy', 'opentelemetry', 'monitoring'].map((namespace) => ({
        name: `from-${namespace}`,
        peer: { namespace },
        ports: [{ port: 3100 }],
      })),
      releases: [{ name: 'loki', defaults: Loki.baseValues, values: props.values }],
    });
  }
}

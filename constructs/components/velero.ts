import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/** Secret (in the velero namespace) with the S3 credentials file, key `cloud` (AWS credentials format). */
export const VELERO_CREDENTIALS = { secretName: 'velero-s3-credentials', keys: ['cloud'] } as const;

/** The AWS object-store plugin, an init container of the Velero server (exact tag). */
const AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.0';

/**
 * Velero: backs up the cluster's Kubernetes objects to S3-compatible storage. The storage location
 * and the schedule are objects of their own (`VeleroBackupPlan`, a configs object), so the chart
 * creates none. Volume data: no cloud snapshots; the node agent (a DaemonSet, kopia) copies the
 * files of the volumes a pod opts in with `backup.velero.io/backup-volumes`
 * (constructs/platform/volume-backup.ts; `npm run check -- --volume-backups` lists them). Databases back
 * themselves up (see Database). The node agent reads every pod's volumes from the node
 * (/var/lib/kubelet/pods, a hostPath, as root), so the namespace enforces `privileged`.
 */
export class Velero extends Construct {
  /** Namespace of the server. */
  static readonly namespace = 'velero';
  /** Chart repository. */
  static readonly repository = 'https://vmware-tanzu.github.io/helm-charts';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: AWS_PLUGIN_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      },
    ],
    credentials: { useSecret: true, existingSecret: VELERO_CREDENTIALS.secretName },
    // Locations and schedules are Flux-managed objects (VeleroBackupPlan), not chart output.
    backupsEnabled: true,
    snapshotsEnabled: false,
    deployNodeAgent: true,
    nodeAgent: {
      // Root (the chart's default) reads volumes of any owner; no privilege escalation, the
      // runtime's default capabilities (restores set owners and modes), the runtime's seccomp profile.
      podSecurityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: { allowPrivilegeEscalation: false },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '1Gi' } },
    },
    configuration: { backupStorageLocation: [], volumeSnapshotLocation: [] },
    upgradeCRDs: true,
    podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
  };

  /** Values derived from the cluster: metrics when Prometheus runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    if (!ctx.enabled.has('kube-prometheus-stack')) return undefined;
    return { metrics: { enabled: true, serviceMonitor: { enabled: true } } };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Velero.namespace,
      podSecurity: 'privileged',
      podSecurityReason: 'the Velero node agent reads the files of backed-up pod volumes from each node (hostPath /var/lib/kubelet/pods) as root',
      repository: Velero.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [{ name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8085 }] }],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // The object store: any S3-compatible endpoint over HTTPS.
        { name: 'object-storage', peer: { anywhere: true }, ports: [{ port: 443 }] },
      ],
      releases: [{ name: 'velero', chart: 'velero', defaults: Velero.baseValues, values: props.values }],
    });
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { BackupSettings } from '../../config/schema';

export interface VeleroBackupPlanProps {
  /** Namespace Velero runs in. */
  readonly namespace: string;
  /** Where and how often to back up (`backups:` in config). */
  readonly backups: BackupSettings;
  /** Secret with the credentials file, key `cloud`. */
  readonly credentialsSecret: string;
  /**
   * Folder inside the bucket (one per cluster, so clusters can share a bucket).
   * @default 'velero'
   */
  readonly prefix?: string;
  /**
   * Namespaces left out of the scheduled backup.
   * @default ['kube-system', 'kube-public', 'kube-node-lease']
   */
  readonly excludedNamespaces?: readonly string[];
}

/**
 * Velero's default BackupStorageLocation on S3-compatible storage (path-style addressing, so any
 * S3 implementation works) and a Schedule of every namespace on `backups.schedule`, kept
 * `retentionDays`. Volumes: the files of those a pod opts in (`backup.velero.io/backup-volumes`,
 * constructs/platform/volume-backup.ts) through the node agent; no others (not
 * `defaultVolumesToFsBackup`), no cloud snapshots.
 */
export class VeleroBackupPlan extends Construct {
  constructor(scope: Construct, id: string, props: VeleroBackupPlanProps) {
    super(scope, id);
    const { backups } = props;
    const prefix = props.prefix ?? 'velero';
    if (!/^[a-z0-9][a-z0-9/-]*$/.test(prefix)) throw new Error(`VeleroBackupPlan: prefix ${JSON.stringify(prefix)} must be a lower-case path`);
    if (backups.schedule.trim().split(/\s+/).length !== 5) {
      throw new Error(`VeleroBackupPlan: schedule ${JSON.stringify(backups.schedule)} must be a five-field cron expression`);
    }
    new ApiObject(this, 'location', {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: 'default', namespace: props.namespace },
      spec: {
        provider: 'aws',
        default: true,
        objectStorage: { bucket: backups.bucket, prefix },
        credential: { name: props.credentialsSecret, key: 'cloud' },
        config: { region: backups.region, s3Url: backups.endpoint, s3ForcePathStyle: 'true' },
      },
    });
    new ApiObject(this, 'schedule', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'cluster', namespace: props.namespace },
      spec: {
        schedule: backups.schedule,
        useOwnerReferencesInBackup: false,
        template: {
          storageLocation: 'default',
          excludedNamespaces: [...(props.excludedNamespaces ?? ['kube-system', 'kube-public', 'kube-node-lease'])],
          snapshotVolumes: false,
          defaultVolumesToFsBackup: false,
          ttl: `${backups.retentionDays * 24}h0m0s`,
        },
      },
    });
  }
}

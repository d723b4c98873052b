/**
 * File-system backups of pod volumes (Velero's node agent, kopia): a pod opts its volumes in with
 * the annotation below on its pod template, naming them (a StatefulSet's volumeClaimTemplates by
 * their template name). The cluster's Velero Schedule then copies those volumes' files with every
 * backup; restoring the namespace brings them back before the pod starts. Any workload can use
 * it: tenant services, stateful apps, company applications.
 *
 * Opt-in, not `defaultVolumesToFsBackup`: a database run by CloudNativePG backs itself up (WAL and
 * base backups, point in time), and a file copy of a running PostgreSQL is not a consistent backup;
 * caches and emptyDirs need none.
 */

/** Velero's pod annotation listing the volumes to back up by file system. */
export const VOLUME_BACKUP_ANNOTATION = 'backup.velero.io/backup-volumes';

/**
 * Velero's pod annotation listing volumes not to back up by file system. With opt-in backups Velero
 * skips unlisted volumes anyway; the project writes it to say "left out on purpose" (the check
 * `render-volume-backup` accepts a claim volume named in either annotation).
 */
export const VOLUME_BACKUP_EXCLUDES_ANNOTATION = 'backup.velero.io/backup-volumes-excludes';

const VOLUME_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The pod-template annotations that opt these volumes into Velero's file-system backups. */
export function volumeBackupAnnotations(volumes: readonly string[]): Record<string, string> {
  if (volumes.length === 0) throw new Error('volumeBackupAnnotations: name at least one volume');
  for (const v of volumes) {
    if (!VOLUME_NAME.test(v)) throw new Error(`volumeBackupAnnotations: ${JSON.stringify(v)} is not a volume name`);
  }
  return { [VOLUME_BACKUP_ANNOTATION]: [...new Set(volumes)].sort().join(',') };
}

/** The volumes a pod template's annotations opt in (empty when none). */
export function backedUpVolumes(annotations: Readonly<Record<string, unknown>> | undefined): string[] {
  const value = annotations?.[VOLUME_BACKUP_ANNOTATION];
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

/** A pod template with these volumes opted into Velero's file-system backups (other annotations kept). */
export function withVolumeBackup<T extends { metadata?: { annotations?: Record<string, string> } }>(template: T, volumes: readonly string[]): T {
  const annotations = template.metadata?.annotations ?? {};
  const merged = [...new Set([...backedUpVolumes(annotations), ...volumes])];
  return { ...template, metadata: { ...template.metadata, annotations: { ...annotations, ...volumeBackupAnnotations(merged) } } };
}

/** The pod-template annotations that leave these volumes out of Velero's file-system backups on purpose. */
export function volumeBackupExcludeAnnotations(volumes: readonly string[]): Record<string, string> {
  if (volumes.length === 0) throw new Error('volumeBackupExcludeAnnotations: name at least one volume');
  for (const v of volumes) {
    if (!VOLUME_NAME.test(v)) throw new Error(`volumeBackupExcludeAnnotations: ${JSON.stringify(v)} is not a volume name`);
  }
  return { [VOLUME_BACKUP_EXCLUDES_ANNOTATION]: [...new Set(volumes)].sort().join(',') };
}

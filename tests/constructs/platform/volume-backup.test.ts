import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatefulApp } from '../../../constructs/apps';
import type { RouteEntry } from '../../../constructs/components/platform-route';
import { Velero, VELERO_CREDENTIALS } from '../../../constructs/components/velero';
import { VeleroBackupPlan } from '../../../constructs/components/velero-backup-plan';
import { backedUpVolumes, VOLUME_BACKUP_ANNOTATION, VOLUME_BACKUP_EXCLUDES_ANNOTATION, volumeBackupAnnotations, volumeBackupExcludeAnnotations, withVolumeBackup } from '../../../constructs/platform/volume-backup';
import { TenantIdentity, TenantMail } from '../../../constructs/tenancy';
import type { ObjectSchemaValidator } from '../../../policy/object-schemas';
import { pinnedComponentVersion, validatorFor } from '../../support/chart-crds';

type Manifest = Record<string, any>;
const GATEWAY: RouteEntry = { kind: 'gateway', gatewayName: 'platform', gatewayNamespace: 'envoy-gateway-system', sectionName: 'https' };
const backups = { endpoint: 'https://s3.example.com', bucket: 'backups', region: 'auto', schedule: '0 2 * * *', retentionDays: 7 };

/** Every pod template with claims (StatefulSet volumeClaimTemplates or persistentVolumeClaim volumes) and the volumes it opts in. */
function claimsAndBackups(objects: Manifest[]): { name: string; claims: string[]; backedUp: string[] }[] {
  return objects
    .filter((o) => o.spec?.template?.spec)
    .map((o) => ({
      name: `${o.kind}/${o.metadata.name}`,
      claims: [
        ...(o.spec.volumeClaimTemplates ?? []).map((t: Manifest) => t.metadata.name),
        ...(o.spec.template.spec.volumes ?? []).filter((v: Manifest) => v.persistentVolumeClaim).map((v: Manifest) => v.name),
      ].sort(),
      backedUp: backedUpVolumes(o.spec.template.metadata?.annotations),
    }))
    .filter((w) => w.claims.length > 0);
}

describe('file-system volume backups (Velero node agent)', () => {
  let schemas: ObjectSchemaValidator;
  beforeAll(() => {
    schemas = validatorFor(['velero', pinnedComponentVersion('velero')]);
  });

  it('names volumes in Velero\'s pod annotation, sorted and once, and merges into a template\'s annotations', () => {
    expect(volumeBackupAnnotations(['data', 'config', 'data'])).toEqual({ [VOLUME_BACKUP_ANNOTATION]: 'config,data' });
    expect(VOLUME_BACKUP_ANNOTATION).toBe('backup.velero.io/backup-volumes');
    expect(() => volumeBackupAnnotations([])).toThrow(/at least one/);
    expect(() => volumeBackupAnnotations(['Data/1'])).toThrow(/not a volume name/);
    const template = withVolumeBackup({ metadata: { labels: { a: 'b' }, annotations: { x: 'y', [VOLUME_BACKUP_ANNOTATION]: 'logs' } }, spec: {} }, ['data']);
    expect(template.metadata).toEqual({ labels: { a: 'b' }, annotations: { x: 'y', [VOLUME_BACKUP_ANNOTATION]: 'data,logs' } });
  });

  it('names volumes left out on purpose in Velero\'s excludes annotation, sorted and once', () => {
    expect(volumeBackupExcludeAnnotations(['storage', 'cache', 'storage'])).toEqual({ [VOLUME_BACKUP_EXCLUDES_ANNOTATION]: 'cache,storage' });
    expect(VOLUME_BACKUP_EXCLUDES_ANNOTATION).toBe('backup.velero.io/backup-volumes-excludes');
    expect(() => volumeBackupExcludeAnnotations([])).toThrow(/at least one/);
    expect(() => volumeBackupExcludeAnnotations(['a_b'])).toThrow(/not a volume name/);
  });

  it('backs up every claim of the tenant services (Kanidm, Stalwart) and of a stateful app', () => {
    const chart = Testing.chart();
    new TenantIdentity(chart, 'idm', { tenant: 'team-a', domain: 'example.com', image: 'docker.io/kanidm/server:1.11.2', route: GATEWAY });
    new TenantMail(chart, 'mail', { tenant: 'team-a', domain: 'example.com', image: 'docker.io/stalwartlabs/stalwart:v0.16.25', route: GATEWAY });
    new StatefulApp(chart, 'ledger', { tenant: 'team-a', image: 'docker.io/library/postgres:17.6', port: 5432, storageGb: 1, runAsUser: 999, dataMountPath: '/var/lib/postgresql/data' });
    const workloads = claimsAndBackups(Testing.synth(chart) as Manifest[]);
    expect(workloads.length).toBe(3);
    for (const w of workloads) expect(w.backedUp, w.name).toEqual(w.claims);
  });

  it('runs the node agent and schedules opt-in volume backups, objects the pinned Velero chart\'s CRDs accept', () => {
    expect(Velero.baseValues).toMatchObject({ deployNodeAgent: true, snapshotsEnabled: false });
    const chart = Testing.chart();
    new VeleroBackupPlan(chart, 'plan', { namespace: 'velero', backups, credentialsSecret: VELERO_CREDENTIALS.secretName });
    const objects = Testing.synth(chart) as Manifest[];
    const schedule = objects.find((o) => o.kind === 'Schedule')!;
    expect(schedule.spec.template).toMatchObject({ defaultVolumesToFsBackup: false, snapshotVolumes: false });
    for (const o of objects) expect(schemas.validate(o), `${o.kind}`).toEqual({ status: 'valid', errors: [] });
  });
});

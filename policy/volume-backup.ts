/**
 * render-volume-backup: in a cluster that runs Velero, no PersistentVolumeClaim is silently left out
 * of its backups. Velero's node agent copies only the pod volumes a pod opts in with
 * `backup.velero.io/backup-volumes` (constructs/platform/volume-backup.ts); a workload that mounts a
 * claim without naming it there loses that data on restore while every backup reports success.
 *
 * Judged over the offline render (chart output included): every pod template (Pod, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) whose `volumes` name a
 * `persistentVolumeClaim`, and every StatefulSet `volumeClaimTemplates` entry (the volume has the
 * template's name), must be listed in the template's `backup.velero.io/backup-volumes` or in its
 * `backup.velero.io/backup-volumes-excludes` (the explicit "not backed up, on purpose"); or the
 * finding is waived in policy/waivers.yaml with a reason (charts whose pod annotations cannot be set).
 *
 * CloudNativePG: a `postgresql.cnpg.io` Cluster's instance pods and claims are made by the operator,
 * not rendered; they are covered when the Cluster archives through barman (the barman-cloud plugin
 * as WAL archiver, or the in-tree `backup.barmanObjectStore`): a file copy of a running PostgreSQL is
 * not a consistent backup, so those databases are deliberately not opted into Velero. A Cluster
 * without barman is judged like a workload: its `spec.inheritedMetadata.annotations` must name its
 * volumes (`pgdata`, and `pg-wal` with walStorage) in either annotation.
 *
 * Error, not warning: the failure is silent (backups succeed, the restore comes back empty), and the
 * fix is one annotation either way, so the check makes the choice explicit.
 */
import { CloudNativePg } from '../constructs/components/cloudnative-pg';
import { backedUpVolumes, VOLUME_BACKUP_ANNOTATION, VOLUME_BACKUP_EXCLUDES_ANNOTATION } from '../constructs/platform/volume-backup';
import { objectRef, renderedResource, type ClusterRender, type JsonObject, type RenderedObject } from '../render/types';
import { podTemplateOf } from './pod-security';
import type { RawFinding } from './types';

/** Chart name of Velero (vmware-tanzu/helm-charts): a cluster with a release of it runs Velero. */
export const VELERO_CHART = 'velero';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const list = (value: unknown): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** True when the cluster runs Velero (a HelmRelease of its chart). */
export function runsVelero(render: ClusterRender): boolean {
  return render.releases.some((r) => r.chart.name === VELERO_CHART);
}

/** A volume backed by a PersistentVolumeClaim: its pod volume name and where the claim comes from. */
export interface ClaimVolume {
  readonly volume: string;
  /** `claim <name>`, `volumeClaimTemplate`, or `CloudNativePG storage`. */
  readonly source: string;
}

/** The excluded volumes of a pod's annotations (`backup.velero.io/backup-volumes-excludes`). */
export function excludedVolumes(annotations: Readonly<Record<string, unknown>> | undefined): string[] {
  const value = annotations?.[VOLUME_BACKUP_EXCLUDES_ANNOTATION];
  return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : [];
}

/** The claim volumes of a workload and the annotations of the pods that mount them; undefined when it has no pods. */
export function claimVolumes(object: JsonObject): { volumes: ClaimVolume[]; annotations: JsonObject } | undefined {
  const template = podTemplateOf(object);
  if (template) {
    const volumes: ClaimVolume[] = [];
    for (const v of list(template.spec.volumes)) {
      const claim = isObject(v.persistentVolumeClaim) ? v.persistentVolumeClaim : undefined;
      if (claim && typeof v.name === 'string') volumes.push({ volume: v.name, source: `claim ${String(claim.claimName)}` });
    }
    if (object.kind === 'StatefulSet' && isObject(object.spec)) {
      for (const t of list(object.spec.volumeClaimTemplates)) {
        const name = isObject(t.metadata) ? t.metadata.name : undefined;
        if (typeof name === 'string' && !volumes.some((v) => v.volume === name)) volumes.push({ volume: name, source: 'volumeClaimTemplate' });
      }
    }
    const annotations = isObject(template.metadata.annotations) ? template.metadata.annotations : {};
    return { volumes, annotations };
  }
  if (isCnpgCluster(object) && isObject(object.spec)) {
    const spec = object.spec;
    const inherited = isObject(spec.inheritedMetadata) && isObject(spec.inheritedMetadata.annotations) ? spec.inheritedMetadata.annotations : {};
    const volumes: ClaimVolume[] = [{ volume: 'pgdata', source: 'CloudNativePG storage' }];
    if (isObject(spec.walStorage)) volumes.push({ volume: 'pg-wal', source: 'CloudNativePG walStorage' });
    return { volumes, annotations: inherited };
  }
  return undefined;
}

function isCnpgCluster(object: JsonObject): boolean {
  return object.kind === 'Cluster' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('postgresql.cnpg.io/');
}

/**
 * Why a CloudNativePG Cluster needs no Velero opt-in, when it archives through barman: the
 * barman-cloud plugin as its WAL archiver, or the operator's in-tree `backup.barmanObjectStore`.
 */
export function barmanArchived(object: JsonObject): string | undefined {
  if (!isCnpgCluster(object) || !isObject(object.spec)) return undefined;
  const plugin = list(object.spec.plugins).find((p) => p.name === CloudNativePg.barmanCloudPlugin && p.enabled !== false && p.isWALArchiver === true);
  if (plugin) return `archives WAL and base backups through ${CloudNativePg.barmanCloudPlugin}`;
  if (isObject(object.spec.backup) && isObject(object.spec.backup.barmanObjectStore)) return 'archives WAL and base backups to backup.barmanObjectStore';
  return undefined;
}

function describe(rendered: RenderedObject): string {
  const meta = isObject(rendered.object.metadata) ? rendered.object.metadata : {};
  const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${String(rendered.object.kind)} ${ns}${String(meta.name)} (${rendered.origin.file})`;
}

/** The DaemonSets Velero's releases render: the node agent (chart value `deployNodeAgent`), when on. */
export function nodeAgents(render: ClusterRender): RenderedObject[] {
  return render.releases.filter((r) => r.chart.name === VELERO_CHART).flatMap((r) => r.objects.filter((o) => o.object.kind === 'DaemonSet'));
}

/** `<cluster>:helm <namespace>/<name>` of the cluster's (first) Velero release, the resource of cluster-wide findings. */
function veleroResource(render: ClusterRender): string {
  const release = render.releases.find((r) => r.chart.name === VELERO_CHART)!;
  return `${render.cluster}:helm ${release.namespace}/${release.name}`;
}

/** render-volume-backup over one rendered cluster: nothing when the cluster does not run Velero. */
export function volumeBackupFindings(render: ClusterRender): RawFinding[] {
  if (!runsVelero(render)) return [];
  const findings: RawFinding[] = [];
  /** Workloads that opt a claim volume in, for the node-agent check. */
  const optedIn: string[] = [];
  for (const rendered of allObjects(render)) {
    const found = claimVolumes(rendered.object);
    if (!found || found.volumes.length === 0) continue;
    const backedUp = new Set(backedUpVolumes(found.annotations));
    const opted = found.volumes.filter((v) => backedUp.has(v.volume)).map((v) => v.volume);
    if (opted.length > 0) optedIn.push(`${objectRef(rendered.object)} (${opted.join(',')})`);
    // Backed up by CloudNativePG's barman (not Velero): covered, see the module comment.
    if (barmanArchived(rendered.object)) continue;
    const covered = new Set([...backedUp, ...excludedVolumes(found.annotations)]);
    const missing = found.volumes.filter((v) => !covered.has(v.volume));
    if (missing.length === 0) continue;
    const cnpg = isCnpgCluster(rendered.object);
    const fix = cnpg
      ? `give the database a backup (Database backup: barman-cloud into an ObjectStore), or exclude on purpose (spec.inheritedMetadata.annotations ${VOLUME_BACKUP_EXCLUDES_ANNOTATION}), or waive it in policy/waivers.yaml with the reason`
      : `opt in (the pod template's annotations: ${VOLUME_BACKUP_ANNOTATION}: ${missing.map((v) => v.volume).join(',')}; constructs/platform/volume-backup.ts), ` +
        `exclude on purpose (${VOLUME_BACKUP_EXCLUDES_ANNOTATION}), or waive it in policy/waivers.yaml with the reason`;
    findings.push({
      rule: 'render-volume-backup',
      resource: renderedResource(render.cluster, rendered),
      message:
        `${describe(rendered)}: cluster ${render.cluster} runs Velero, but ${missing.map((v) => `volume ${v.volume} (${v.source})`).join(', ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} in neither ${VOLUME_BACKUP_ANNOTATION} nor ${VOLUME_BACKUP_EXCLUDES_ANNOTATION}, so backups silently leave ${missing.length === 1 ? 'it' : 'them'} out; ` +
        fix,
    });
  }
  // The opt-in annotation is read only by the node agent: without its DaemonSet, every backup
  // reports success and holds none of these volumes' files.
  if (optedIn.length > 0 && nodeAgents(render).length === 0) {
    const shown = optedIn.slice(0, 5).join(', ') + (optedIn.length > 5 ? ` and ${optedIn.length - 5} more` : '');
    findings.push({
      rule: 'render-volume-backup',
      resource: veleroResource(render),
      message:
        `cluster ${render.cluster}: ${optedIn.length} workload${optedIn.length === 1 ? '' : 's'} opt${optedIn.length === 1 ? 's' : ''} volumes into file-system backups (${VOLUME_BACKUP_ANNOTATION}: ${shown}), ` +
        `but the Velero release renders no node-agent DaemonSet, so backups succeed without their files; turn the node agent on (the chart value deployNodeAgent: true, constructs/components/velero.ts) ` +
        `or stop opting the volumes in`,
    });
  }
  return findings;
}

function allObjects(render: ClusterRender): RenderedObject[] {
  return [...render.kustomizations.flatMap((k) => k.objects), ...render.releases.flatMap((r) => r.objects)];
}

/** `<namespace>/<name>` of an object's metadata. */
function namespacedName(object: JsonObject): string {
  const meta = isObject(object.metadata) ? object.metadata : {};
  return `${typeof meta.namespace === 'string' ? meta.namespace : ''}/${String(meta.name)}`;
}

/**
 * render-volume-unmounted over one rendered cluster (every cluster, Velero or not): a standalone
 * PersistentVolumeClaim (a rendered `PersistentVolumeClaim` object) that no rendered pod template
 * of its namespace mounts. Its data is used by nothing and no pod opts it into a backup: a leftover,
 * or a claim a workload this tree does not render mounts. Claims of StatefulSet volumeClaimTemplates
 * and of operators (CloudNativePG) are made at run time, never rendered, so they are not judged.
 */
export function unmountedClaimFindings(render: ClusterRender): RawFinding[] {
  const objects = allObjects(render);
  const mounted = new Set<string>();
  for (const rendered of objects) {
    const template = podTemplateOf(rendered.object);
    if (!template) continue;
    const meta = isObject(rendered.object.metadata) ? rendered.object.metadata : {};
    const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
    for (const v of list(template.spec.volumes)) {
      if (isObject(v.persistentVolumeClaim) && typeof v.persistentVolumeClaim.claimName === 'string') mounted.add(`${ns}/${v.persistentVolumeClaim.claimName}`);
    }
  }
  const findings: RawFinding[] = [];
  for (const rendered of objects) {
    if (rendered.object.kind !== 'PersistentVolumeClaim' || rendered.object.apiVersion !== 'v1') continue;
    if (mounted.has(namespacedName(rendered.object))) continue;
    findings.push({
      rule: 'render-volume-unmounted',
      resource: renderedResource(render.cluster, rendered),
      message:
        `${describe(rendered)}: no pod template rendered in cluster ${render.cluster} mounts this claim, so its data is used by nothing and no pod opts it into a backup ` +
        `(${VOLUME_BACKUP_ANNOTATION}); remove it if it is a leftover, mount it from the workload that owns the data, or waive it in policy/waivers.yaml with the reason (a workload this tree does not render mounts it)`,
    });
  }
  return findings;
}

/** One claim volume of a rendered workload and what backs it up (`npm run check -- --volume-backups`). */
export interface VolumeBackupRow {
  readonly cluster: string;
  /** `Kind namespace/name` of the workload (or CloudNativePG Cluster). */
  readonly workload: string;
  readonly volume: string;
  /** Where the claim comes from: `claim <name>`, `volumeClaimTemplate`, `CloudNativePG storage`. */
  readonly source: string;
  /** How its data is backed up, or why it is not. */
  readonly backup: string;
}

/**
 * Every claim volume the cluster's rendered pod templates (and CloudNativePG Clusters) mount, with
 * what backs it up: the list docs/operations.md points at instead of naming the volumes by hand.
 * Sorted by workload and volume.
 */
export function volumeBackupInventory(render: ClusterRender): VolumeBackupRow[] {
  const velero = runsVelero(render);
  const agent = nodeAgents(render).length > 0;
  const rows: VolumeBackupRow[] = [];
  for (const rendered of allObjects(render)) {
    const found = claimVolumes(rendered.object);
    if (!found) continue;
    const barman = barmanArchived(rendered.object);
    const backedUp = new Set(backedUpVolumes(found.annotations));
    const excluded = new Set(excludedVolumes(found.annotations));
    for (const v of found.volumes) {
      const backup = barman
        ? 'CloudNativePG barman-cloud'
        : backedUp.has(v.volume)
          ? !velero ? 'opted in, but the cluster runs no Velero' : agent ? 'Velero node agent (opted in)' : 'opted in, but no Velero node agent'
          : excluded.has(v.volume)
            ? 'excluded on purpose'
            : velero ? 'left out (render-volume-backup)' : 'not backed up (no Velero)';
      rows.push({ cluster: render.cluster, workload: objectRef(rendered.object), volume: v.volume, source: v.source, backup });
    }
  }
  const key = (r: VolumeBackupRow) => `${r.workload}\u0000${r.volume}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

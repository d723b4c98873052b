/**
 * render-volume-backup (policy/volume-backup.ts): in a cluster that runs Velero, a pod template that
 * mounts a PersistentVolumeClaim names each such volume in backup.velero.io/backup-volumes (backed
 * up) or backup.velero.io/backup-volumes-excludes (left out on purpose), or the finding is waived;
 * CloudNativePG Clusters that archive through barman are covered; clusters without Velero are not judged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isFailure } from '../../policy/index';
import { RULES } from '../../policy/rules';
import { barmanArchived, unmountedClaimFindings, volumeBackupFindings, volumeBackupInventory } from '../../policy/volume-backup';
import { volumeBackupAnnotations, volumeBackupExcludeAnnotations } from '../../constructs/platform/volume-backup';
import type { ClusterRender, JsonObject } from '../../render/types';
import { check } from './fixtures';

const VELERO_DS: JsonObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'node-agent', namespace: 'velero' }, spec: { template: { spec: { containers: [{ name: 'node-agent', image: 'velero/velero:v1.17.0' }] } } } };

/** A cluster render with these plain objects, plus chart releases (chart name -> objects); Velero's release when `velero`. */
function render(objects: JsonObject[], options: { velero?: boolean | JsonObject[]; releases?: Record<string, JsonObject[]> } = {}): ClusterRender {
  const velero = options.velero === false ? undefined : Array.isArray(options.velero) ? options.velero : [VELERO_DS];
  const releases = { ...(velero ? { velero } : {}), ...options.releases };
  return {
    cluster: 'c1',
    kubernetesVersion: '1.34.1',
    kustomizations: [{ name: 'apps', namespace: 'flux-system', dependsOn: [], wait: true, healthChecks: [], path: './apps', objects: objects.map((o) => ({ object: o, origin: { file: 'gitops/clusters/c1/apps/x.yaml', kustomization: 'apps' } })) }],
    releases: Object.entries(releases).map(([chart, list]) => ({
      name: chart,
      namespace: chart,
      targetNamespace: chart,
      kustomization: 'infra-services',
      dependsOn: [],
      wait: true,
      chart: { name: chart, version: '1.0.0', source: 'x' },
      values: {},
      objects: list.map((o) => ({ object: o, origin: { file: `helm:${chart}/${chart} templates/x.yaml`, kustomization: 'infra-services', release: `${chart}/${chart}` } })),
    })),
    bootstrapInputs: [],
  };
}

const CONTAINER = { name: 'app', image: 'example/app:1.0.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] };

function deployment(annotations?: Record<string, string>, volumes: JsonObject[] = [{ name: 'data', persistentVolumeClaim: { claimName: 'app-data' } }]): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'team-a' },
    spec: { template: { metadata: annotations ? { annotations } : {}, spec: { containers: [CONTAINER], volumes } } },
  };
}

function statefulSet(annotations?: Record<string, string>): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'team-a' },
    spec: {
      serviceName: 'db',
      template: { metadata: annotations ? { annotations } : {}, spec: { containers: [CONTAINER], volumes: [{ name: 'tmp', emptyDir: {} }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

function cnpgCluster(spec: JsonObject = {}): JsonObject {
  return { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: 'team-a' }, spec: { instances: 1, storage: { size: '5Gi' }, ...spec } };
}

const BARMAN_PLUGIN = { plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'pg-store' } }] };

describe('render-volume-backup', () => {
  it('is an error rule', () => {
    expect(RULES['render-volume-backup'].severity).toBe('error');
  });

  it('flags a Deployment that mounts a PersistentVolumeClaim without the backup annotation, naming the volume and the fixes', () => {
    const findings = volumeBackupFindings(render([deployment()]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'render-volume-backup', resource: 'c1:ks apps:Deployment/team-a/app' });
    expect(findings[0]!.message).toContain('volume data (claim app-data)');
    expect(findings[0]!.message).toContain('backup.velero.io/backup-volumes: data');
    expect(findings[0]!.message).toContain('backup.velero.io/backup-volumes-excludes');
    expect(findings[0]!.message).toContain('policy/waivers.yaml');
  });

  it('passes a Deployment that opts the volume in', () => {
    expect(volumeBackupFindings(render([deployment(volumeBackupAnnotations(['data']))]))).toEqual([]);
  });

  it('flags only the claim volumes the annotation leaves out (a typo in the list is a miss)', () => {
    const volumes = [
      { name: 'data', persistentVolumeClaim: { claimName: 'app-data' } },
      { name: 'uploads', persistentVolumeClaim: { claimName: 'app-uploads' } },
      { name: 'cache', emptyDir: {} },
    ];
    const findings = volumeBackupFindings(render([deployment(volumeBackupAnnotations(['data', 'upload']), volumes)]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('volume uploads (claim app-uploads)');
    expect(findings[0]!.message).not.toContain('volume data');
    expect(findings[0]!.message).not.toContain('cache');
  });

  it('ignores pods without claim volumes (emptyDir, configMap, generic ephemeral volumes)', () => {
    const volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'x' } }, { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }];
    expect(volumeBackupFindings(render([deployment(undefined, volumes)]))).toEqual([]);
  });

  it("counts a StatefulSet's volumeClaimTemplates by their template name", () => {
    const findings = volumeBackupFindings(render([statefulSet()]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('volume data (volumeClaimTemplate)');
    expect(volumeBackupFindings(render([statefulSet(volumeBackupAnnotations(['data']))]))).toEqual([]);
  });

  it('accepts a volume excluded explicitly with backup.velero.io/backup-volumes-excludes', () => {
    expect(volumeBackupFindings(render([deployment(volumeBackupExcludeAnnotations(['data']))]))).toEqual([]);
    expect(volumeBackupFindings(render([statefulSet(volumeBackupExcludeAnnotations(['data']))]))).toEqual([]);
  });

  it('judges the pods Helm charts render and CronJob pod templates', () => {
    const cronJob: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'dump', namespace: 'tools' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [CONTAINER], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'dumps' } }] } } } } },
    };
    const findings = volumeBackupFindings(render([], { releases: { tools: [cronJob, statefulSet()] } }));
    expect(findings.map((f) => f.resource)).toEqual(['c1:helm tools/tools:CronJob/tools/dump', 'c1:helm tools/tools:StatefulSet/team-a/db']);
  });

  it('does not judge a cluster that does not run Velero', () => {
    expect(volumeBackupFindings(render([deployment(), statefulSet(), cnpgCluster()], { velero: false }))).toEqual([]);
  });

  it('counts a CloudNativePG Cluster that archives through barman as covered, and flags one without a backup', () => {
    expect(barmanArchived(cnpgCluster(BARMAN_PLUGIN))).toMatch(/barman-cloud/);
    expect(barmanArchived(cnpgCluster({ backup: { barmanObjectStore: { destinationPath: 's3://b/p' } } }))).toMatch(/barmanObjectStore/);
    expect(volumeBackupFindings(render([cnpgCluster(BARMAN_PLUGIN)]))).toEqual([]);
    const findings = volumeBackupFindings(render([cnpgCluster({ walStorage: { size: '1Gi' } })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.resource).toBe('c1:ks apps:Cluster/team-a/pg');
    expect(findings[0]!.message).toContain('volume pgdata (CloudNativePG storage), volume pg-wal (CloudNativePG walStorage)');
    expect(findings[0]!.message).toContain('give the database a backup');
    // Excluded on purpose through the annotations the operator copies to its pods.
    const excluded = cnpgCluster({ inheritedMetadata: { annotations: volumeBackupExcludeAnnotations(['pgdata']) } });
    expect(volumeBackupFindings(render([excluded]))).toEqual([]);
  });

  it('a waiver in policy/waivers.yaml with a reason accepts the finding (the check does not fail)', () => {
    const renderFindings = volumeBackupFindings(render([deployment()]));
    const reason = 'scratch space the job rebuilds on start';
    const findings = check({ renderFindings, waivers: [{ rule: 'render-volume-backup', resource: 'c1:ks apps:Deployment/team-a/app', reason }] });
    const mine = findings.filter((f) => f.rule === 'render-volume-backup');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ severity: 'error', waived: { reason } });
    expect(mine.some(isFailure)).toBe(false);
  });

  it('flags the Velero release when a volume is opted in but the release renders no node-agent DaemonSet (deployNodeAgent off)', () => {
    const server: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'velero', namespace: 'velero' }, spec: { template: { spec: { containers: [{ name: 'velero', image: 'velero/velero:v1.17.0' }] } } } };
    const findings = volumeBackupFindings(render([deployment(volumeBackupAnnotations(['data'])), statefulSet(volumeBackupAnnotations(['data']))], { velero: [server] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'render-volume-backup', resource: 'c1:helm velero/velero' });
    expect(findings[0]!.message).toContain('2 workloads opt volumes into file-system backups');
    expect(findings[0]!.message).toContain('Deployment team-a/app (data), StatefulSet team-a/db (data)');
    expect(findings[0]!.message).toContain('deployNodeAgent');
    // The node agent rendered: nothing to say; nothing opted in (only excluded): the node agent is not needed.
    expect(volumeBackupFindings(render([deployment(volumeBackupAnnotations(['data']))]))).toEqual([]);
    expect(volumeBackupFindings(render([deployment(volumeBackupExcludeAnnotations(['data']))], { velero: [server] }))).toEqual([]);
  });
});

describe('render-volume-unmounted', () => {
  const claim = (name: string, namespace = 'team-a'): JsonObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });

  it('is a warning rule', () => {
    expect(RULES['render-volume-unmounted'].severity).toBe('warning');
  });

  it('warns about a standalone claim no rendered pod template of its namespace mounts, in any cluster', () => {
    const objects = [claim('app-data'), claim('orphan'), claim('app-data', 'team-b'), deployment()];
    const findings = unmountedClaimFindings(render(objects, { velero: false }));
    expect(findings.map((f) => f.resource)).toEqual(['c1:ks apps:PersistentVolumeClaim/team-a/orphan', 'c1:ks apps:PersistentVolumeClaim/team-b/app-data']);
    expect(findings[0]).toMatchObject({ rule: 'render-volume-unmounted' });
    expect(findings[0]!.message).toContain('no pod template rendered in cluster c1 mounts this claim');
    expect(findings[0]!.message).toContain('policy/waivers.yaml');
  });

  it('counts mounts from chart output and CronJobs; StatefulSet and CloudNativePG claims are not rendered objects and are not judged', () => {
    const cronJob: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'dump', namespace: 'tools' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [CONTAINER], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'dumps' } }] } } } } },
    };
    expect(unmountedClaimFindings(render([claim('dumps', 'tools'), statefulSet(), cnpgCluster()], { releases: { tools: [cronJob] } }))).toEqual([]);
  });
});

describe('volumeBackupInventory (npm run check -- --volume-backups)', () => {
  it('lists every claim volume of the rendered workloads with what backs it up, sorted by workload and volume', () => {
    const volumes = [
      { name: 'uploads', persistentVolumeClaim: { claimName: 'app-uploads' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'app-data' } },
      { name: 'cache', persistentVolumeClaim: { claimName: 'app-cache' } },
    ];
    const app = deployment({ ...volumeBackupAnnotations(['data']), ...volumeBackupExcludeAnnotations(['cache']) }, volumes);
    const rows = volumeBackupInventory(render([statefulSet(), app, cnpgCluster(BARMAN_PLUGIN)]));
    expect(rows.map((r) => [r.workload, r.volume, r.source, r.backup])).toEqual([
      ['Cluster team-a/pg', 'pgdata', 'CloudNativePG storage', 'CloudNativePG barman-cloud'],
      ['Deployment team-a/app', 'cache', 'claim app-cache', 'excluded on purpose'],
      ['Deployment team-a/app', 'data', 'claim app-data', 'Velero node agent (opted in)'],
      ['Deployment team-a/app', 'uploads', 'claim app-uploads', 'left out (render-volume-backup)'],
      ['StatefulSet team-a/db', 'data', 'volumeClaimTemplate', 'left out (render-volume-backup)'],
    ]);
    expect(rows.every((r) => r.cluster === 'c1')).toBe(true);
  });

  it('says when an opted-in volume has no node agent or no Velero to copy it', () => {
    const app = deployment(volumeBackupAnnotations(['data']));
    expect(volumeBackupInventory(render([app], { velero: [] }))[0]!.backup).toBe('opted in, but no Velero node agent');
    expect(volumeBackupInventory(render([app], { velero: false }))[0]!.backup).toBe('opted in, but the cluster runs no Velero');
    expect(volumeBackupInventory(render([deployment()], { velero: false }))[0]!.backup).toBe('not backed up (no Velero)');
  });
});

describe('docs/operations.md on volume backups', () => {
  it('points at the listing npm run check prints instead of naming the backed-up volumes by hand', () => {
    const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const usage = readFileSync(new URL('../../cli/check.ts', import.meta.url), 'utf8');
    expect(operations).toContain('npm run check -- --volume-backups');
    expect(usage).toMatch(/const USAGE = .*\[--volume-backups\]/);
    expect(operations).not.toMatch(/Volumes opted in today/);
  });
});

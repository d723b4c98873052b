import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { StatefulApp, type StatefulAppProps } from '../../../constructs/apps';
import { schemaErrors, schemasAvailable, SKIP_MESSAGE } from '../tenancy/schema-validation';
import { restrictedViolations } from './pod-security';

type Manifest = Record<string, any>;

/** The prod example: the official postgres image, which runs as uid 999. */
const POSTGRES: StatefulAppProps = {
  tenant: 'team-b',
  image: 'docker.io/library/postgres:17.6',
  port: 5432,
  storageGb: 20,
  runAsUser: 999,
  dataMountPath: '/var/lib/postgresql/data',
  writablePaths: ['/tmp', '/var/run/postgresql'],
  env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD: { secretKeyRef: { name: 'ledger-credentials', key: 'password' } } },
  envFrom: [{ configMapRef: { name: 'ledger-settings' } }],
};

function synth(props: Partial<StatefulAppProps> = {}, id = 'ledger'): Manifest[] {
  const chart = Testing.chart();
  new StatefulApp(chart, id, { ...POSTGRES, ...props });
  return Testing.synth(chart) as Manifest[];
}

const find = (out: Manifest[], kind: string, name: string) => out.find((m) => m.kind === kind && m.metadata.name === name)!;

describe('StatefulApp', () => {
  const out = synth();
  const sts = find(out, 'StatefulSet', 'ledger');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  it('creates a headless Service, a client Service and a StatefulSet in the tenant namespace', () => {
    expect(out.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'Service/team-b/ledger-headless',
      'Service/team-b/ledger',
      'StatefulSet/team-b/ledger',
    ]);
  });

  it('governs the StatefulSet with the headless Service; both Services select its pods', () => {
    const labels = { 'app.kubernetes.io/name': 'ledger' };
    expect(sts.spec.serviceName).toBe('ledger-headless');
    expect(sts.spec.selector).toEqual({ matchLabels: labels });
    expect(sts.spec.template.metadata.labels).toEqual(labels);
    const headless = find(out, 'Service', 'ledger-headless').spec;
    expect(headless.clusterIP).toBe('None');
    expect(headless.selector).toEqual(labels);
    expect(headless.ports).toEqual([{ name: 'tcp', port: 5432, targetPort: 5432, protocol: 'TCP' }]);
    const client = find(out, 'Service', 'ledger').spec;
    expect(client).toMatchObject({ type: 'ClusterIP', selector: labels, ports: [{ name: 'tcp', port: 5432, targetPort: 5432, protocol: 'TCP' }] });
    expect(client.clusterIP).toBeUndefined();
  });

  it('claims a data volume per replica of storageGb, kept on delete and scale-down, safe from pruning', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: {
          name: 'data',
          labels: { 'app.kubernetes.io/name': 'ledger' },
          annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
        },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      },
    ]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const withClass = find(synth({ storageClassName: 'oci-bv' }), 'StatefulSet', 'ledger');
    expect(withClass.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('oci-bv');
  });

  it('runs postgres as uid 999 with a writable data dir, socket dir and /tmp on a read-only root', () => {
    expect(restrictedViolations(sts)).toEqual([]);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      fsGroup: 999,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      runAsUser: 999,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
      { name: 'rw-tmp', mountPath: '/tmp' },
      { name: 'rw-var-run-postgresql', mountPath: '/var/run/postgresql' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'rw-tmp', emptyDir: {} },
      { name: 'rw-var-run-postgresql', emptyDir: {} },
    ]);
    expect(container.env).toEqual([
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'ledger-credentials', key: 'password' } } },
    ]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'ledger-settings' } }]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('defaults to uid/gid 65532, /data and one replica', () => {
    const minimal = synth({ runAsUser: undefined, dataMountPath: undefined, writablePaths: undefined, env: undefined, envFrom: undefined, storageGb: undefined });
    const s = find(minimal, 'StatefulSet', 'ledger');
    expect(s.spec.replicas).toBe(1);
    expect(s.spec.template.spec.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 });
    expect(s.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'data', mountPath: '/data' },
      { name: 'rw-tmp', mountPath: '/tmp' },
    ]);
    expect(s.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(restrictedViolations(s)).toEqual([]);
  });

  it('sets requests, limits and TCP probes on the port', () => {
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].tcpSocket).toEqual({ port: 'tcp' });
    }
    expect(container.ports).toEqual([{ name: 'tcp', containerPort: 5432, protocol: 'TCP' }]);
  });

  it('honours runAsGroup, fsGroup and readOnlyRootFilesystem', () => {
    const s = find(synth({ runAsGroup: 1000, fsGroup: 2000, readOnlyRootFilesystem: false }), 'StatefulSet', 'ledger');
    expect(s.spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 1000, fsGroup: 2000 });
    expect(s.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(restrictedViolations(s)).toEqual([]);
  });

  describe('validation', () => {
    it.each<[Partial<StatefulAppProps>, RegExp]>([
      [{ image: 'postgres' }, /StatefulApp ledger: image must be pinned.*got "postgres"/],
      [{ image: 'postgres:latest' }, /StatefulApp ledger: image must be pinned.*got "postgres:latest"/],
      [{ storageGb: 0 }, /storageGb must be an integer from 1 to 16384, got 0/],
      [{ storageClassName: 'Fast SSD' }, /storageClassName must be a DNS label.*got "Fast SSD"/],
      [{ dataMountPath: 'data' }, /dataMountPath must be an absolute path.*got "data"/],
      [{ dataMountPath: '/' }, /dataMountPath must be an absolute path.*got "\/"/],
      [{ writablePaths: ['/var/lib/postgresql/data'] }, /writablePaths must not repeat a path or use a path the app already mounts/],
      [{ runAsUser: -1 }, /runAsUser must be an integer from 1 to 2147483647, got -1/],
      [{ name: 'a'.repeat(60) }, /StatefulApp ledger: name must be at most 54 characters \(the headless Service appends "-headless"\), got "a{60}"/],
    ])('rejects %j', (props, message) => {
      expect(() => synth(props)).toThrow(message);
    });
  });

  it.skipIf(!schemasAvailable)('every manifest is valid against the strict Kubernetes 1.31 schemas', () => {
    expect(schemaErrors(out)).toEqual([]);
    expect(schemaErrors(synth({ storageClassName: 'local-path', replicas: 3 }))).toEqual([]);
  });
  it.runIf(!schemasAvailable)('schema validation skipped', () => {
    console.warn(SKIP_MESSAGE);
  });
});

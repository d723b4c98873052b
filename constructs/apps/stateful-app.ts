import * as kplus from 'cdk8s-plus-30';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { checkDnsLabel, checkInt, fail } from '../tenancy/validate';
import { hardenedPodTemplate } from './pod-template';
import { resolveWorkload, type AppWorkloadProps } from './workload';
import { withVolumeBackup } from '../platform/volume-backup';

export interface StatefulAppProps extends AppWorkloadProps {
  /** Port the container listens on (e.g. 5432); both Services expose it under the same number. */
  readonly port: number;
  /** Size of each replica's data volume, in GiB. @default 1 */
  readonly storageGb?: number;
  /**
   * StorageClass of the data volumes. Use a class with `reclaimPolicy: Retain` for data you
   * cannot lose.
   * @default - the cluster's default StorageClass (k3s: local-path, OKE: oci-bv)
   */
  readonly storageClassName?: string;
  /**
   * Where the data volume is mounted. Images that refuse a non-empty data directory (postgres,
   * because of `lost+found`) should point their data dir at a sub-directory, e.g.
   * `env: { PGDATA: '/var/lib/postgresql/data/pgdata' }`.
   * @default '/data'
   */
  readonly dataMountPath?: string;
}

/** Default container resources of a StatefulApp. */
const DEFAULT_RESOURCES = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };
const DATA_VOLUME = 'data';
const HEADLESS_SUFFIX = '-headless';

/**
 * The `stateful-app` template: a stateful server from a pinned image (a database, a queue), in
 * its tenant's namespace. Creates:
 *
 * - `StatefulSet` `<name>`, hardened like every app (see `hardenedPodTemplate`), with one
 *   `volumeClaimTemplate` `data` (ReadWriteOnce, `storageGb`) mounted at `dataMountPath` and
 *   writable through `fsGroup`. The PVCs are kept when the StatefulSet is deleted or scaled
 *   down (`persistentVolumeClaimRetentionPolicy: Retain`) and carry
 *   `kustomize.toolkit.fluxcd.io/prune: disabled`.
 * - `Service` `<name>-headless` (clusterIP None; the StatefulSet's `serviceName`, giving each
 *   pod a stable DNS name) and `Service` `<name>` (ClusterIP, for clients).
 *
 * Example, the official postgres image (uid 999):
 * `{ image: 'docker.io/library/postgres:17.6', port: 5432, runAsUser: 999,
 *    dataMountPath: '/var/lib/postgresql/data', writablePaths: ['/tmp', '/var/run/postgresql'],
 *    env: { PGDATA: '/var/lib/postgresql/data/pgdata',
 *           POSTGRES_PASSWORD: { secretKeyRef: { name: 'ledger-credentials', key: 'password' } } } }`.
 */
export class StatefulApp extends Construct {
  /** Name of the StatefulSet and the client Service. */
  readonly name: string;
  /** Name of the headless Service that governs the StatefulSet. */
  readonly headlessServiceName: string;
  /** The StatefulSet (L1, for escape hatches). */
  readonly statefulSet: k8s.KubeStatefulSet;
  /** The ClusterIP Service clients connect to. */
  readonly service: kplus.Service;
  /** The headless Service. */
  readonly headlessService: kplus.Service;

  constructor(scope: Construct, id: string, props: StatefulAppProps) {
    super(scope, id);
    const owner = `StatefulApp ${id}`;
    const dataMountPath = props.dataMountPath ?? '/data';
    if (typeof dataMountPath !== 'string' || !/^\/[A-Za-z0-9._\-/]*[^/]$/.test(dataMountPath) || dataMountPath.split('/').includes('..')) {
      fail(owner, 'dataMountPath', dataMountPath, 'must be an absolute path other than "/" without ".." or a trailing "/"');
    }
    const app = resolveWorkload(owner, id, props, DEFAULT_RESOURCES, { paths: [dataMountPath], volumes: [DATA_VOLUME] });
    if (app.name.length > 63 - HEADLESS_SUFFIX.length) {
      fail(owner, 'name', app.name, `must be at most ${63 - HEADLESS_SUFFIX.length} characters (the headless Service appends "${HEADLESS_SUFFIX}")`);
    }
    const storageGb = checkInt(owner, 'storageGb', props.storageGb ?? 1, 1, 16384);
    if (props.storageClassName !== undefined) checkDnsLabel(owner, 'storageClassName', props.storageClassName);
    this.name = app.name;
    this.headlessServiceName = `${app.name}${HEADLESS_SUFFIX}`;
    const metadata = { name: app.name, namespace: app.namespace, labels: app.labels };

    this.headlessService = new kplus.Service(this, 'headless', {
      metadata: { ...metadata, name: this.headlessServiceName },
      clusterIP: 'None',
      ports: [{ name: 'tcp', port: app.port, targetPort: app.port, protocol: kplus.Protocol.TCP }],
    });
    this.service = new kplus.Service(this, 'service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'tcp', port: app.port, targetPort: app.port, protocol: kplus.Protocol.TCP }],
    });
    for (const service of [this.headlessService, this.service]) {
      for (const [key, value] of Object.entries(app.labels)) service.selectLabel(key, value);
    }

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata,
      spec: {
        serviceName: this.headlessServiceName,
        replicas: app.replicas,
        revisionHistoryLimit: 5,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: { ...app.labels } },
        template: withVolumeBackup(hardenedPodTemplate(app, 'tcp', [{ name: DATA_VOLUME, mountPath: dataMountPath }]), [DATA_VOLUME]),
        volumeClaimTemplates: [
          {
            metadata: {
              name: DATA_VOLUME,
              labels: { ...app.labels },
              annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
            },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: k8s.Quantity.fromString(`${storageGb}Gi`) } },
            },
          },
        ],
      },
    });
  }
}

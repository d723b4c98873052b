import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * Longhorn, replicated block storage on the nodes' disks, for k3s clusters on VPS providers (OKE
 * uses OCI block volumes instead, see OciBlockStorageClass). Its manager and CSI plugin run
 * privileged on every node (iSCSI, host mounts), so the namespace is `privileged`. The nodes need
 * `open-iscsi` with iscsid running (and `nfs-common` for RWX volumes); the VPS cluster stack installs
 * them through cloud-init on clusters that enable Longhorn (constructs/vps/cloud-init.ts). The
 * pre-upgrade checker Job is off: Flux upgrades through Helm.
 */
export class Longhorn extends Construct {
  /** Namespace of Longhorn (the chart supports only this one). */
  static readonly namespace = 'longhorn-system';
  /** Chart repository. */
  static readonly repository = 'https://charts.longhorn.io';
  /** The StorageClass the chart creates (the cluster default). */
  static readonly storageClass = 'longhorn';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    preUpgradeChecker: { jobEnabled: false },
    persistence: { defaultClass: true, defaultClassReplicaCount: 2, reclaimPolicy: 'Delete' },
    // Strings: Longhorn 1.10's settings template refuses anything else ("must be a string"); later
    // templates quote numbers themselves, so strings render the same everywhere.
    defaultSettings: { defaultReplicaCount: '2', storageMinimalAvailablePercentage: '15' },
    csi: { attacherReplicaCount: 1, provisionerReplicaCount: 1, resizerReplicaCount: 1, snapshotterReplicaCount: 1 },
    longhornUI: { replicas: 1 },
  };

  /** Values derived from the cluster: ServiceMonitor when Prometheus runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    return ctx.enabled.has('kube-prometheus-stack') ? { metrics: { serviceMonitor: { enabled: true } } } : undefined;
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Longhorn.namespace,
      podSecurity: 'privileged',
      podSecurityReason: 'Longhorn managers, engines and the CSI plugin run privileged with host mounts and iSCSI on every node',
      repository: Longhorn.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // Admission and conversion webhooks, and the CSI sidecars reaching the manager through nodes.
        { name: 'webhooks', peer: { anywhere: true }, ports: [{ port: 9501 }, { port: 9502 }, { port: 9503 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 9500 }] },
      ],
      egress: [{ name: 'apiserver-and-nodes', peer: { cidrs: PRIVATE_RANGES } }],
      releases: [{ name: 'longhorn', chart: 'longhorn', defaults: Longhorn.baseValues, values: props.values, timeout: '15m' }],
    });
  }
}

import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * Chart version of the barman-cloud plugin (`plugin-barman-cloud` from the CloudNativePG chart
 * repository). It is released on its own schedule, so it is pinned here rather than following
 * `components.cloudnative-pg.version`; Renovate updates it (renovate.json, BARMAN_CLOUD_CHART_VERSION).
 */
export const BARMAN_CLOUD_CHART_VERSION = '0.7.0';

/**
 * The CloudNativePG operator: runs PostgreSQL clusters (`postgresql.cnpg.io/v1` Cluster, see
 * Database) in any namespace, with streaming replicas, plus its barman-cloud plugin (CNPG-I), which
 * archives WAL and takes base backups to object storage for the clusters that name it in
 * `spec.plugins` (the `barmancloud.cnpg.io/v1` ObjectStore holds the bucket and credentials).
 * The operator finds the plugin by its Service in its own namespace, so both run in `cnpg-system`;
 * the plugin's chart makes the TLS certificates of that link with cert-manager.
 */
export class CloudNativePg extends Construct {
  /** Namespace of the operator and its plugins. */
  static readonly namespace = 'cnpg-system';
  /** Chart repository (the operator's and the plugin's chart). */
  static readonly repository = 'https://cloudnative-pg.github.io/charts';
  /** Name under which the barman-cloud plugin registers with the operator (Cluster `spec.plugins[].name`). */
  static readonly barmanCloudPlugin = 'barman-cloud.cloudnative-pg.io';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    crds: { create: true },
    replicaCount: 1,
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
  };

  /** Values of the barman-cloud plugin release (the ObjectStore CRD, the plugin's Deployment). */
  static readonly barmanCloudValues: Values = {
    crds: { create: true },
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
  };

  /** Values derived from the cluster: PodMonitor when Prometheus runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    return ctx.enabled.has('kube-prometheus-stack') ? { monitoring: { podMonitorEnabled: true } } : undefined;
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: CloudNativePg.namespace,
      repository: CloudNativePg.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 9443 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8080 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // The operator polls each instance manager's status endpoint, in whatever namespace it runs.
        // (It talks to the plugin, Service barman-cloud port 9090, within this namespace.)
        { name: 'instances', peer: { allNamespaces: true }, ports: [{ port: 8000 }] },
      ],
      releases: [
        { name: 'cloudnative-pg', chart: 'cloudnative-pg', defaults: CloudNativePg.baseValues, values: props.values },
        // The config's `components.cloudnative-pg.values` are the operator's; the plugin gets these.
        { name: 'plugin-barman-cloud', chart: 'plugin-barman-cloud', version: BARMAN_CLOUD_CHART_VERSION, defaults: CloudNativePg.barmanCloudValues },
      ],
    });
  }
}

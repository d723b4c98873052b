import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * The CloudNativePG operator: runs PostgreSQL clusters (`postgresql.cnpg.io/v1` Cluster, see
 * Database) in any namespace, with streaming replicas and backups to object storage.
 */
export class CloudNativePg extends Construct {
  /** Namespace of the operator. */
  static readonly namespace = 'cnpg-system';
  /** Chart repository. */
  static readonly repository = 'https://cloudnative-pg.github.io/charts';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    crds: { create: true },
    replicaCount: 1,
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
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
        { name: 'instances', peer: { allNamespaces: true }, ports: [{ port: 8000 }] },
      ],
      releases: [{ name: 'cloudnative-pg', chart: 'cloudnative-pg', defaults: CloudNativePg.baseValues, values: props.values }],
    });
  }
}

import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * The Redis operator (OT-CONTAINER-KIT / Opstree): runs Redis standalone, replication and cluster
 * setups from `redis.redis.opstreelabs.in` resources (see Cache) in any namespace.
 */
export class RedisOperator extends Construct {
  /** Namespace of the operator. */
  static readonly namespace = 'redis-operator';
  /** Chart repository. */
  static readonly repository = 'https://ot-container-kit.github.io/helm-charts/';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    // The chart's operator Deployment renders these two as the pod and container securityContext:
    // what Pod Security restricted asks (the offline render's Pod Security judge checks the pod).
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: RedisOperator.namespace,
      podSecurity: 'restricted',
      repository: RedisOperator.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [{ name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8080 }] }],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // The operator checks the Redis nodes it runs, in whatever namespace they are.
        { name: 'redis', peer: { allNamespaces: true }, ports: [{ port: 6379 }] },
      ],
      releases: [{ name: 'redis-operator', chart: 'redis-operator', defaults: RedisOperator.baseValues, values: props.values }],
    });
  }
}

import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';
import { fromIngress } from './ingress-allowances';

/**
 * Sablier: scales labelled Deployments to zero when idle and back up on the first request (the
 * ingress calls it, then shows a waiting page). Uses the Kubernetes provider, so it needs the API
 * server only; workloads opt in with the `sablier.enable` label.
 */
export class Sablier extends Construct {
  /** Namespace of the server. */
  static readonly namespace = 'sablier';
  /** Chart repository. */
  static readonly repository = 'https://sablierapp.github.io/helm-charts';
  /** Port the ingress plugins call. */
  static readonly port = 10000;

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    provider: { name: 'kubernetes' },
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
  };

  /** Values derived from the cluster: none. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Sablier.namespace,
      repository: Sablier.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: fromIngress(Sablier.port),
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [{ name: 'sablier', chart: 'sablier', defaults: Sablier.baseValues, values: props.values }],
    });
  }
}

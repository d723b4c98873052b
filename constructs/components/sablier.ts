import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';
import { fromIngress } from './ingress-allowances';

/**
 * Sablier: scales labelled Deployments to zero when idle and back up on the first request (the
 * ingress calls it, then shows a waiting page). Installed from the project's own chart
 * (sablierapp/helm-charts), which runs the Kubernetes provider (the flag is fixed in the chart's
 * Deployment), so it needs the API server only; workloads opt in with the `sablier.enable` label.
 * The chart renders `logLevel` into the configuration file it mounts.
 *
 * The chart is minimal: it sets no securityContext and has no values for one, so its pod cannot
 * pass `restricted` and the namespace is `baseline`. Its own Service is named after the release
 * (`sablier-sablier`); the Service the ingress plugins are told to call, `sablier.sablier.svc:10000`,
 * is added here and selects the same pods (`app: sablier-<release>`).
 */
export class Sablier extends Construct {
  /** Namespace of the server. */
  static readonly namespace = 'sablier';
  /** Chart repository. */
  static readonly repository = 'https://sablierapp.github.io/helm-charts';
  /** Port the ingress plugins call. */
  static readonly port = 10000;
  /** The Service in front of the server. */
  static readonly serviceName = 'sablier';
  /** Pod labels of the chart's Deployment: `app: sablier-<release name>` (release `sablier`). */
  static readonly podSelector = { app: 'sablier-sablier' } as const;

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    replicas: 1,
    logLevel: 'info',
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
      podSecurity: 'baseline',
      podSecurityReason: 'the sablier chart sets no securityContext and has no values for one (runAsNonRoot, seccomp, dropped capabilities)',
      repository: Sablier.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: fromIngress(Sablier.port),
      egress: [{ name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] }],
      releases: [{ name: 'sablier', chart: 'sablier', defaults: Sablier.baseValues, values: props.values }],
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: Sablier.serviceName, namespace: Sablier.namespace },
      spec: {
        selector: { ...Sablier.podSelector },
        ports: [{ name: 'http', port: Sablier.port, targetPort: k8s.IntOrString.fromNumber(Sablier.port), protocol: 'TCP' }],
      },
    });
  }
}

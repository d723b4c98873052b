import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/**
 * Kyverno, the policy engine: admission, background, cleanup and reports controllers. The Pod
 * Security Standards policy set it enforces is `PodSecurityPolicies` (a configs object, because it
 * needs Kyverno's CRDs). One admission replica keeps small clusters small; raise it per cluster.
 */
export class Kyverno extends Construct {
  /** Namespace of the controllers. */
  static readonly namespace = 'kyverno';
  /** Chart repository. */
  static readonly repository = 'https://kyverno.github.io/kyverno/';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    crds: { install: true },
    admissionController: {
      replicas: 1,
      container: { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '384Mi' } } },
    },
    backgroundController: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    cleanupController: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    reportsController: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    // Flux owns the policies; the chart's own policy sets stay off.
    features: { policyExceptions: { enabled: true, namespace: 'kyverno' } },
  };

  /** Values derived from the cluster: ServiceMonitors when Prometheus runs here. */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    if (!ctx.enabled.has('kube-prometheus-stack')) return undefined;
    const monitor = { serviceMonitor: { enabled: true } };
    return { admissionController: monitor, backgroundController: monitor, cleanupController: monitor, reportsController: monitor };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: Kyverno.namespace,
      repository: Kyverno.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // The API server calls the admission and cleanup webhooks.
        { name: 'webhooks', peer: { anywhere: true }, ports: [{ port: 9443 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 8000 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // Image verification and registry lookups.
        { name: 'registries', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] },
      ],
      releases: [{ name: 'kyverno', chart: 'kyverno', defaults: Kyverno.baseValues, values: props.values, timeout: '10m' }],
    });
  }
}

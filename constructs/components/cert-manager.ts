import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface CertManagerProps extends ComponentProps {}

/**
 * cert-manager (jetstack OCI chart) with its CRDs, installed first: everything that serves a webhook
 * or terminates TLS gets certificates from it. DNS-01 self-checks use public resolvers so split-horizon
 * DNS cannot stall issuance. Metrics are on; the ServiceMonitor is created with the configs (after
 * kube-prometheus-stack's CRDs exist), not by the chart.
 */
export class CertManager extends Construct {
  /** Namespace of the controller; ClusterIssuer credentials (Secrets) are read from here. */
  static readonly namespace = 'cert-manager';
  /** Chart artifact. */
  static readonly repository = 'oci://quay.io/jetstack/charts/cert-manager';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    crds: { enabled: true, keep: true },
    // No cert-manager rights aggregated into the built-in admin/edit roles: a tenant admin could
    // otherwise ask the cluster's ClusterIssuers (DNS-01 for the whole zone) for any name, platform
    // hosts included. Tenants get TLS from their Gateway listener or an Ingress (hosts fenced).
    global: { leaderElection: { namespace: 'cert-manager' }, rbac: { aggregateClusterRoles: false } },
    dns01RecursiveNameservers: '1.1.1.1:53,9.9.9.9:53',
    dns01RecursiveNameserversOnly: true,
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    webhook: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } } },
    cainjector: { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
  };

  /** Values derived from the cluster: none, cert-manager is the same everywhere. */
  static clusterValues(_ctx: ClusterContext): Values | undefined {
    return undefined;
  }

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: CertManager.namespace,
      repository: CertManager.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        // The API server calls the webhook; its source address differs per distribution.
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 10250 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 9402 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // ACME directory, DNS provider APIs and the DNS-01 self-check against public resolvers.
        {
          name: 'internet',
          peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES },
          ports: [{ port: 443 }, { port: 53, protocol: 'UDP' }, { port: 53 }],
        },
      ],
      releases: [{ name: 'cert-manager', defaults: CertManager.baseValues, values: props.values }],
    });
  }
}

import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES, ingressAddressing, primaryIngress } from './context';
import { HelmComponent } from './helm-component';

export interface IngressNginxProps extends ComponentProps {}

/**
 * ingress-nginx, opt-in only: the project retired it in March 2026 (best-effort maintenance ended),
 * so Envoy Gateway is the default. When it is the only ingress controller it claims the ingress
 * address; next to Envoy Gateway it gets whatever address the provider hands out.
 */
export class IngressNginx extends Construct {
  /** Namespace of the controller. */
  static readonly namespace = 'ingress-nginx';
  /** Chart repository. */
  static readonly repository = 'https://kubernetes.github.io/ingress-nginx';
  /** IngressClass name. */
  static readonly className = 'nginx';
  /** Secret (in this namespace) holding the default wildcard certificate. */
  static readonly certificateSecret = 'ingress-nginx-wildcard-tls';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    controller: {
      replicaCount: 2,
      ingressClassResource: { name: IngressNginx.className, enabled: true, default: false },
      ingressClass: IngressNginx.className,
      allowSnippetAnnotations: false,
      extraArgs: { 'default-ssl-certificate': `${IngressNginx.namespace}/${IngressNginx.certificateSecret}` },
      config: { 'ssl-redirect': 'true', 'hsts-include-subdomains': 'false' },
      admissionWebhooks: { certManager: { enabled: true } },
      service: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' },
      metrics: { enabled: true },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    },
  };

  /** Load balancer annotations and address, and metrics scraping when Prometheus is there. */
  static clusterValues(ctx: ClusterContext): Values {
    const addressing = ingressAddressing(ctx);
    const owner = primaryIngress(ctx) === 'ingress-nginx';
    const annotations = Object.fromEntries(
      Object.entries(addressing.annotations).filter(([key]) => owner || key.startsWith('service.beta.kubernetes.io/oci') || key.startsWith('oci.')),
    );
    return {
      controller: {
        service: {
          type: owner ? addressing.serviceType : 'LoadBalancer',
          annotations,
          ...(owner && addressing.loadBalancerIp ? { loadBalancerIP: addressing.loadBalancerIp } : {}),
          ...(owner && addressing.nodePorts ? { nodePorts: { http: addressing.nodePorts.http, https: addressing.nodePorts.https } } : {}),
        },
        metrics: { serviceMonitor: { enabled: ctx.enabled.has('kube-prometheus-stack') } },
      },
    };
  }

  constructor(scope: Construct, id: string, props: IngressNginxProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: IngressNginx.namespace,
      podSecurity: 'baseline',
      podSecurityReason: 'ingress-nginx controller binds 80/443 with NET_BIND_SERVICE; not verified against restricted (opt-in, retired project)',
      repository: IngressNginx.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'public-listeners', peer: { anywhere: true }, ports: [{ port: 80 }, { port: 443 }] },
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 8443 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 10254 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'backends', peer: { allNamespaces: true } },
      ],
      releases: [{ name: 'ingress-nginx', chart: 'ingress-nginx', defaults: IngressNginx.baseValues, values: props.values }],
    });
  }
}

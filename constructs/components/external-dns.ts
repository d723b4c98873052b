import { Construct } from 'constructs';
import { DNS_CREDENTIALS } from './acme-cluster-issuers';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

export interface ExternalDnsProps extends ComponentProps {}

/**
 * ExternalDNS publishing the hostnames of HTTPRoutes (Envoy Gateway), Ingresses (ingress-nginx) and
 * annotated Services to the cluster's DNS provider, scoped to the cluster's domain. Policy
 * `upsert-only`: it creates and updates but never deletes, because the zone is shared with
 * Terraform-managed records (apex, wildcard) and with other clusters; TXT ownership records carry the
 * cluster name so two clusters never fight over a name.
 */
export class ExternalDns extends Construct {
  /** Namespace of the controller (and of its DNS credentials Secret). */
  static readonly namespace = 'external-dns';
  /** Chart repository. */
  static readonly repository = 'https://kubernetes-sigs.github.io/external-dns/';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    policy: 'upsert-only',
    registry: 'txt',
    interval: '5m',
    triggerLoopOnEvent: true,
    logFormat: 'json',
    podSecurityContext: { runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      capabilities: { drop: ['ALL'] },
    },
    resources: { requests: { cpu: '10m', memory: '48Mi' }, limits: { memory: '128Mi' } },
  };

  /** Provider, credentials, sources and scope for one cluster. */
  static clusterValues(ctx: ClusterContext): Values {
    const sources = ['service'];
    if (ctx.enabled.has('envoy-gateway')) sources.push('gateway-httproute');
    if (ctx.enabled.has('ingress-nginx')) sources.push('ingress');
    const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    const provider =
      ctx.dns.provider === 'cloudflare'
        ? {
            provider: { name: 'cloudflare' },
            env: [secretEnv('CF_API_TOKEN', DNS_CREDENTIALS.cloudflare.secretName, 'api-token')],
            extraArgs: ctx.dns.proxied ? ['--cloudflare-proxied'] : [],
          }
        : {
            provider: { name: 'aws' },
            env: [
              secretEnv('AWS_ACCESS_KEY_ID', DNS_CREDENTIALS.route53.secretName, 'access-key-id'),
              secretEnv('AWS_SECRET_ACCESS_KEY', DNS_CREDENTIALS.route53.secretName, 'secret-access-key'),
              { name: 'AWS_DEFAULT_REGION', value: 'us-east-1' },
            ],
            extraArgs: ['--aws-zone-type=public'],
          };
    return {
      ...provider,
      sources,
      domainFilters: [ctx.domain],
      txtOwnerId: ctx.name,
      serviceMonitor: { enabled: ctx.enabled.has('kube-prometheus-stack') },
    };
  }

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: ExternalDns.namespace,
      repository: ExternalDns.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [{ name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 7979 }] }],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'dns-provider-api', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] },
      ],
      releases: [{ name: 'external-dns', chart: 'external-dns', defaults: ExternalDns.baseValues, values: props.values }],
    });
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';
import type { IngressAddressing } from './context';
import { WildcardCertificate } from './wildcard-certificate';

export interface PlatformGatewayProps {
  /** Namespace of the Gateway, its proxies, its EnvoyProxy settings and its certificate. */
  readonly namespace: string;
  /** GatewayClass the Gateway uses (its EnvoyProxy has the same name). */
  readonly gatewayClassName: string;
  /** The cluster domain: the HTTPS listener serves `*.<domain>`. */
  readonly domain: string;
  /**
   * Sub-domains of `domain` whose wildcard the certificate also covers (tenant services at
   * `<service>.<tenant>.<domain>`); the `*.<domain>` listener already matches their hosts.
   * @default - none
   */
  readonly extraWildcards?: readonly string[];
  /** ClusterIssuer that signs the wildcard certificate (DNS-01, so wildcards work). */
  readonly clusterIssuer: string;
  /** How the proxy Service claims the Terraform-created address. */
  readonly addressing: IngressAddressing;
  /**
   * Envoy proxy replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Gateway name.
   * @default platform
   */
  readonly name?: string;
}

/**
 * The cluster's edge: an EnvoyProxy (the proxy Service claiming the ingress address, with fixed node
 * ports where a cloud load balancer outside the cluster targets them), a Gateway
 * with an HTTPS listener for `*.<domain>` using a cert-manager wildcard certificate and an HTTP
 * listener that only redirects to HTTPS. Routes from every namespace may attach to the HTTPS listener.
 */
export class PlatformGateway extends Construct {
  /** Gateway name, for HTTPRoute parentRefs. */
  public readonly name: string;
  /** Gateway namespace, for HTTPRoute parentRefs. */
  public readonly namespace: string;
  /** Listener name routes attach to. */
  public readonly httpsListener = 'https';
  /** Secret holding the wildcard certificate. */
  public readonly certificateSecret: string;

  constructor(scope: Construct, id: string, props: PlatformGatewayProps) {
    super(scope, id);
    this.name = props.name ?? 'platform';
    this.namespace = props.namespace;
    assertDnsLabel('Gateway name', this.name);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`PlatformGateway: replicas must be at least 1, got ${replicas}`);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.domain)) {
      throw new Error(`PlatformGateway: domain must be a DNS name, got ${JSON.stringify(props.domain)}`);
    }
    this.certificateSecret = `${this.name}-wildcard-tls`;
    const namespace = props.namespace;
    const nodePorts = props.addressing.nodePorts;
    const wildcard = `*.${props.domain}`;

    new ApiObject(this, 'EnvoyProxy', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: props.gatewayClassName, namespace },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            envoyDeployment: {
              replicas,
              container: { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
            },
            envoyService: {
              type: props.addressing.serviceType,
              // Cluster, not Local: the cloud load balancer may hand a connection to any node.
              externalTrafficPolicy: 'Cluster',
              annotations: Object.keys(props.addressing.annotations).length ? { ...props.addressing.annotations } : undefined,
              loadBalancerIP: props.addressing.loadBalancerIp,
              patch: nodePorts
                ? {
                    type: 'StrategicMerge',
                    value: {
                      spec: {
                        ports: [
                          { port: 80, protocol: 'TCP', nodePort: nodePorts.http },
                          { port: 443, protocol: 'TCP', nodePort: nodePorts.https },
                        ],
                      },
                    },
                  }
                : undefined,
            },
          },
        },
      },
    });

    new WildcardCertificate(this, 'Certificate', {
      name: `${this.name}-wildcard`,
      namespace,
      secretName: this.certificateSecret,
      domain: props.domain,
      extraWildcards: props.extraWildcards,
      clusterIssuer: props.clusterIssuer,
    });

    new ApiObject(this, 'Gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: this.name, namespace },
      spec: {
        gatewayClassName: props.gatewayClassName,
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80, hostname: wildcard, allowedRoutes: { namespaces: { from: 'Same' } } },
          {
            name: this.httpsListener,
            protocol: 'HTTPS',
            port: 443,
            hostname: wildcard,
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: this.certificateSecret }] },
            allowedRoutes: { namespaces: { from: 'All' } },
          },
        ],
      },
    });

    new ApiObject(this, 'Redirect', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'https-redirect', namespace },
      spec: {
        parentRefs: [{ name: this.name, sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
  }
}

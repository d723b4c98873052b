import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MAX_TENANTS } from '../../config/rules';
import { TENANT_LABEL } from '../tenancy/tenant';
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
   * Tenant namespaces (labelled `toolkit.fluxcd.io/tenant` by `Tenant`). Each gets an HTTPS
   * listener `https-<tenant>` for `*.<tenant>.<domain>` (and a certificate for it) that only
   * routes from its own namespace may attach to; routes from tenant namespaces may not
   * attach to the shared listener, so a tenant can publish names under its own domain only and
   * never take over a platform host such as `grafana.<domain>`.
   * @default - none
   */
  readonly tenants?: readonly string[];
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
 * ports where a cloud load balancer outside the cluster targets them), a Gateway with an HTTPS
 * listener for `*.<domain>` using a cert-manager wildcard certificate, one HTTPS listener per tenant
 * for `*.<tenant>.<domain>` with a wildcard certificate of its own, and an HTTP listener that only redirects to HTTPS. Platform namespaces
 * attach to the shared HTTPS listener, each tenant namespace only to its own (Gateway API picks the
 * most specific listener hostname, so `x.<tenant>.<domain>` goes to the tenant's listener).
 */
export class PlatformGateway extends Construct {
  /** Gateway name, for HTTPRoute parentRefs. */
  public readonly name: string;
  /** Gateway namespace, for HTTPRoute parentRefs. */
  public readonly namespace: string;
  /** Listener name platform routes attach to. */
  public readonly httpsListener = 'https';

  /** Listener tenant `tenant`'s routes attach to. */
  static tenantListener(tenant: string): string {
    return `https-${tenant}`;
  }
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
    const tenants = [...new Set(props.tenants ?? [])].sort();
    for (const tenant of tenants) assertDnsLabel('Gateway tenant', tenant);
    // Gateway API allows 64 listeners; two are the shared ones (config/rules.ts checks it first).
    if (tenants.length > MAX_TENANTS) throw new Error(`PlatformGateway: at most ${MAX_TENANTS} tenants get a listener, got ${tenants.length}`);
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
      clusterIssuer: props.clusterIssuer,
    });
    // One certificate per tenant listener, naming only its hostname: no certificate is valid for
    // another listener's names, so browsers cannot reuse an HTTP/2 connection across listeners
    // (the reason Envoy Gateway otherwise falls back to HTTP/1.1 on overlapping certificates).
    const tenantSecret = (tenant: string) => `${this.name}-${tenant}-wildcard-tls`;
    for (const tenant of tenants) {
      new WildcardCertificate(this, `Certificate-${tenant}`, {
        name: `${this.name}-${tenant}-wildcard`,
        namespace,
        secretName: tenantSecret(tenant),
        domain: `${tenant}.${props.domain}`,
        includeApex: false,
        clusterIssuer: props.clusterIssuer,
      });
    }

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
            allowedRoutes: {
              namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: TENANT_LABEL, operator: 'DoesNotExist' }] } },
            },
          },
          ...tenants.map((tenant) => ({
            name: PlatformGateway.tenantListener(tenant),
            protocol: 'HTTPS',
            port: 443,
            hostname: `*.${tenant}.${props.domain}`,
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: tenantSecret(tenant) }] },
            // The immutable name label: a tenant cannot label its way into another's listener.
            allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': tenant } } } },
          })),
        ],
      },
    });

    if (tenants.length > 0) {
      // Tenant listener hostnames lie inside `*.<domain>`, which Gateway API counts as overlapping.
      // Envoy Gateway before 1.8 then offered only HTTP/1.1 on all of them; 1.8 and later keep h2
      // when the listeners' certificates share no names, as here. ALPN stays explicit so HTTP/2 does
      // not hang on that detection. HTTP/2 connection reuse across listeners cannot happen here: no
      // certificate covers another listener's names (`*.<domain>` does not cover `x.<tenant>.<domain>`).
      new ApiObject(this, 'ClientTrafficPolicy', {
        apiVersion: 'gateway.envoyproxy.io/v1alpha1',
        kind: 'ClientTrafficPolicy',
        metadata: { name: `${this.name}-alpn`, namespace },
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.name }],
          tls: { alpnProtocols: ['h2', 'http/1.1'] },
        },
      });
    }

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

import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

/** Where a route attaches: the platform Gateway (Envoy Gateway) or an IngressClass (ingress-nginx). */
export type RouteEntry =
  | {
      /** Gateway API. */
      readonly kind: 'gateway';
      /** Gateway name. */
      readonly gatewayName: string;
      /** Gateway namespace. */
      readonly gatewayNamespace: string;
      /** Listener the route attaches to. */
      readonly sectionName: string;
    }
  | {
      /** Ingress API. */
      readonly kind: 'ingress';
      /** IngressClass name. */
      readonly className: string;
    };

export interface PlatformRouteProps {
  /** Name of the route object. */
  readonly name: string;
  /** Namespace of the backend Service (the route lives next to it). */
  readonly namespace: string;
  /** Public host name, e.g. vault.dev.example.com. */
  readonly hostname: string;
  /** Backend Service name. */
  readonly service: string;
  /** Backend Service port. */
  readonly port: number;
  /** The ingress the route attaches to. */
  readonly entry: RouteEntry;
  /**
   * The backend speaks TLS: verify it against the CA in this Secret (key `ca.crt`) for this host name.
   * @default - plain HTTP to the backend
   */
  readonly backendTls?: { readonly caSecret: string; readonly hostname: string };
}

/**
 * Exposes one in-cluster Service on a public host name through the cluster's ingress: an HTTPRoute
 * on the platform Gateway's HTTPS listener (plus a BackendTLSPolicy when the backend speaks TLS), or
 * an Ingress for ingress-nginx. TLS to clients is the ingress' wildcard certificate.
 */
export class PlatformRoute extends Construct {
  constructor(scope: Construct, id: string, props: PlatformRouteProps) {
    super(scope, id);
    assertDnsLabel('route name', props.name);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) {
      throw new Error(`route ${props.name}: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    }
    const metadata = { name: props.name, namespace: props.namespace };
    if (props.entry.kind === 'gateway') {
      new ApiObject(this, 'Route', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata,
        spec: {
          parentRefs: [{ name: props.entry.gatewayName, namespace: props.entry.gatewayNamespace, sectionName: props.entry.sectionName }],
          hostnames: [props.hostname],
          rules: [{ backendRefs: [{ name: props.service, port: props.port }] }],
        },
      });
      if (props.backendTls) {
        new ApiObject(this, 'BackendTls', {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'BackendTLSPolicy',
          metadata,
          spec: {
            targetRefs: [{ group: '', kind: 'Service', name: props.service }],
            validation: {
              caCertificateRefs: [{ group: '', kind: 'Secret', name: props.backendTls.caSecret }],
              hostname: props.backendTls.hostname,
            },
          },
        });
      }
      return;
    }
    const annotations: Record<string, string> = {};
    if (props.backendTls) {
      annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
      annotations['nginx.ingress.kubernetes.io/proxy-ssl-secret'] = `${props.namespace}/${props.backendTls.caSecret}`;
      annotations['nginx.ingress.kubernetes.io/proxy-ssl-verify'] = 'on';
      annotations['nginx.ingress.kubernetes.io/proxy-ssl-name'] = props.backendTls.hostname;
    }
    new k8s.KubeIngress(this, 'Ingress', {
      metadata: { ...metadata, annotations: Object.keys(annotations).length ? annotations : undefined },
      spec: {
        ingressClassName: props.entry.className,
        tls: [{ hosts: [props.hostname] }],
        rules: [
          {
            host: props.hostname,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: props.service, port: { number: props.port } } } }] },
          },
        ],
      },
    });
  }
}

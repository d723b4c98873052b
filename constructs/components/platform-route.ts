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

/**
 * External authentication in front of a route: the ingress asks an auth service (OAuth2-Proxy)
 * about every request and lets it through only when the service answers 2xx. For UIs that have no
 * login of their own.
 */
export interface ExternalAuth {
  /** The auth service the ingress calls. */
  readonly service: { readonly name: string; readonly namespace: string; readonly port: number };
  /** ingress-nginx: path of the auth sub-request, answering 2xx (signed in) or 401, e.g. /oauth2/auth. */
  readonly checkPath: string;
  /** ingress-nginx: public URL a browser without a session is sent to, e.g. https://auth.example.com/oauth2/start. */
  readonly signInUrl: string;
  /**
   * Envoy Gateway: client request headers passed to the auth service (it always gets Host, Method,
   * Path, Content-Length and Authorization), e.g. the session cookie.
   */
  readonly requestHeaders: readonly string[];
  /** Headers of the auth service's answer copied onto the request to the backend (the signed-in user). */
  readonly responseHeaders: readonly string[];
}

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
  /**
   * Only let requests through that the auth service accepts: a SecurityPolicy with `extAuth.http`
   * (plus a ReferenceGrant in the auth service's namespace) on Envoy Gateway, the `auth-url` /
   * `auth-signin` annotations on ingress-nginx.
   * @default - no authentication at the ingress (the backend has its own login)
   */
  readonly externalAuth?: ExternalAuth;
}

/**
 * Exposes one in-cluster Service on a public host name through the cluster's ingress: an HTTPRoute
 * on the platform Gateway's HTTPS listener (plus a BackendTLSPolicy when the backend speaks TLS and
 * a SecurityPolicy when it sits behind external authentication), or an Ingress for ingress-nginx.
 * TLS to clients is the ingress' wildcard certificate.
 */
export class PlatformRoute extends Construct {
  constructor(scope: Construct, id: string, props: PlatformRouteProps) {
    super(scope, id);
    assertDnsLabel('route name', props.name);
    if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(props.hostname)) {
      throw new Error(`route ${props.name}: hostname must be a DNS name, got ${JSON.stringify(props.hostname)}`);
    }
    if (props.externalAuth) {
      const auth = props.externalAuth;
      assertDnsLabel('auth service name', auth.service.name);
      assertDnsLabel('auth service namespace', auth.service.namespace);
      if (!auth.checkPath.startsWith('/')) throw new Error(`route ${props.name}: auth checkPath must start with /, got ${JSON.stringify(auth.checkPath)}`);
      if (!/^https:\/\/[^\s?#]+$/.test(auth.signInUrl)) throw new Error(`route ${props.name}: auth signInUrl must be an https:// URL without query, got ${JSON.stringify(auth.signInUrl)}`);
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
      if (props.externalAuth) this.gatewayAuth(props, props.externalAuth);
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
    if (props.externalAuth) {
      const auth = props.externalAuth;
      // The controller resolves the auth host itself (no search path), so the name is fully qualified.
      annotations['nginx.ingress.kubernetes.io/auth-url'] = `http://${auth.service.name}.${auth.service.namespace}.svc.cluster.local:${auth.service.port}${auth.checkPath}`;
      // nginx variables, not Flux substitutions (those are ${...} only): back to the page asked for.
      annotations['nginx.ingress.kubernetes.io/auth-signin'] = `${auth.signInUrl}?rd=$scheme://$host$escaped_request_uri`;
      if (auth.responseHeaders.length) annotations['nginx.ingress.kubernetes.io/auth-response-headers'] = auth.responseHeaders.join(',');
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

  /** Envoy Gateway: a SecurityPolicy on the route calling the auth service, and the grant to reference it. */
  private gatewayAuth(props: PlatformRouteProps, auth: ExternalAuth): void {
    new ApiObject(this, 'SecurityPolicy', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: props.name }],
        extAuth: {
          // Fail closed: no answer from the auth service means no access.
          failOpen: false,
          headersToExtAuth: [...auth.requestHeaders],
          http: {
            backendRefs: [{ group: '', kind: 'Service', name: auth.service.name, namespace: auth.service.namespace, port: auth.service.port }],
            headersToBackend: auth.responseHeaders.length ? [...auth.responseHeaders] : undefined,
          },
        },
      },
    });
    if (auth.service.namespace === props.namespace) return;
    // A policy may only point at a Service in another namespace that grants it.
    new ApiObject(this, 'AuthReferenceGrant', {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: `ext-auth-${props.namespace}-${props.name}`, namespace: auth.service.namespace },
      spec: {
        from: [{ group: 'gateway.envoyproxy.io', kind: 'SecurityPolicy', namespace: props.namespace }],
        to: [{ group: '', kind: 'Service', name: auth.service.name }],
      },
    });
  }
}

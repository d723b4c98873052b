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
  /**
   * ingress-nginx: path on the protected host itself a browser without a session is sent to, e.g.
   * /oauth2/start (its session cookie is host-only, so the sign-in happens on the host it is for).
   */
  readonly signInPath: string;
  /**
   * ingress-nginx: the auth service's own paths (sign-in, callback, sign-out), routed to it on the
   * protected host without the auth check, e.g. /oauth2. (Envoy Gateway sends every path to the
   * auth service anyway.)
   */
  readonly proxyPrefix: string;
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
  /**
   * Only clients from these ranges get through (the admin ranges): a SecurityPolicy with
   * `authorization` (default Deny, one Allow rule on `principal.clientCIDRs`) on Envoy Gateway, the
   * `whitelist-source-range` annotation on ingress-nginx. The ingress judges the address it sees,
   * which is the client's only where the load balancer passes it on (docs/security.md).
   * @default - any client
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * Path prefixes the route serves (Gateway API `PathPrefix` matches, Ingress `Prefix` paths); a
   * longer prefix on another route of the same host wins, so an admin part of a UI can get a route
   * (and a fence) of its own.
   * @default ['/']
   */
  readonly paths?: readonly string[];
}

/**
 * Exposes one in-cluster Service on a public host name through the cluster's ingress: an HTTPRoute
 * on the platform Gateway's HTTPS listener (plus a BackendTLSPolicy when the backend speaks TLS and
 * a SecurityPolicy when it sits behind external authentication or admits only some client ranges),
 * or an Ingress for ingress-nginx (with a second Ingress for the auth service's own paths).
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
      for (const [field, path] of [['checkPath', auth.checkPath], ['signInPath', auth.signInPath], ['proxyPrefix', auth.proxyPrefix]] as const) {
        if (!/^\/[^\s?#]*$/.test(path)) throw new Error(`route ${props.name}: auth ${field} must be a path starting with / (no query), got ${JSON.stringify(path)}`);
      }
    }
    const cidrs = props.allowedCidrs;
    if (cidrs !== undefined) {
      if (cidrs.length === 0) throw new Error(`route ${props.name}: allowedCidrs is empty, which would admit nobody; leave the route out instead`);
      for (const cidr of cidrs) {
        if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) throw new Error(`route ${props.name}: allowedCidrs must be CIDR blocks, got ${JSON.stringify(cidr)}`);
      }
    }
    const paths = props.paths ?? ['/'];
    if (paths.length === 0) throw new Error(`route ${props.name}: paths is empty`);
    for (const path of paths) {
      if (!/^\/[^\s?#]*$/.test(path)) throw new Error(`route ${props.name}: paths must start with / (no query), got ${JSON.stringify(path)}`);
    }
    const metadata = { name: props.name, namespace: props.namespace };
    if (props.entry.kind === 'gateway') {
      const backendRefs = [{ name: props.service, port: props.port }];
      new ApiObject(this, 'Route', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata,
        spec: {
          parentRefs: [{ name: props.entry.gatewayName, namespace: props.entry.gatewayNamespace, sectionName: props.entry.sectionName }],
          hostnames: [props.hostname],
          rules: [props.paths ? { matches: paths.map((value) => ({ path: { type: 'PathPrefix', value } })), backendRefs } : { backendRefs }],
        },
      });
      if (props.externalAuth || cidrs) this.gatewayPolicy(props, props.externalAuth, cidrs);
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
      // Sign-in on this host (its cookie is host-only), then back to the page asked for (a path:
      // nginx's $escaped_request_uri, not a Flux substitution, which is ${...} only).
      annotations['nginx.ingress.kubernetes.io/auth-signin'] = `https://$host${auth.signInPath}?rd=$escaped_request_uri`;
      if (auth.responseHeaders.length) annotations['nginx.ingress.kubernetes.io/auth-response-headers'] = auth.responseHeaders.join(',');
    }
    if (cidrs) annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] = cidrs.join(',');
    const ingress = (id: string, name: string, namespace: string, prefixes: readonly string[], service: { name: string; port: number }, extra?: Record<string, string>) =>
      new k8s.KubeIngress(this, id, {
        metadata: { name, namespace, annotations: extra && Object.keys(extra).length ? extra : undefined },
        spec: {
          ingressClassName: (props.entry as { className: string }).className,
          tls: [{ hosts: [props.hostname] }],
          rules: [
            {
              host: props.hostname,
              http: { paths: prefixes.map((path) => ({ path, pathType: 'Prefix', backend: { service: { name: service.name, port: { number: service.port } } } })) },
            },
          ],
        },
      });
    ingress('Ingress', props.name, props.namespace, paths, { name: props.service, port: props.port }, annotations);
    if (props.externalAuth) {
      // The proxy's own paths on this host, without the auth check (an Ingress has one set of
      // annotations), next to the proxy's Service: sign-in, callback and sign-out happen here.
      const auth = props.externalAuth;
      ingress('AuthPaths', `${props.name}-${props.namespace}-auth`, auth.service.namespace, [auth.proxyPrefix], auth.service, cidrs ? { 'nginx.ingress.kubernetes.io/whitelist-source-range': cidrs.join(',') } : undefined);
    }
  }

  /**
   * Envoy Gateway: one SecurityPolicy on the route (a route takes one) calling the auth service
   * and/or admitting only the allowed ranges, and the grant to reference the auth service.
   */
  private gatewayPolicy(props: PlatformRouteProps, auth: ExternalAuth | undefined, cidrs: readonly string[] | undefined): void {
    new ApiObject(this, 'SecurityPolicy', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: props.name }],
        ...(auth
          ? {
              extAuth: {
                // Fail closed: no answer from the auth service means no access.
                failOpen: false,
                headersToExtAuth: [...auth.requestHeaders],
                http: {
                  backendRefs: [{ group: '', kind: 'Service', name: auth.service.name, namespace: auth.service.namespace, port: auth.service.port }],
                  headersToBackend: auth.responseHeaders.length ? [...auth.responseHeaders] : undefined,
                },
              },
            }
          : {}),
        ...(cidrs
          ? {
              // Deny unless the client address (as Envoy sees it: see ClientTrafficPolicy clientIPDetection) is an admin range.
              authorization: { defaultAction: 'Deny', rules: [{ name: 'admin-ranges', action: 'Allow', principal: { clientCIDRs: [...cidrs] } }] },
            }
          : {}),
      },
    });
    if (!auth || auth.service.namespace === props.namespace) return;
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

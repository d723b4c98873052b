import { Construct } from 'constructs';
import { NamespaceNetworkPolicies } from '../platform/namespace-network-policies';

/** A backend namespace ingress-nginx's controller must reach, on its container ports. */
export interface IngressNginxBackend {
  /** Namespace of the backend (its default deny lives in the component's shared base). */
  readonly namespace: string;
  /** Container ports the controller connects to, each with the name of its allowance. */
  readonly ports: readonly { readonly name: string; readonly port: number }[];
  /**
   * Egress from this namespace to the controller's pods (port 443): OAuth2-Proxy reaching its
   * issuer at a public name that resolves to the ingress address inside the cluster.
   * @default false
   */
  readonly egressToController?: boolean;
}

export interface IngressNginxAllowancesProps {
  /** Namespace of the ingress-nginx controller. */
  readonly controllerNamespace: string;
  /** The enabled backends of this cluster that ingress-nginx routes to. */
  readonly backends: readonly IngressNginxBackend[];
}

/**
 * The NetworkPolicies that open the platform backends (Dex, Keycloak, OAuth2-Proxy, Sablier,
 * Grafana, Prometheus) to ingress-nginx. ingress-nginx is retired (March 2026) and opt-in, so the
 * shared controllers bases open their backends to Envoy Gateway only, and these allowances are
 * written into the configs overlay of the clusters that enable ingress-nginx; elsewhere no object
 * names it. No default deny here: each backend's comes from its own base.
 */
export class IngressNginxAllowances extends Construct {
  constructor(scope: Construct, id: string, props: IngressNginxAllowancesProps) {
    super(scope, id);
    const peer = { namespace: props.controllerNamespace };
    for (const backend of props.backends) {
      new NamespaceNetworkPolicies(this, backend.namespace, {
        namespace: backend.namespace,
        defaultDeny: false,
        allowSameNamespace: false,
        allowDns: false,
        ingress: backend.ports.map(({ name, port }) => ({ name, peer, ports: [{ port }] })),
        egress: backend.egressToController ? [{ name: `issuer-via-${props.controllerNamespace}`, peer, ports: [{ port: 443 }] }] : [],
      });
    }
  }
}

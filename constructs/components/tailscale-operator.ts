import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES } from './context';
import { HelmComponent } from './helm-component';

/** Secret with the operator's Tailscale OAuth client (the name and keys the chart reads). */
export const TAILSCALE_OAUTH_SECRET = { secretName: 'operator-oauth', keys: ['client_id', 'client_secret'] } as const;

/**
 * The Tailscale Kubernetes operator: exposes Services to the tailnet (`tailscale` LoadBalancer
 * class or annotations) and can proxy the API server. Its OAuth client comes from the
 * `operator-oauth` Secret; the proxies it creates run in this namespace and need NET_ADMIN, so
 * the namespace is `privileged`.
 */
export class TailscaleOperator extends Construct {
  /** Namespace of the operator and its proxies. */
  static readonly namespace = 'tailscale';
  /** Chart repository. */
  static readonly repository = 'https://pkgs.tailscale.com/helmcharts';

  /** Values no cluster differs in. */
  static readonly baseValues: Values = {
    operatorConfig: { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } } },
    apiServerProxyConfig: { mode: 'false' },
  };

  /** The operator's tailnet host name names the cluster. */
  static clusterValues(ctx: ClusterContext): Values {
    return { operatorConfig: { hostname: `${ctx.name}-operator` } };
  }

  constructor(scope: Construct, id: string, props: ComponentProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: TailscaleOperator.namespace,
      podSecurity: 'privileged',
      podSecurityReason: 'the tailnet proxies the operator creates here need NET_ADMIN and a privileged init container for IP forwarding',
      repository: TailscaleOperator.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        // Coordination server, DERP relays (HTTPS, STUN) and direct WireGuard paths.
        { name: 'tailnet', peer: { anywhere: true }, ports: [{ port: 443 }, { port: 80 }, { port: 3478, protocol: 'UDP' }, { port: 41641, protocol: 'UDP' }] },
        // Proxies forward tailnet traffic to Services in any namespace.
        { name: 'proxied-services', peer: { allNamespaces: true } },
      ],
      releases: [{ name: 'tailscale-operator', chart: 'tailscale-operator', defaults: TailscaleOperator.baseValues, values: props.values }],
    });
  }
}

import { Construct } from 'constructs';
import type { ClusterContext, ComponentProps, Values } from './context';
import { PRIVATE_RANGES, scalesToZero } from './context';
import { HelmComponent } from './helm-component';

export interface EnvoyGatewayProps extends ComponentProps {}

/**
 * Envoy Gateway (the default ingress): the Gateway API controller and CRDs from the
 * `gateway-helm` OCI chart. The Envoy proxies it creates for the platform Gateway run in the same
 * namespace, so this namespace's policies also open the public listeners (Envoy maps ports below
 * 1024 to port + 10000 in the container) and egress to backends in every namespace.
 */
export class EnvoyGateway extends Construct {
  /** Namespace of the controller and of the proxies of Gateways it manages. */
  static readonly namespace = 'envoy-gateway-system';
  /** Chart artifact. */
  static readonly repository = 'oci://docker.io/envoyproxy/gateway-helm';
  /** The GatewayClass controller name. */
  static readonly controllerName = 'gateway.envoyproxy.io/gatewayclass-controller';

  /** Values no cluster differs in (chart defaults are already restricted-compliant). */
  static readonly baseValues: Values = {
    deployment: {
      envoyGateway: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } },
    },
  };

  /**
   * Values derived from the cluster (the proxy Service is set on the EnvoyProxy object): where an
   * application scales to zero, EnvoyPatchPolicy is switched on (SablierGatewayCluster adds the
   * Envoy cluster the Sablier Wasm plugin calls).
   */
  static clusterValues(ctx: ClusterContext): Values | undefined {
    if (!scalesToZero(ctx)) return undefined;
    return { config: { envoyGateway: { extensionApis: { enableEnvoyPatchPolicy: true } } } };
  }

  constructor(scope: Construct, id: string, props: EnvoyGatewayProps) {
    super(scope, id);
    new HelmComponent(this, 'Component', {
      namespace: EnvoyGateway.namespace,
      repository: EnvoyGateway.repository,
      version: props.version,
      defaults: props.defaults,
      ingress: [
        { name: 'public-listeners', peer: { anywhere: true }, ports: [{ port: 10080 }, { port: 10443 }] },
        { name: 'webhook', peer: { anywhere: true }, ports: [{ port: 9443 }] },
        { name: 'metrics', peer: { namespace: 'monitoring' }, ports: [{ port: 19001 }] },
      ],
      egress: [
        { name: 'apiserver', peer: { cidrs: PRIVATE_RANGES }, ports: [{ port: 443 }, { port: 6443 }] },
        { name: 'backends', peer: { allNamespaces: true } },
      ],
      releases: [{ name: 'envoy-gateway', defaults: EnvoyGateway.baseValues, values: props.values }],
    });
  }
}

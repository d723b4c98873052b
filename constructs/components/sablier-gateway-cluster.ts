import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ScaleToZero } from '../applications/scale-to-zero';
import { NamespaceNetworkPolicies } from '../platform/namespace-network-policies';
import { assertDnsLabel } from '../flux/names';
import { PRIVATE_RANGES } from './context';
import { Sablier } from './sablier';

export interface SablierGatewayClusterProps {
  /** The Gateway whose Envoy proxies run the Sablier Wasm filter. */
  readonly gatewayName: string;
  /** Its namespace, which is also Envoy Gateway's (controller and proxies). */
  readonly gatewayNamespace: string;
}

/**
 * What the gateway needs before ScaleToZero policies can work: the Envoy cluster the Sablier Wasm
 * plugin dispatches its HTTP calls to. Envoy Gateway creates clusters only for route backends and
 * has no API for an extra one a Wasm filter may call, so an EnvoyPatchPolicy adds a cluster named
 * `ScaleToZero.envoyCluster` (STRICT_DNS to `sablier.sablier.svc`, port 10000). EnvoyPatchPolicy is
 * off in Envoy Gateway unless its configuration sets `extensionApis.enableEnvoyPatchPolicy`
 * (EnvoyGateway.clusterValues does so when an application scales to zero).
 *
 * Also opens HTTPS to public addresses from Envoy Gateway's namespace: its controller downloads the
 * plugin (ScaleToZero.pluginUrl, GitHub releases) and serves it to the proxies.
 */
export class SablierGatewayCluster extends Construct {
  constructor(scope: Construct, id: string, props: SablierGatewayClusterProps) {
    super(scope, id);
    assertDnsLabel('gateway', props.gatewayName);
    assertDnsLabel('gateway namespace', props.gatewayNamespace);
    const name = ScaleToZero.envoyCluster;
    new ApiObject(this, 'Patch', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyPatchPolicy',
      metadata: { name: 'sablier-cluster', namespace: props.gatewayNamespace },
      spec: {
        targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.gatewayName },
        type: 'JSONPatch',
        jsonPatches: [
          {
            type: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
            name,
            // An add at the empty path with a whole resource creates it.
            operation: {
              op: 'add',
              path: '',
              value: {
                name,
                type: 'STRICT_DNS',
                connect_timeout: '2s',
                load_assignment: {
                  cluster_name: name,
                  endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: `${Sablier.serviceName}.${Sablier.namespace}.svc.cluster.local`, port_value: Sablier.port } } } }] }],
                },
              },
            },
          },
        ],
      },
    });
    new NamespaceNetworkPolicies(this, 'Policies', {
      namespace: props.gatewayNamespace,
      defaultDeny: false,
      allowSameNamespace: false,
      allowDns: false,
      egress: [{ name: 'wasm-download', peer: { cidrs: ['0.0.0.0/0'], except: PRIVATE_RANGES }, ports: [{ port: 443 }] }],
    });
  }
}

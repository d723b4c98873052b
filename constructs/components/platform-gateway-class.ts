import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { assertDnsLabel } from '../flux/names';

export interface PlatformGatewayClassProps {
  /**
   * GatewayClass name.
   * @default platform
   */
  readonly name?: string;
  /** Gateway API controller that implements the class. */
  readonly controllerName: string;
  /** The EnvoyProxy object (same name) holding the proxy settings, and its namespace. */
  readonly parametersNamespace: string;
}

/**
 * The platform GatewayClass, pointing at an EnvoyProxy of the same name for the per-cluster proxy
 * Service settings (annotations, address). Cluster-independent: every cluster has one.
 */
export class PlatformGatewayClass extends Construct {
  /** The GatewayClass name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformGatewayClassProps) {
    super(scope, id);
    this.name = props.name ?? 'platform';
    assertDnsLabel('GatewayClass name', this.name);
    new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: this.name },
      spec: {
        controllerName: props.controllerName,
        parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: this.name, namespace: props.parametersNamespace },
      },
    });
  }
}

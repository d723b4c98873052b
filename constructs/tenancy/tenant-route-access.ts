import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { TENANT_ADMIN_AGGREGATION_LABEL } from './tenant-admin-role';

export interface TenantRouteAccessProps {
  /**
   * Name of the ClusterRole.
   * @default 'tenant-gateway-routes'
   */
  readonly name?: string;
}

/**
 * Lets tenants write their own HTTPRoutes: a ClusterRole for `gateway.networking.k8s.io`
 * HTTPRoutes that Kubernetes aggregates into the `tenant-admin` role (label
 * `platform.cheapk8s.io/aggregate-to-tenant-admin`, TenantAdminRole), which every tenant's group
 * and reconciler hold in their namespace only. `admin` knows Ingresses but not the Gateway API. Safe because the
 * platform Gateway admits a tenant's routes only on its own listener, for `*.<tenant>.<domain>`
 * (PlatformGateway); other route kinds (TCP, TLS, GRPC) stay with the platform.
 */
export class TenantRouteAccess extends Construct {
  /** Name of the ClusterRole. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: TenantRouteAccessProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'tenant-gateway-routes';
    new k8s.KubeClusterRole(this, 'role', {
      metadata: { name: this.name, labels: { [TENANT_ADMIN_AGGREGATION_LABEL]: 'true' } },
      rules: [
        {
          apiGroups: ['gateway.networking.k8s.io'],
          resources: ['httproutes'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
        },
      ],
    });
  }
}

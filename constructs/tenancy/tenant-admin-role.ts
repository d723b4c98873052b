import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';

/** Name of the ClusterRole every tenant's group and reconciler hold in their namespace (RoleBindings). */
export const TENANT_ADMIN_ROLE = 'tenant-admin';

/** Label that aggregates a ClusterRole's rules into {@link TENANT_ADMIN_ROLE} (as `aggregate-to-admin` does for `admin`). */
export const TENANT_ADMIN_AGGREGATION_LABEL = 'platform.cheapk8s.io/aggregate-to-tenant-admin';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/** A PolicyRule as data. */
export interface TenantPolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * What a tenant may do in its own namespace: Kubernetes' `admin` role (the rules of
 * system:aggregate-to-view, -edit and -admin, written out) without what would widen the tenant's
 * own fences:
 *
 * - NetworkPolicies are read-only: a tenant that could write one could allow egress to the cloud
 *   metadata address (169.254.169.254), to the nodes or to other tenants' pods, undoing the
 *   namespace's default-deny;
 * - ResourceQuota and LimitRange stay read-only (as in `admin`);
 * - the retired `extensions` group is left out;
 * - Roles and RoleBindings stay: Kubernetes refuses a binding to a role with rights its creator
 *   does not hold (the escalate/bind check), and the tenant holds neither `bind` nor `escalate`, so
 *   a tenant cannot bind `admin` (which has NetworkPolicy writes) or `cluster-admin`.
 *
 * Written out rather than aggregated from `admin`, so a right Kubernetes or a chart adds to `admin`
 * later does not reach tenants unless it is added here (policy/rbac-proof.ts checks the result).
 */
export const TENANT_ADMIN_RULES: readonly TenantPolicyRule[] = Object.freeze([
  // system:aggregate-to-view
  {
    apiGroups: [''],
    resources: [
      'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers',
      'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'bindings', 'events', 'limitranges',
      'namespaces', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status',
    ],
    verbs: READ,
  },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets',
      'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ],
    verbs: READ,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  // system:aggregate-to-edit
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], verbs: WRITE },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  {
    apiGroups: [''],
    resources: ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
    verbs: WRITE,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  // Ingresses only: NetworkPolicy writes are what `admin` has and tenants do not.
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...READ, ...WRITE] },
  // system:aggregate-to-admin
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...READ, ...WRITE] },
]);

/**
 * Flux's API groups, as Flux's own `flux-edit` and `flux-view` roles grant them to `admin`: tenants
 * write their Kustomizations, HelmReleases and sources. Safe under the multi-tenancy lockdown
 * (constructs/flux/flux-lockdown.ts): such an object runs as the ServiceAccount it names in the
 * tenant namespace, or as that namespace's `default` account (no rights), and may refer to sources
 * of its own namespace only.
 */
export const TENANT_FLUX_RULES: readonly TenantPolicyRule[] = Object.freeze([
  {
    apiGroups: ['notification.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'source.extensions.fluxcd.io', 'helm.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io'],
    resources: ['*'],
    verbs: [...READ, ...WRITE],
  },
]);

export interface TenantAdminRoleProps {
  /**
   * Name of the aggregated ClusterRole.
   * @default TENANT_ADMIN_ROLE
   */
  readonly name?: string;
}

/**
 * The role tenants hold instead of Kubernetes' `admin`: ClusterRole `tenant-admin`, aggregated (by
 * the label {@link TENANT_ADMIN_AGGREGATION_LABEL}) from `tenant-admin-namespace`
 * ({@link TENANT_ADMIN_RULES}), `tenant-admin-flux` ({@link TENANT_FLUX_RULES}) and whatever the
 * platform adds with the same label (HTTPRoutes: TenantRouteAccess). Bound per namespace by
 * `Tenant`; never in a ClusterRoleBinding.
 */
export class TenantAdminRole extends Construct {
  /** Name of the aggregated ClusterRole. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: TenantAdminRoleProps = {}) {
    super(scope, id);
    this.name = props.name ?? TENANT_ADMIN_ROLE;
    const labels = { [TENANT_ADMIN_AGGREGATION_LABEL]: 'true' };
    const copy = (rules: readonly TenantPolicyRule[]) => rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] }));
    new k8s.KubeClusterRole(this, 'role', {
      metadata: { name: this.name },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ...labels } }] },
    });
    new k8s.KubeClusterRole(this, 'namespace', { metadata: { name: `${this.name}-namespace`, labels }, rules: copy(TENANT_ADMIN_RULES) });
    new k8s.KubeClusterRole(this, 'flux', { metadata: { name: `${this.name}-flux`, labels }, rules: copy(TENANT_FLUX_RULES) });
  }
}

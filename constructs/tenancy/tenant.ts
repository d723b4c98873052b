import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { TENANT_QUOTAS, TENANT_SIZES, type TenantQuota, type TenantSize } from './sizes';
import { TENANT_ADMIN_ROLE } from './tenant-admin-role';
import { TenantNetworkPolicies } from './tenant-network-policies';
import { checkDnsLabel, checkInt, fail } from './validate';

const { k8s } = kplus;
const q = (value: string | number) => k8s.Quantity.fromString(String(value));

const RECONCILER_SUFFIX = '-reconciler';
const PSA_VERSION = /^(latest|v1\.\d{1,3})$/;
/** Namespaces a tenant must never take over (plus every `kube-*`). */
const RESERVED_NAMESPACES = ['default', 'flux-system'];

export interface TenantProps {
  /**
   * Tenant name; also the name of its namespace. A DNS label of at most 52 characters; not
   * `default`, `flux-system` or `kube-*`.
   */
  readonly name: string;
  /** Quota size; the numbers of each size are in `TENANT_QUOTAS` (sizes.ts). */
  readonly size: TenantSize;
  /**
   * Identity-provider group (as the API server sees it, e.g. an OIDC `groups` claim) bound to the
   * `tenant-admin` ClusterRole (TenantAdminRole) inside the namespace. `system:*` groups are refused.
   */
  readonly group: string;
  /**
   * Namespace of the ingress controller or Gateway API proxies, allowed to reach the tenant's pods.
   * @default 'envoy-gateway-system'
   */
  readonly ingressNamespace?: string;
  /**
   * Namespace of the monitoring stack, allowed to scrape the tenant's pods.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Pod Security Standards version the namespace labels pin (`latest` or `v1.<minor>`).
   * @default 'latest'
   */
  readonly podSecurityVersion?: string;
  /**
   * LoadBalancer Services the quota allows (`services.loadbalancers`), from 0 to 2: only for a
   * service of the tenant that needs an address of its own (the public mail ports of `TenantMail`).
   * @default 0 - tenants are reached through the shared ingress only
   */
  readonly loadBalancers?: number;
  /**
   * Node ports the quota allows (`services.nodeports`, counted per port), from 0 to 8: only for a
   * Service that a load balancer outside the cluster targets (the four public mail ports of
   * `TenantMail`, behind the tenant's mail load balancer).
   * @default 0
   */
  readonly nodePorts?: number;
}

/** Label on every tenant namespace (Flux's multi-tenancy convention); the Gateway and the admission policies select by it. */
export const TENANT_LABEL = 'toolkit.fluxcd.io/tenant';

/**
 * A tenant: one namespace, fenced in.
 *
 * - `Namespace` `<name>`: Pod Security Admission `restricted` (enforce, audit, warn), the
 *   `toolkit.fluxcd.io/tenant` label, and `kustomize.toolkit.fluxcd.io/prune: disabled` so a bad
 *   Flux prune cannot delete it (and everything in it).
 * - `ResourceQuota` `tenant-quota` and `LimitRange` `tenant-limits` from `size`; no NodePort
 *   services and no LoadBalancer services (unless `nodePorts` or `loadBalancers` allow some).
 * - `RoleBinding` `tenant-admins`: `group` -> ClusterRole `tenant-admin` (TenantAdminRole:
 *   Kubernetes' `admin` without NetworkPolicy writes, plus Flux's objects and HTTPRoutes; it
 *   cannot change the quota, the limit range, the NetworkPolicies or the namespace itself).
 * - `ServiceAccount` `<name>-reconciler` + `RoleBinding` of the same name -> ClusterRole
 *   `tenant-admin`: the identity Flux impersonates for this tenant (`serviceAccountName` of its
 *   Kustomizations and HelmReleases), so what Flux applies for the tenant stays inside the
 *   namespace. A Flux object that names no account runs as the namespace's `default` account,
 *   which has no rights (Flux's multi-tenancy lockdown, constructs/flux/flux-lockdown.ts).
 * - NetworkPolicies: see `TenantNetworkPolicies`.
 */
export class Tenant extends Construct {
  /** Name of the ServiceAccount Flux impersonates for tenant `tenant`. */
  static reconcilerName(tenant: string): string {
    return `${tenant}${RECONCILER_SUFFIX}`;
  }

  /** The tenant's namespace. */
  readonly namespaceName: string;
  /** The ServiceAccount Flux impersonates for this tenant (in `namespaceName`). */
  readonly reconcilerServiceAccountName: string;
  /** The quota applied (from `size`). */
  readonly quota: TenantQuota;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const owner = `Tenant ${id}`;
    const name = checkDnsLabel(owner, 'name', props.name, 63 - RECONCILER_SUFFIX.length);
    if (!(TENANT_SIZES as readonly string[]).includes(props.size)) {
      fail(owner, 'size', props.size, `must be one of ${TENANT_SIZES.join(', ')}`);
    }
    if (RESERVED_NAMESPACES.includes(name) || name.startsWith('kube-')) {
      fail(owner, 'name', name, `must not be a system namespace (${RESERVED_NAMESPACES.join(', ')}, kube-*)`);
    }
    if (typeof props.group !== 'string' || props.group.trim() === '' || props.group.trim() !== props.group) {
      fail(owner, 'group', props.group, 'must be a non-empty group name without surrounding spaces');
    }
    if (props.group.startsWith('system:')) {
      fail(owner, 'group', props.group, 'must not be a Kubernetes system group (system:*), which would give many identities namespace admin');
    }
    const loadBalancers = checkInt(owner, 'loadBalancers', props.loadBalancers ?? 0, 0, 2);
    const nodePorts = checkInt(owner, 'nodePorts', props.nodePorts ?? 0, 0, 8);
    const psaVersion = props.podSecurityVersion ?? 'latest';
    if (!PSA_VERSION.test(psaVersion)) {
      fail(owner, 'podSecurityVersion', psaVersion, 'must be "latest" or a Kubernetes minor version such as v1.31');
    }

    this.namespaceName = name;
    this.reconcilerServiceAccountName = Tenant.reconcilerName(name);
    this.quota = TENANT_QUOTAS[props.size];
    const namespace = name;

    const psa: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      psa[`pod-security.kubernetes.io/${mode}`] = 'restricted';
      psa[`pod-security.kubernetes.io/${mode}-version`] = psaVersion;
    }
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name,
        labels: { ...psa, [TENANT_LABEL]: name },
        annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      },
    });

    const quota = this.quota;
    new k8s.KubeResourceQuota(this, 'quota', {
      metadata: { name: 'tenant-quota', namespace },
      spec: {
        hard: {
          'requests.cpu': q(quota.requests.cpu),
          'requests.memory': q(quota.requests.memory),
          'limits.cpu': q(quota.limits.cpu),
          'limits.memory': q(quota.limits.memory),
          pods: q(quota.pods),
          persistentvolumeclaims: q(quota.persistentVolumeClaims),
          'requests.storage': q(quota.storage),
          'services.loadbalancers': q(loadBalancers),
          'services.nodeports': q(nodePorts),
        },
      },
    });

    new k8s.KubeLimitRange(this, 'limits', {
      metadata: { name: 'tenant-limits', namespace },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: q(quota.containerDefaultRequest.cpu), memory: q(quota.containerDefaultRequest.memory) },
            default: { cpu: q(quota.containerDefaultLimit.cpu), memory: q(quota.containerDefaultLimit.memory) },
            max: { cpu: q(quota.containerMax.cpu), memory: q(quota.containerMax.memory) },
          },
          { type: 'PersistentVolumeClaim', max: { storage: q(quota.storage) } },
        ],
      },
    });

    const admin = kplus.ClusterRole.fromClusterRoleName(this, 'admin-role', TENANT_ADMIN_ROLE);
    new kplus.RoleBinding(this, 'admins', {
      metadata: { name: 'tenant-admins', namespace },
      role: admin,
    }).addSubjects(kplus.Group.fromName(this, 'group', props.group));

    const reconciler = new kplus.ServiceAccount(this, 'reconciler', {
      metadata: { name: this.reconcilerServiceAccountName, namespace },
      automountToken: false,
    });
    new kplus.RoleBinding(this, 'reconciler-binding', {
      metadata: { name: this.reconcilerServiceAccountName, namespace },
      role: admin,
    }).addSubjects(reconciler);

    new TenantNetworkPolicies(this, 'network', {
      namespace,
      ingressNamespace: props.ingressNamespace,
      monitoringNamespace: props.monitoringNamespace,
    });
  }
}

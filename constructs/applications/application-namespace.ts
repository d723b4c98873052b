import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import type { PodSecurityLevel } from '../../config/pod-security-level';
import { FLUX_DEFAULTS, type FluxDefaults } from '../flux/defaults';
import { NamespaceNetworkPolicies, type TrafficRule } from '../platform/namespace-network-policies';
import { PlatformNamespace } from '../platform/platform-namespace';

export interface ApplicationNamespaceProps {
  /** Namespace name (the application's own). */
  readonly name: string;
  /**
   * Pod Security level enforced on the namespace.
   * @default restricted
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Why the namespace is not `restricted` (required when it is not).
   * @default - none
   */
  readonly podSecurityReason?: string;
  /**
   * Ingress allowances on top of default-deny, same-namespace traffic and DNS.
   * @default []
   */
  readonly ingress?: readonly TrafficRule[];
  /**
   * Egress allowances on top of default-deny, same-namespace traffic and DNS.
   * @default []
   */
  readonly egress?: readonly TrafficRule[];
  /**
   * Fleet-wide Flux settings (the name of the account HelmReleases run as).
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * The namespace of one company application: Pod Security labels (with the reason when less than
 * restricted), default-deny NetworkPolicies with the application's allowances, and the account its
 * HelmRelease runs as under Flux's lockdown. Unlike the platform components, whose charts install
 * CRDs and cluster roles, an application's chart writes only into its namespace: the account holds
 * the built-in `admin` role there, not cluster-admin.
 */
export class ApplicationNamespace extends Construct {
  /** Namespace name. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: ApplicationNamespaceProps) {
    super(scope, id);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    this.name = props.name;
    new PlatformNamespace(this, 'Namespace', { name: props.name, podSecurity: props.podSecurity, podSecurityReason: props.podSecurityReason });
    new NamespaceNetworkPolicies(this, 'NetworkPolicies', { namespace: props.name, ingress: props.ingress, egress: props.egress });
    new k8s.KubeServiceAccount(this, 'Reconciler', {
      metadata: { name: defaults.helmServiceAccount, namespace: props.name },
      automountServiceAccountToken: false,
    });
    new k8s.KubeRoleBinding(this, 'ReconcilerBinding', {
      metadata: { name: defaults.helmServiceAccount, namespace: props.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'ServiceAccount', name: defaults.helmServiceAccount, namespace: props.name }],
    });
  }
}

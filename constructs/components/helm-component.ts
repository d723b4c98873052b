import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { mergeLayers } from '../../config/merge';
import { RELEASES, type ReleaseName } from '../../config/platform-releases';
import type { PodSecurityLevel } from '../../config/pod-security-level';
import { ChartSource } from '../flux/chart-source';
import { FLUX_DEFAULTS, type FluxDefaults } from '../flux/defaults';
import { PlatformHelmRelease } from '../flux/platform-helm-release';
import { NamespaceNetworkPolicies, type TrafficRule } from '../platform/namespace-network-policies';
import { PlatformNamespace } from '../platform/platform-namespace';
import type { Values } from './context';
import { baseDependencies } from './release-dependencies';

/** One Helm release of a component. */
export interface ComponentRelease {
  /** Release (and HelmRelease) name, one of the platform's releases. */
  readonly name: ReleaseName;
  /**
   * Chart name in an https:// repository.
   * @default - unused for oci:// sources
   */
  readonly chart?: string;
  /**
   * Chart version of this release when it is not the component's: a companion chart released on
   * its own schedule (pinned in code, with a Renovate manager of its own). Cluster overlays move
   * only the releases that follow the component's version.
   * @default - the component's version
   */
  readonly version?: string;
  /** The construct's default values for this release. */
  readonly defaults: Values;
  /**
   * Values from configuration, merged over `defaults` (maps merge per key, lists are replaced).
   * @default {}
   */
  readonly values?: Values;
  /**
   * Helm timeout for slow charts.
   * @default FLUX_DEFAULTS.helmTimeout
   */
  readonly timeout?: string;
  /**
   * Do not wait for the release's workloads (see PlatformHelmRelease.skipReadinessWait).
   * @default false
   */
  readonly skipReadinessWait?: boolean;
  /**
   * Extra drift-detection exceptions (see PlatformHelmRelease.driftIgnore).
   * @default []
   */
  readonly driftIgnore?: readonly { readonly paths: readonly string[]; readonly kind: string }[];
}

export interface HelmComponentProps {
  /** Namespace the component's releases and sources live in (created here). */
  readonly namespace: string;
  /**
   * Pod Security level of the namespace.
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
  /** Chart repository (https://) or chart artifact (oci://). */
  readonly repository: string;
  /** Exact chart version of the component's releases (a release may pin its own, see ComponentRelease.version). */
  readonly version: string;
  /** The releases, in install order. */
  readonly releases: readonly ComponentRelease[];
  /**
   * Fleet-wide Flux settings.
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * The shared (cluster-independent) base of a platform component: its namespace with Pod Security
 * labels, default-deny NetworkPolicies with the component's allowances, the ServiceAccount its
 * HelmReleases run as (`platform-reconciler`, cluster-admin), the chart source, and one
 * HelmRelease per release with the base values and the dependencies every cluster has.
 */
export class HelmComponent extends Construct {
  /** The HelmRelease constructs by release name. */
  public readonly releases: ReadonlyMap<ReleaseName, PlatformHelmRelease>;

  constructor(scope: Construct, id: string, props: HelmComponentProps) {
    super(scope, id);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    if (props.releases.length === 0) throw new Error(`component in ${props.namespace} needs at least one release`);
    new PlatformNamespace(this, 'Namespace', {
      name: props.namespace,
      podSecurity: props.podSecurity,
      podSecurityReason: props.podSecurityReason,
    });
    new NamespaceNetworkPolicies(this, 'NetworkPolicies', { namespace: props.namespace, ingress: props.ingress, egress: props.egress });
    // The account helm-controller runs this namespace's HelmReleases as (their serviceAccountName):
    // under Flux's multi-tenancy lockdown a HelmRelease without one runs as `default`, which has no
    // rights. Charts install CRDs, ClusterRoles and webhooks, so it holds cluster-admin, as
    // helm-controller's own account does; no pod mounts it (no token is automounted).
    new k8s.KubeServiceAccount(this, 'Reconciler', {
      metadata: { name: defaults.helmServiceAccount, namespace: props.namespace },
      automountServiceAccountToken: false,
    });
    new k8s.KubeClusterRoleBinding(this, 'ReconcilerBinding', {
      metadata: { name: `${defaults.helmServiceAccount}-${props.namespace}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: defaults.helmServiceAccount, namespace: props.namespace }],
    });
    const oci = props.repository.startsWith('oci://');
    const releases = new Map<ReleaseName, PlatformHelmRelease>();
    // An OCI artifact is one chart, so each release gets its own source; a Helm repository is shared.
    const shared = oci ? undefined : new ChartSource(this, 'Source', { name: props.namespace, namespace: props.namespace, url: props.repository, defaults });
    for (const release of props.releases) {
      if (RELEASES[release.name].namespace !== props.namespace) {
        throw new Error(`release ${release.name} belongs in namespace ${RELEASES[release.name].namespace}, not ${props.namespace}`);
      }
      const version = release.version ?? props.version;
      const source =
        shared ?? new ChartSource(this, `${release.name}-source`, { name: release.name, namespace: props.namespace, url: props.repository, version, defaults });
      releases.set(
        release.name,
        new PlatformHelmRelease(this, release.name, {
          name: release.name,
          namespace: props.namespace,
          source,
          chart: release.chart,
          version,
          values: mergeLayers<Values>(release.defaults, release.values ?? {}),
          dependsOn: baseDependencies(release.name),
          timeout: release.timeout,
          skipReadinessWait: release.skipReadinessWait,
          driftIgnore: release.driftIgnore,
          defaults,
        }),
      );
    }
    this.releases = releases;
  }
}

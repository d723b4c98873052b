import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartRefKind,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecDriftDetectionMode,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecUpgradeCrds,
  HelmReleaseSpecUpgradeRemediationStrategy,
  type HelmReleaseSpec,
} from '../../imports/flux-helm-helm.toolkit.fluxcd.io';
import type { ChartSource } from './chart-source';
import { FLUX_DEFAULTS, type FluxDefaults } from './defaults';
import { assertDnsLabel, assertDuration, assertExactVersion, type ObjectRef } from './names';

export interface PlatformHelmReleaseProps {
  /** metadata.name of the HelmRelease (and the Helm release name unless `releaseName` is set). */
  readonly name: string;
  /** Namespace of the HelmRelease; the chart is installed into it. */
  readonly namespace: string;
  /** Where the chart comes from. */
  readonly source: ChartSource;
  /**
   * Chart name inside an https:// repository.
   * @default - required for HelmRepository sources; unused for OCIRepository sources (one chart per artifact)
   */
  readonly chart?: string;
  /** Exact chart version (for an OCI source it must equal the source's tag). */
  readonly version: string;
  /**
   * Helm values (the base tier; cluster overlays patch `spec.values`).
   * @default {}
   */
  readonly values?: Record<string, unknown>;
  /**
   * HelmReleases that must be ready before this one is installed or upgraded.
   * @default []
   */
  readonly dependsOn?: readonly ObjectRef[];
  /**
   * Helm release name.
   * @default - the HelmRelease name
   */
  readonly releaseName?: string;
  /**
   * Helm install/upgrade timeout, for charts that take long to become ready.
   * @default FLUX_DEFAULTS.helmTimeout
   */
  readonly timeout?: string;
  /**
   * Extra drift-detection exceptions for fields this chart's own controllers rewrite.
   * @default []
   */
  readonly driftIgnore?: readonly { readonly paths: readonly string[]; readonly kind: string }[];
  /**
   * Let Helm report success without waiting for the workloads to become ready. Only for charts
   * whose pods need something the configs layer creates later (Vault waits for its TLS Secret),
   * which would otherwise deadlock the controllers layer.
   * @default false
   */
  readonly skipReadinessWait?: boolean;
  /**
   * Fleet-wide Flux settings (intervals, retries, remediation, drift-detection exceptions).
   * @default FLUX_DEFAULTS
   */
  readonly defaults?: FluxDefaults;
}

/**
 * A Flux HelmRelease with the fleet's release policy: pinned chart version, CRDs created and
 * replaced on install and upgrade, install retries, upgrade rollback with retries and cleanup,
 * drift detection enabled (ignoring fields other controllers own) and bounded history.
 */
export class PlatformHelmRelease extends Construct {
  /** Reference for other releases' `dependsOn`. */
  public readonly ref: ObjectRef;

  constructor(scope: Construct, id: string, props: PlatformHelmReleaseProps) {
    super(scope, id);
    assertDnsLabel('HelmRelease name', props.name);
    assertDnsLabel('HelmRelease namespace', props.namespace);
    assertExactVersion(`HelmRelease ${props.name} chart version`, props.version);
    const defaults = props.defaults ?? FLUX_DEFAULTS;
    const timeout = props.timeout ?? defaults.helmTimeout;
    assertDuration(`HelmRelease ${props.name} timeout`, timeout);
    for (const dependency of props.dependsOn ?? []) {
      if (dependency.name === props.name && dependency.namespace === props.namespace) {
        throw new Error(`HelmRelease ${props.namespace}/${props.name} cannot depend on itself`);
      }
    }
    this.ref = { name: props.name, namespace: props.namespace };

    const source = props.source;
    let chartFields: Pick<HelmReleaseSpec, 'chart' | 'chartRef'>;
    if (source.kind === 'OCIRepository') {
      if (source.version !== props.version) {
        throw new Error(`HelmRelease ${props.name}: version ${props.version} differs from its OCI source tag ${source.version}`);
      }
      chartFields = { chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name: source.name, namespace: source.namespace } };
    } else {
      if (!props.chart) throw new Error(`HelmRelease ${props.name}: a HelmRepository source needs chart (the chart name)`);
      chartFields = {
        chart: {
          spec: {
            chart: props.chart,
            version: props.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: source.name, namespace: source.namespace },
            interval: defaults.sourceInterval,
          },
        },
      };
    }

    const dependsOn = [...(props.dependsOn ?? [])]
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
      .map((d) => ({ name: d.name, namespace: d.namespace }));

    new HelmRelease(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        ...chartFields,
        interval: defaults.helmReleaseInterval,
        timeout,
        releaseName: props.releaseName,
        // The namespace's platform account (HelmComponent creates it, bound to cluster-admin): under
        // the multi-tenancy lockdown a HelmRelease without serviceAccountName runs as `default`.
        serviceAccountName: defaults.helmServiceAccount,
        maxHistory: defaults.maxHistory,
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
        install: {
          crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE,
          disableWait: props.skipReadinessWait ? true : undefined,
          remediation: { retries: defaults.installRetries },
        },
        upgrade: {
          crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
          cleanupOnFail: true,
          disableWait: props.skipReadinessWait ? true : undefined,
          remediation: {
            retries: defaults.upgradeRetries,
            remediateLastFailure: true,
            strategy: HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK,
          },
        },
        driftDetection: {
          mode: HelmReleaseSpecDriftDetectionMode.ENABLED,
          ignore: [...defaults.driftIgnore, ...(props.driftIgnore ?? [])].map((rule) => ({ paths: [...rule.paths], target: { kind: rule.kind } })),
        },
        values: props.values ?? {},
      },
    });
  }
}
